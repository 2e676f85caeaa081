"""Issue 17, read from the Bicep: SQL auditing and Defender, scm basic auth off, the alerts (matched against the log
lines the code writes), and the private option: VNet integration, private endpoints, public access off."""

from __future__ import annotations

import re

from bicep_tools import (
    INFRA_DIR,
    MAIN_BICEP,
    REPO_ROOT,
    declarations,
    parse_file,
    resource_body,
    resources_of_type,
    string_value,
    text,
    variable_string,
)
from test_delivery_and_durability import default, module_params, only_resource, prop

MODULES = INFRA_DIR / "modules"


def condition(module: str, type_name: str) -> str:
    """The `if (...)` of a conditional resource ('' when it is always deployed)."""
    [resource] = [r for r in resources_of_type(parse_file(MODULES / module), type_name) if "existing" not in {c.type for c in r.children}]
    match = re.search(r"=\s*if\s*\(([^)]*)\)", text(resource))
    return match.group(1).strip() if match else ""


# --- 3. audited and defended ---


def test_sql_auditing_goes_to_log_analytics() -> None:
    auditing = only_resource("sql.bicep", "Microsoft.Sql/servers/auditingSettings")
    assert string_value(prop(auditing, "properties.state")) == "Enabled"
    assert text(prop(auditing, "properties.isAzureMonitorTargetEnabled")) == "true"
    assert condition("sql.bicep", "Microsoft.Sql/servers/auditingSettings") == "", "auditing is always on"
    [audit_sink] = [r for r in resources_of_type(parse_file(MODULES / "sql.bicep"), "Microsoft.Insights/diagnosticSettings")
                    if "SQLSecurityAuditEvents" in text(r)]
    assert "scope: master" in text(audit_sink) and "workspaceId: logAnalyticsWorkspaceId" in text(audit_sink)


def test_defender_for_sql_and_storage_are_parameters() -> None:
    for type_name in ("Microsoft.Sql/servers/advancedThreatProtectionSettings", "Microsoft.Sql/servers/securityAlertPolicies"):
        assert condition("sql.bicep", type_name) == "defenderEnabled"
    policy = only_resource("sql.bicep", "Microsoft.Sql/servers/securityAlertPolicies")
    assert text(prop(policy, "properties.disabledAlerts")) == "[]"
    assert condition("storage.bicep", "Microsoft.Security/defenderForStorageSettings") == "defenderEnabled"
    defender = only_resource("storage.bicep", "Microsoft.Security/defenderForStorageSettings")
    assert text(prop(defender, "properties.malwareScanning.onUpload.isEnabled")) == "true"
    assert module_params("sql")["defenderEnabled"] == "sqlDefenderEnabled"
    assert module_params("storage")["defenderEnabled"] == "storageDefenderEnabled"


def test_scm_and_ftp_basic_auth_are_off() -> None:
    kind = "Microsoft.Web/sites/basicPublishingCredentialsPolicies"
    bodies = [resource_body(r) for r in resources_of_type(parse_file(MODULES / "function-app.bicep"), kind)]
    policies = {string_value(prop(body, "name")): text(prop(body, "properties.allow")) for body in bodies}
    assert policies == {"scm": "false", "ftp": "false"}


def test_alerts_cover_server_errors_dead_letters_and_rejected_uploads() -> None:
    source = (MODULES / "alerts.bicep").read_text(encoding="utf-8")
    metric = only_resource("alerts.bicep", "Microsoft.Insights/metricAlerts")
    assert text(prop(metric, "properties.scopes")).strip("[] \n") == "systemTopicId"
    assert "metricName: 'DeadLetteredCount'" in text(metric)
    assert "toint(resultCode) >= 500" in source and "threshold: http5xxPercentThreshold" in source
    assert 'message endswith ": rejected"' in source
    assert module_params("alerts")["systemTopicId"] == "eventGrid.outputs.id"


def test_alert_log_prefixes_are_what_the_code_logs() -> None:
    # The log alerts match text; a reworded log line would silence them without any error.
    main = parse_file(MAIN_BICEP)
    rejected, reconciled = variable_string(main, "rejectedUploadLogPrefix"), variable_string(main, "reconciledUploadLogPrefix")
    blob_import = (REPO_ROOT / "shared" / "bulk" / "blob_uploads" / "blob_import.py").read_text(encoding="utf-8")
    assert f'log.info("{rejected}%s: %s", dropped.blob_name, report["outcome"])' in blob_import
    from shared.bulk.blob_uploads.upload_reconcile import RECONCILED_LOG_PREFIX

    assert reconciled == RECONCILED_LOG_PREFIX


# --- 4. the private option ---


def test_private_networking_turns_public_access_off() -> None:
    assert default("privateNetworking") == "false"
    server = only_resource("sql.bicep", "Microsoft.Sql/servers")
    assert text(prop(server, "properties.publicNetworkAccess")) == "privateNetworking ? 'Disabled' : 'Enabled'"
    assert condition("sql.bicep", "Microsoft.Sql/servers/firewallRules") == "!privateNetworking"
    storage = only_resource("storage.bicep", "Microsoft.Storage/storageAccounts")
    assert text(prop(storage, "properties.networkAcls.defaultAction")) == "privateNetworking ? 'Deny' : 'Allow'"
    assert string_value(prop(storage, "properties.networkAcls.bypass")) == "AzureServices"
    assert text(prop(storage, "properties.allowSharedKeyAccess")) == "false"


def test_private_endpoints_for_blob_queue_and_sql_with_dns_and_vnet_integration() -> None:
    source = (MODULES / "private-network.bicep").read_text(encoding="utf-8")
    for group, zone in (("blob", "privatelink.blob."), ("queue", "privatelink.queue."), ("sqlServer", "privatelink${")):
        assert f"name: '{group}'" in source and zone in source, group
    assert "serviceName: 'Microsoft.App/environments'" in source
    assert "if (privateNetworking)" in text(declared_module("privateNetwork"))
    site = only_resource("function-app.bicep", "Microsoft.Web/sites")
    assert text(prop(site, "properties.virtualNetworkSubnetId")) == "empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId"
    assert module_params("functionApp")["virtualNetworkSubnetId"] == "privateNetworking ? privateNetwork.outputs.appSubnetId : ''"
    for name in ("sql", "storage"):
        assert module_params(name)["privateNetworking"] == "privateNetworking"


def declared_module(name: str):
    return declarations(parse_file(MAIN_BICEP), "module")[name]
