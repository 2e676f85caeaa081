"""Reading the function app's functions the way the host indexes them."""

from __future__ import annotations

import azure.functions as func
from azure.functions.decorators.core import Trigger
from azure.functions.decorators.function_app import Function


def functions_of(app: func.FunctionApp) -> list[Function]:
    """The app's functions. ``get_functions`` remembers names to reject duplicates, so a second call (the host's,
    or another test's) would fail; forgetting them afterwards keeps it callable any number of times."""
    functions = app.get_functions()
    app.functions_bindings = {}
    return functions


def http_routes(app: func.FunctionApp) -> list[tuple[str, list[str], str]]:
    """(function name, methods, route) of every HTTP-triggered function."""
    routes = []
    for function in functions_of(app):
        trigger: Trigger | None = function.get_trigger()
        if trigger is not None and trigger.get_binding_name() == "httpTrigger":
            name = str(function.get_function_name())
            methods = [str(getattr(method, "value", method)).upper() for method in (getattr(trigger, "methods", None) or [])]
            routes.append((name, methods, str(getattr(trigger, "route", None) or name)))
    return routes
