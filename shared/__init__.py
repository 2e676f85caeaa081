"""Common code of the Orders API function app: configuration, HTTP glue, data access and services."""
