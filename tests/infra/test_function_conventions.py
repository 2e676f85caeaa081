"""The function app as the Functions host will see it: host.json, local settings, .funcignore and
exactly the functions and routes of DESIGN §3 (the contract)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from app_index import indexed_functions
from bicep_tools import REPO_ROOT

COMPANY = "companies/{companyId:guid}"
ORDER = f"{COMPANY}/orders/{{orderId:guid}}"
LINE_ITEM = f"{ORDER}/line-items/{{lineItemId:guid}}"

# DESIGN §3, rows 1-20 except the blob trigger (17): function name -> (method, route without /api).
EXPECTED_HTTP = {
    "list_orders": ("GET", f"{COMPANY}/orders"),
    "update_orders": ("PUT", f"{COMPANY}/orders"),
    "create_orders": ("POST", f"{COMPANY}/orders"),
    "delete_orders": ("DELETE", f"{COMPANY}/orders"),
    "download_orders_csv": ("GET", f"{COMPANY}/orders/export/csv"),
    "download_orders_zip": ("GET", f"{COMPANY}/orders/export/zip"),
    "download_orders_xlsx": ("GET", f"{COMPANY}/orders/export/xlsx"),  # issue 18
    "get_certificate_pack": ("GET", f"{ORDER}/certificate-pack"),
    "get_order": ("GET", ORDER),
    "get_order_details": ("GET", f"{ORDER}/details"),
    "get_order_history": ("GET", f"{ORDER}/history"),
    "list_deleted_orders": ("GET", f"{COMPANY}/orders/deleted"),
    "reserve_inventory": ("POST", f"{LINE_ITEM}/reservations"),
    "restore_orders": ("POST", f"{COMPANY}/orders/restore"),
    "unreserve_inventory": ("DELETE", f"{LINE_ITEM}/reservations/{{inventoryId:guid}}"),
    "upload_orders": ("POST", f"{COMPANY}/orders/upload"),
    "get_upload_templates": ("GET", f"{COMPANY}/orders/upload/templates"),
    "get_openapi": ("GET", "openapi.json"),
    "health": ("GET", "health"),
    "get_docs": ("GET", "docs"),
    # DESIGN §11 (issue 15): stock, certificates, customers, traceability.
    "list_inventory": ("GET", f"{COMPANY}/inventory"),
    "get_inventory": ("GET", f"{COMPANY}/inventory/{{inventoryId:guid}}"),
    "list_organisations": ("GET", f"{COMPANY}/organisations"),
    "create_organisations": ("POST", f"{COMPANY}/organisations"),
    "update_organisation": ("PUT", f"{COMPANY}/organisations/{{relatedOrganisationId:guid}}"),
    "create_inventory": ("POST", f"{COMPANY}/inventory"),
    "update_inventory": ("PUT", f"{COMPANY}/inventory/{{inventoryId:guid}}"),
    "delete_inventory": ("DELETE", f"{COMPANY}/inventory"),
    "restore_inventory": ("POST", f"{COMPANY}/inventory/restore"),
    "get_inventory_history": ("GET", f"{COMPANY}/inventory/{{inventoryId:guid}}/history"),
    "upload_inventory": ("POST", f"{COMPANY}/inventory/upload"),
    "list_certificates": ("GET", f"{COMPANY}/certificates"),
    "upload_certificate": ("POST", f"{COMPANY}/certificates"),
    "get_certificate": ("GET", f"{COMPANY}/certificates/{{certificateId:guid}}"),
    "update_certificate": ("PUT", f"{COMPANY}/certificates/{{certificateId:guid}}"),
    "download_certificate": ("GET", f"{COMPANY}/certificates/{{certificateId:guid}}/content"),
    "trace_heat": ("GET", f"{COMPANY}/traceability/heats/{{heatNumber}}"),
    "trace_order": ("GET", f"{ORDER}/traceability"),
    # DESIGN §11 (second round).
    "update_company_profile": ("PUT", f"{COMPANY}/profile"),
}
# DESIGN §3 row 17.
EXPECTED_BLOB = {"process_order_upload": "order-uploads/{companyId}/{name}"}
# Issue 17: the safety net under the blob trigger (an addition to the contract's functions, no route).
EXPECTED_TIMER = {"reconcile_order_uploads": "0 */5 * * * *"}


def _read_json(name: str) -> dict:
    path = REPO_ROOT / name
    assert path.is_file(), f"{name} is missing"
    return json.loads(path.read_text(encoding="utf-8"))


def _functions() -> dict[str, Any]:
    return indexed_functions()


def _methods(trigger) -> set[str]:
    return {str(getattr(method, "value", method)).upper() for method in (trigger.methods or [])}


# --- host.json and local settings ---


def test_host_json_bundle_and_route_prefix() -> None:
    host = _read_json("host.json")
    assert host.get("version") == "2.0"
    bundle = host.get("extensionBundle", {})
    assert bundle.get("id") == "Microsoft.Azure.Functions.ExtensionBundle"
    # Flex needs bundle 4.x or later for the Event Grid blob trigger.
    assert bundle.get("version") == "[4.*, 5.0.0)"
    # routePrefix belongs under extensions.http; a top-level "http" key is silently ignored.
    assert host.get("extensions", {}).get("http", {}).get("routePrefix") == "api"


def test_local_settings_example_runs_python_worker() -> None:
    values = _read_json("local.settings.example.json").get("Values", {})
    assert values.get("FUNCTIONS_WORKER_RUNTIME") == "python"


def test_local_settings_example_defines_trigger_connection() -> None:
    # `func start` refuses to start a blob trigger whose connection setting does not exist.
    values = _read_json("local.settings.example.json").get("Values", {})
    for trigger in _functions().values():
        if trigger.get_binding_name() == "blobTrigger":
            connection = trigger.connection
            assert connection in values or f"{connection}__blobServiceUri" in values, connection
    assert "AzureWebJobsStorage" in values or "AzureWebJobsStorage__blobServiceUri" in values


@pytest.mark.parametrize("entry", [".venv", ".data", "devhost", "tests", "infra", "local.settings.json"])
def test_funcignore_keeps_local_things_out_of_the_package(entry: str) -> None:
    path = REPO_ROOT / ".funcignore"
    assert path.is_file(), ".funcignore is missing: azd would upload the whole repository"
    lines = {line.strip().strip("/") for line in path.read_text(encoding="utf-8").splitlines()}
    assert entry in lines, f".funcignore does not exclude {entry}"


# --- functions and routes ---


def test_function_names_are_exactly_the_contract() -> None:
    names = set(_functions())
    expected = set(EXPECTED_HTTP) | set(EXPECTED_BLOB) | set(EXPECTED_TIMER)
    assert names == expected, f"missing {sorted(expected - names)}, unexpected {sorted(names - expected)}"


@pytest.mark.parametrize("name", sorted(EXPECTED_HTTP))
def test_http_function_method_and_route(name: str) -> None:
    functions = _functions()
    assert name in functions, f"function {name} is not registered"
    trigger = functions[name]
    assert trigger.get_binding_name() == "httpTrigger", f"{name} is not an HTTP function"
    method, route = EXPECTED_HTTP[name]
    assert trigger.route == route
    assert _methods(trigger) == {method}


def test_http_functions_need_no_function_key() -> None:
    # Auth is our Bearer API key (DESIGN §7), checked in the app. A host auth level other than anonymous
    # would make Azure demand a function key on top, which devhost does not; every client call would get 401.
    for name, trigger in _functions().items():
        if trigger.get_binding_name() == "httpTrigger":
            level = str(getattr(trigger.auth_level, "value", trigger.auth_level)).lower()
            assert level == "anonymous", f"{name} has auth level {level}"


def test_blob_trigger_function() -> None:
    functions = _functions()
    for name, path in EXPECTED_BLOB.items():
        assert name in functions, f"function {name} is not registered"
        trigger = functions[name]
        assert trigger.get_binding_name() == "blobTrigger"
        assert trigger.path == path


def test_timer_function_schedule() -> None:
    functions = _functions()
    for name, schedule in EXPECTED_TIMER.items():
        trigger = functions[name]
        assert trigger.get_binding_name() == "timerTrigger"
        assert trigger.schedule == schedule
        assert not trigger.run_on_startup, "run_on_startup would run it on every scale-out and cold start"
