"""Pydantic schemas: what the API accepts (``*Create``, ``*Update``) and returns (public shapes)."""
