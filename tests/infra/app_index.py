"""The functions of `function_app.app`, indexed the way the Functions host does it.

`FunctionApp.get_functions()` records every name it returns in `app.functions_bindings` and raises
"does not have a unique function name" when called a second time on the same app (azure-functions
1.26). The host calls it once per process; tests run in one process with devhost, which calls it too.
So index with a clean record and put the previous one back, leaving the app as it was found.
"""

from __future__ import annotations

from typing import Any


def indexed_functions() -> dict[str, Any]:
    """Function name -> trigger binding (also validates unique names and one trigger per function)."""
    import function_app

    app = function_app.app
    previous = app.functions_bindings
    app.functions_bindings = None
    try:
        return {str(fn.get_function_name()): fn.get_trigger() for fn in app.get_functions()}
    finally:
        app.functions_bindings = previous
