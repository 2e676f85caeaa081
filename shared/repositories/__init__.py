"""Repositories: named, parameterised SQL over a ``Transaction``. They never commit and know nothing of HTTP.

Every statement filters by ``CompanyId``.
"""
