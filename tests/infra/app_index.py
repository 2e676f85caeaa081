"""The functions of `function_app.app`, indexed the way the Functions host does it.

`FunctionApp.get_functions()` records every name it returns in `app.functions_bindings` and raises
"does not have a unique function name" when called a second time on the same app (azure-functions
1.26). The host calls it once; tests (and devhost) may call it more often, so reset that record first.
"""

from __future__ import annotations

from typing import Any


def indexed_functions() -> dict[str, Any]:
    """Function name -> trigger binding (also validates unique names and one trigger per function)."""
    import function_app

    app = function_app.app
    app.functions_bindings = None
    return {fn.get_function_name(): fn.get_trigger() for fn in app.get_functions()}
