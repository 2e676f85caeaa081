"""Issue 17, read from the Bicep: uploads are delivered with retries and a dead-letter container, evidence is
durable, and the production parameter file turns every protection on while the quickstart stays cheap."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bicep_tools import (
    INFRA_DIR,
    MAIN_BICEP,
    REPO_ROOT,
    declarations,
    declared_value,
    object_properties,
    parse_file,
    resource_body,
    resources_of_type,
    string_value,
    text,
)
from test_consistency import bicep_containers

MODULES = INFRA_DIR / "modules"
MAIN = parse_file(MAIN_BICEP)


def prop(node, dotted: str):
    """The value node at a dotted path of nested object literals (None when any step is missing)."""
    for key in dotted.split("."):
        node = object_properties(node).get(key)
        if node is None:
            return None
    return node


def only_resource(module: str, type_name: str):
    # `existing` references (such as the master database) are not deployed resources.
    resources = [r for r in resources_of_type(parse_file(MODULES / module), type_name) if "existing" not in {c.type for c in r.children}]
    assert len(resources) == 1, f"{module}: expected one {type_name}, found {len(resources)}"
    return resource_body(resources[0])


def default(name: str) -> str:
    declaration = declarations(MAIN, "parameter").get(name)
    assert declaration is not None, f"main.bicep has no parameter {name}"
    value = declared_value(declaration)
    assert value is not None, f"main.bicep parameter {name} has no default"
    return string_value(value) if value.type == "string" else text(value)


def module_params(module_name: str) -> dict[str, str]:
    body = resource_body(declarations(MAIN, "module")[module_name])  # unwraps `= if (...) { ... }`
    return {key: text(value) for key, value in object_properties(prop(body, "params")).items()}


# --- 1. delivery: the subscription, its retries and its dead-letter container ---


def test_subscription_is_in_bicep_with_webhook_to_the_blob_trigger() -> None:
    body = only_resource("upload-subscription.bicep", "Microsoft.EventGrid/systemTopics/eventSubscriptions")
    destination = prop(body, "properties.destination")
    assert string_value(prop(destination, "endpointType")) == "WebHook"
    url = text(prop(destination, "properties.endpointUrl"))
    assert "/runtime/webhooks/blobs?functionName=Host.Functions.${uploadFunctionName}" in url
    # The key is read at deployment time, so every deployment of the module uses the current key.
    assert "host.listKeys().systemKeys.blobs_extension" in url
    assert text(prop(body, "properties.filter.includedEventTypes")).count("'") == 2
    assert "'Microsoft.Storage.BlobCreated'" in text(prop(body, "properties.filter.includedEventTypes"))
    # The trailing slash keeps order-uploads-results and order-uploads-archive out.
    assert text(prop(body, "properties.filter.subjectBeginsWith")) == "'/blobServices/default/containers/${uploadContainerName}/'"


def test_subscription_retries_then_dead_letters_with_the_topics_identity() -> None:
    body = only_resource("upload-subscription.bicep", "Microsoft.EventGrid/systemTopics/eventSubscriptions")
    retry = prop(body, "properties.retryPolicy")
    assert text(prop(retry, "maxDeliveryAttempts")) == "maxDeliveryAttempts"
    assert text(prop(retry, "eventTimeToLiveInMinutes")) == "eventTimeToLiveMinutes"
    dead_letter = prop(body, "properties.deadLetterWithResourceIdentity")
    assert string_value(prop(dead_letter, "identity.type")) == "SystemAssigned"
    assert string_value(prop(dead_letter, "deadLetterDestination.endpointType")) == "StorageBlob"
    assert text(prop(dead_letter, "deadLetterDestination.properties.blobContainerName")) == "deadLetterContainerName"
    assert prop(body, "properties.deadLetterDestination") is None, "key-less dead-lettering only (shared keys are off)"
    source = (MODULES / "upload-subscription.bicep").read_text(encoding="utf-8")
    assert re.search(r"param maxDeliveryAttempts int = 30\b", source)
    assert re.search(r"param eventTimeToLiveMinutes int = 1440\b", source)


def test_main_wires_the_subscription_to_a_created_dead_letter_container() -> None:
    params = module_params("uploadSubscription")
    assert params["deadLetterContainerName"] == "deadLetterContainerName"
    assert params["uploadFunctionName"] == "uploadFunctionName"
    assert params["uploadContainerName"] == "uploadContainerName"
    dead_letter = string_value(declared_value(declarations(MAIN, "variable")["deadLetterContainerName"]))
    assert dead_letter in bicep_containers()
    # The subscription's own filter must not match the dead-letter container.
    assert not dead_letter.startswith("order-uploads/")
    assert "if (uploadSubscriptionEnabled)" in text(declarations(MAIN, "module")["uploadSubscription"])


def test_topic_identity_may_write_only_the_dead_letter_container() -> None:
    topic = only_resource("event-grid.bicep", "Microsoft.EventGrid/systemTopics")
    assert string_value(prop(topic, "identity.type")) == "SystemAssigned"
    assignment = only_resource("event-grid.bicep", "Microsoft.Authorization/roleAssignments")
    assert text(prop(assignment, "scope")) == "deadLetterContainer"
    assert text(prop(assignment, "properties.principalId")) == "systemTopic.identity.principalId"
    source = (MODULES / "event-grid.bicep").read_text(encoding="utf-8")
    assert "var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'" in source


def test_system_topic_sends_delivery_failures_to_log_analytics() -> None:
    settings = only_resource("event-grid.bicep", "Microsoft.Insights/diagnosticSettings")
    assert text(prop(settings, "scope")) == "systemTopic"
    assert "'DeliveryFailures'" in text(prop(settings, "properties.logs"))


def test_hook_deploys_the_module_with_exactly_its_parameters() -> None:
    script = (REPO_ROOT / "scripts" / "upload-subscription.sh").read_text(encoding="utf-8")
    assert "--template-file infra/modules/upload-subscription.bicep" in script
    passed = set(re.findall(r"\b([a-zA-Z]+)=\"\$", script.split("--parameters", 1)[1]))
    declared = set(declarations(parse_file(MODULES / "upload-subscription.bicep"), "parameter"))
    assert passed == declared, f"script passes {sorted(passed)}, module declares {sorted(declared)}"
    assert set(module_params("uploadSubscription")) == declared
    for script_name in ("postdeploy.sh", "upload-subscription.sh"):
        source = (REPO_ROOT / "scripts" / script_name).read_text(encoding="utf-8")
        assert "event-subscription create" not in source and "event-subscription update" not in source


# --- 2. durability ---


def test_storage_is_zone_redundant_by_default_with_versioning_soft_delete_and_change_feed() -> None:
    assert default("storageSku") == "Standard_ZRS"
    assert module_params("storage")["skuName"] == "storageSku"
    blob_service = only_resource("storage.bicep", "Microsoft.Storage/storageAccounts/blobServices")
    assert text(prop(blob_service, "properties.isVersioningEnabled")) == "true"
    assert text(prop(blob_service, "properties.changeFeed.enabled")) == "true"
    assert text(prop(blob_service, "properties.deleteRetentionPolicy.enabled")) == "true"
    assert text(prop(blob_service, "properties.containerDeleteRetentionPolicy.enabled")) == "true"
    assert int(default("blobSoftDeleteDays")) >= 30 and int(default("containerSoftDeleteDays")) >= 30


def test_only_rebuildable_caches_lose_old_versions() -> None:
    caches = [string_value(item) for item in declared_value(declarations(MAIN, "variable")["cacheContainerNames"]).named_children]
    assert set(caches) == {"certificate-packs", "exports"}, "certificates, uploads and reports keep every version"


def test_sql_backups_are_geo_redundant_with_long_term_retention_parameters() -> None:
    assert default("sqlBackupStorageRedundancy") in {"Geo", "GeoZone", "Zone"}
    database = only_resource("sql.bicep", "Microsoft.Sql/servers/databases")
    assert text(prop(database, "properties.requestedBackupStorageRedundancy")) == "backupStorageRedundancy"
    assert text(prop(database, "properties.zoneRedundant")) == "zoneRedundant"
    ltr = only_resource("sql.bicep", "Microsoft.Sql/servers/databases/backupLongTermRetentionPolicies")
    for key in ("weeklyRetention", "monthlyRetention", "yearlyRetention", "weekOfYear"):
        assert prop(ltr, f"properties.{key}") is not None, key
    params = module_params("sql")
    assert params["ltrYearlyRetention"] == "sqlLtrYearlyRetention"
    assert params["backupStorageRedundancy"] == "sqlBackupStorageRedundancy"


# --- 4 and 5. the production file turns everything on; the quickstart stays cheap ---

PRODUCTION = INFRA_DIR / "main.production.parameters.json"


def _parameters(path: Path) -> dict[str, object]:
    return {name: entry["value"] for name, entry in json.loads(path.read_text(encoding="utf-8"))["parameters"].items()}


def test_production_file_sets_only_declared_parameters_and_keeps_azd_values() -> None:
    production, quickstart = _parameters(PRODUCTION), _parameters(INFRA_DIR / "main.parameters.json")
    assert set(production) <= set(declarations(MAIN, "parameter"))
    assert {name: value for name, value in production.items() if name in quickstart} == quickstart


@pytest.mark.parametrize(
    ("name", "production_ok", "quickstart_default"),
    [
        ("privateNetworking", lambda v: v is True, "false"),
        ("sqlDefenderEnabled", lambda v: v is True, "false"),
        ("storageDefenderEnabled", lambda v: v is True, "false"),
        ("sqlAuditStatements", lambda v: v is True, "false"),
        ("alwaysReadyInstances", lambda v: isinstance(v, int) and v >= 1, "0"),
        ("planZoneRedundant", lambda v: v is True, "false"),
        ("sqlZoneRedundant", lambda v: v is True, "false"),
        ("http2Enabled", lambda v: v is True, "true"),
        ("storageSku", lambda v: v in {"Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS"}, "Standard_ZRS"),
        ("sqlBackupStorageRedundancy", lambda v: v in {"GeoZone", "Geo"}, "Geo"),
        ("sqlBackupRetentionDays", lambda v: v == 35, "7"),
        ("sqlLtrYearlyRetention", lambda v: v not in {"PT0S", ""}, "PT0S"),
        ("sqlLtrMonthlyRetention", lambda v: v not in {"PT0S", ""}, "PT0S"),
        ("blobSoftDeleteDays", lambda v: isinstance(v, int) and v >= 365, "30"),
        ("logRetentionDays", lambda v: isinstance(v, int) and v >= 365, "30"),
    ],
)
def test_production_turns_on_what_the_quickstart_leaves_cheap(name: str, production_ok, quickstart_default: str) -> None:
    assert default(name) == quickstart_default
    value = _parameters(PRODUCTION).get(name)
    assert production_ok(value), f"main.production.parameters.json sets {name} to {value!r}"


def test_flex_plan_has_always_ready_http2_and_zone_redundancy_parameters() -> None:
    site = only_resource("function-app.bicep", "Microsoft.Web/sites")
    always_ready = text(prop(site, "properties.functionAppConfig.scaleAndConcurrency.alwaysReady"))
    assert "name: 'http'" in always_ready and "instanceCount: alwaysReadyInstances" in always_ready
    assert text(prop(site, "properties.siteConfig.http20Enabled")) == "http20Enabled"
    plan = only_resource("function-app.bicep", "Microsoft.Web/serverfarms")
    assert text(prop(plan, "properties.zoneRedundant")) == "zoneRedundant"
    params = module_params("functionApp")
    assert (params["alwaysReadyInstances"], params["http20Enabled"], params["zoneRedundant"]) == (
        "alwaysReadyInstances", "http2Enabled", "planZoneRedundant")


def _constraints(name: str) -> tuple[list[str] | None, int | None, int | None]:
    """@allowed values and @minValue/@maxValue of a main.bicep parameter (read from its decorators)."""
    declaration = declarations(MAIN, "parameter")[name]
    previous = declaration.prev_named_sibling
    decorators = text(previous) if previous is not None and previous.type == "decorators" else ""
    allowed = re.search(r"@allowed\(\[(.*?)\]\)", decorators, re.DOTALL)
    low, high = re.search(r"@minValue\((-?\d+)\)", decorators), re.search(r"@maxValue\((-?\d+)\)", decorators)
    values = re.findall(r"'([^']*)'|(\d+)", allowed.group(1)) if allowed else None
    return ([a or b for a, b in values] if values is not None else None,
            int(low.group(1)) if low else None, int(high.group(1)) if high else None)


@pytest.mark.parametrize("path", [PRODUCTION, INFRA_DIR / "main.parameters.json"], ids=lambda path: path.name)
def test_parameter_file_values_meet_the_bicep_constraints(path: Path) -> None:
    # The compiler does not read parameter files; ARM would reject these values only at deployment.
    for name, value in _parameters(path).items():
        if isinstance(value, str) and value.startswith("${"):
            continue  # filled in by azd from its environment
        allowed, low, high = _constraints(name)
        if allowed is not None:
            assert str(value) in allowed, f"{path.name}: {name}={value!r} is not one of {allowed}"
        if isinstance(value, int) and not isinstance(value, bool):
            assert (low is None or value >= low) and (high is None or value <= high), f"{path.name}: {name}={value} out of range"


def test_constraint_reader_sees_the_decorators() -> None:
    assert _constraints("storageSku")[0] == ["Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_RAGRS",
                                             "Standard_GZRS", "Standard_RAGZRS"]
    assert _constraints("sqlBackupRetentionDays")[1:] == (1, 35)
    assert _constraints("sqlMaxVCores")[0] == ["1", "2", "4"]
