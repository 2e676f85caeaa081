"""The Azure Functions app: one Blueprint per module of ``functions/``, registered in name order.

Our own API keys protect the routes (see ``shared.http.endpoint``), so the host's function keys are off.
"""

import importlib
import pkgutil

import azure.functions as func

import functions

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

for _module in sorted(pkgutil.iter_modules(functions.__path__), key=lambda module: module.name):
    app.register_functions(importlib.import_module(f"functions.{_module.name}").bp)
