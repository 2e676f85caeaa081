"""One module per endpoint; each holds one Blueprint and one thin handler.

Cold start: ``import function_app`` imports every module here, so at the top a module imports only
``azure.functions``, ``typing`` and ``shared.http`` (what the decorators and the signature need). The service,
schemas and parsers a handler calls are imported inside it, on its first request (then they are cached in
``sys.modules``). tests/unit/test_cold_start_imports.py keeps it so.
"""
