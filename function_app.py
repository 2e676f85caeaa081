"""The Azure Functions app: one Blueprint per module of ``functions/``, registered in name order.

Our own API keys protect the routes (see ``shared.http.endpoint``), so the host's function keys are off.
"""

import gc
import importlib
import pkgutil

import azure.functions as func

import functions

# Python's cyclic garbage collector runs by default every 700 container allocations, and each time the older
# generations fill it walks everything they hold: a 100,000-line upload's rows were walked over and over, 0.36-0.42 s
# of its ~5 s of CPU. Every 10,000 allocations (older generations every 100,000 and 1,000,000) that is 0.19 s, and
# cycles a request leaves behind are still collected within about a million allocations.
GC_THRESHOLD = (10_000, 10, 10)
gc.set_threshold(*GC_THRESHOLD)

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

for _module in sorted(pkgutil.iter_modules(functions.__path__), key=lambda module: module.name):
    app.register_functions(importlib.import_module(f"functions.{_module.name}").bp)
