"""Local host for development: serves the function app's HTTP functions on the Functions host's routes.

Not deployed (see .funcignore). It discovers functions from ``function_app.app``; a new endpoint needs no change here.
"""
