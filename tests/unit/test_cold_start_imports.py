"""Cold start: ``import function_app`` loads the decorators and the HTTP glue, and defers the rest to the first
request that needs it (DESIGN §2, issue 19): no SDKs, no renderers, no schemas, no services, no bulk code."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import azure.functions as func

from tests.infra.app_index import indexed_functions

ROOT = Path(__file__).resolve().parents[2]

# Never at cold start: drivers, SDKs and renderers (only some requests need them, and they are slow to import).
HEAVY = ("pyodbc", "azure.storage", "azure.identity", "weasyprint", "pypdf", "openpyxl", "PIL", "jinja2", "fontTools")
# Deferred to the first request of their kind: schemas (pydantic), services, repositories, bulk CSV/ZIP code,
# the pack renderer, the OpenAPI builder and the docs page.
DEFERRED = (
    "pydantic", "shared.models", "shared.services", "shared.repositories", "shared.bulk", "shared.certificate_pack",
    "shared.openapi", "shared.docs", "shared.demo.certificates", "zipfile", "csv",
)


def _loaded_by(code: str) -> list[str]:
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def _matching(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return [name for name in modules if any(name == prefix or name.startswith(f"{prefix}.") for prefix in prefixes)]


def test_importing_function_app_loads_no_sdk_driver_or_renderer() -> None:
    assert _matching(_loaded_by("import function_app"), HEAVY) == []


def test_importing_function_app_defers_schemas_services_bulk_pack_and_openapi_code() -> None:
    assert _matching(_loaded_by("import function_app"), DEFERRED) == []


def test_the_probe_sees_what_a_first_request_loads() -> None:
    """The probe is not blind: the modules the handlers import on their first request do show up."""
    loaded = _loaded_by("import function_app\nimport shared.services.order_queries, shared.bulk.import_service")
    assert {"pydantic", "shared.services.order_queries", "shared.bulk.import_service"} <= set(loaded)


def test_the_host_still_indexes_every_function_with_its_binding_signature() -> None:
    functions = indexed_functions()
    names = {"list_orders", "get_order_history", "get_certificate_pack", "get_openapi", "upload_orders", "process_order_upload"}
    assert names <= set(functions)
    import function_app
    from devhost.discovery import functions_of

    for function in functions_of(function_app.app):
        handler = function.get_user_function()
        parameters = list(inspect.signature(handler).parameters.values())
        trigger = function.get_trigger()
        assert trigger is not None
        assert [parameter.name for parameter in parameters] == [trigger.name], function.get_function_name()
        if trigger.get_binding_name() == "httpTrigger":  # the endpoint wrapper presents the host's request type
            assert parameters[0].annotation in (func.HttpRequest, "func.HttpRequest"), function.get_function_name()


def test_the_blob_trigger_path_spells_the_uploads_container() -> None:
    from shared.bulk.blob_uploads.blob_import import UPLOADS_CONTAINER

    assert str(indexed_functions()["process_order_upload"].path) == f"{UPLOADS_CONTAINER}/{{companyId}}/{{name}}"
