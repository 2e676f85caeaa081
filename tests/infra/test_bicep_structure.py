"""What the Bicep compiler would check and tree-sitter does not: modules wired to what they declare,
azd parameters matching main.bicep, and the Flex Consumption rules for app settings."""

from __future__ import annotations

import json
import re

import pytest
from bicep_tools import (
    INFRA_DIR,
    MAIN_BICEP,
    declarations,
    declared_value,
    function_app_settings,
    object_properties,
    parse_file,
    resource_body,
    string_value,
    text,
    walk,
)

MAIN = parse_file(MAIN_BICEP)
MODULES = {
    name: (INFRA_DIR / (string_value(next(c for c in node.children if c.type == "string")) or ""), node)
    for name, node in declarations(MAIN, "module").items()
}


def _required_params(tree) -> set[str]:
    return {name for name, node in declarations(tree, "parameter").items() if declared_value(node) is None}


def test_main_targets_subscription_and_creates_resource_group() -> None:
    source = MAIN_BICEP.read_text(encoding="utf-8")
    assert re.search(r"^targetScope = 'subscription'$", source, re.MULTILINE)
    assert "'Microsoft.Resources/resourceGroups@" in source


def test_no_registry_modules() -> None:
    # br:/ts: references need a registry at compile time; raw resources keep `az bicep build` offline-safe.
    for name, (path, node) in MODULES.items():
        reference = string_value(next(c for c in node.children if c.type == "string")) or ""
        assert not reference.startswith(("br:", "br/", "ts:", "ts/")), f"module {name} uses registry module {reference}"
        assert path.is_file(), f"module {name}: {path} does not exist"


@pytest.mark.parametrize("module_name", sorted(MODULES))
def test_module_params_match_declarations(module_name: str) -> None:
    path, node = MODULES[module_name]
    module_tree = parse_file(path)
    declared = set(declarations(module_tree, "parameter"))
    # resource_body also unwraps a conditional module (`= if (flag) { ... }`).
    passed = set(object_properties(object_properties(resource_body(node)).get("params")))
    assert passed <= declared, f"{module_name} passes undeclared params {sorted(passed - declared)}"
    missing = _required_params(module_tree) - passed
    assert not missing, f"{module_name} lacks required params {sorted(missing)}"


def test_module_outputs_used_by_main_exist() -> None:
    for node in walk(MAIN.root_node):
        # <module>.outputs.<name>
        if node.type != "member_expression" or node.named_children[0].type != "member_expression":
            continue
        inner = node.named_children[0]
        module_name, middle = text(inner.named_children[0]), text(inner.named_children[-1])
        if middle != "outputs" or module_name not in MODULES:
            continue
        output = text(node.named_children[-1])
        outputs = declarations(parse_file(MODULES[module_name][0]), "output")
        assert output in outputs, f"main.bicep reads {module_name}.outputs.{output}, which the module does not declare"


def test_abbreviations_used_exist() -> None:
    abbreviations = json.loads((INFRA_DIR / "abbreviations.json").read_text(encoding="utf-8"))
    used = set(re.findall(r"\babbrs\.(\w+)", MAIN_BICEP.read_text(encoding="utf-8")))
    assert used, "main.bicep no longer uses abbreviations.json"
    assert used <= set(abbreviations), f"unknown abbreviations {sorted(used - set(abbreviations))}"


def test_parameters_file_matches_main_params() -> None:
    parameters = json.loads((INFRA_DIR / "main.parameters.json").read_text(encoding="utf-8"))["parameters"]
    declared = set(declarations(MAIN, "parameter"))
    assert set(parameters) <= declared, f"main.parameters.json sets unknown params {sorted(set(parameters) - declared)}"
    missing = _required_params(MAIN) - set(parameters)
    assert not missing, f"main.parameters.json does not supply required params {sorted(missing)}"
    # azd fills these from its environment
    assert parameters["environmentName"]["value"] == "${AZURE_ENV_NAME}"
    assert parameters["location"]["value"] == "${AZURE_LOCATION}"
    assert parameters["principalId"]["value"] == "${AZURE_PRINCIPAL_ID}"


# Flex Consumption takes the runtime and the package from functionAppConfig and rejects these settings;
# a plain AzureWebJobsStorage would be a key-based connection string, and keys are disabled.
FORBIDDEN_ON_FLEX = {
    "FUNCTIONS_WORKER_RUNTIME",
    "FUNCTIONS_EXTENSION_VERSION",
    "WEBSITE_RUN_FROM_PACKAGE",
    "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
    "WEBSITE_CONTENTSHARE",
    "SCM_DO_BUILD_DURING_DEPLOYMENT",
    "AzureWebJobsStorage",
}


def test_app_settings_follow_flex_rules() -> None:
    settings = function_app_settings()
    assert not FORBIDDEN_ON_FLEX & set(settings), f"not allowed on Flex: {sorted(FORBIDDEN_ON_FLEX & set(settings))}"
    assert string_value(settings["AzureWebJobsStorage__credential"]) == "managedidentity"
    assert {"AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri"} <= set(settings)
    assert string_value(settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]) == "Authorization=AAD"


def test_sql_connection_string_has_no_credentials() -> None:
    source = (INFRA_DIR / "modules" / "function-app.bicep").read_text(encoding="utf-8")
    match = re.search(r"var sqlConnectionString = '([^']*)'", source)
    assert match, "function-app.bicep no longer builds sqlConnectionString"
    value = match.group(1)
    assert value.startswith("Driver={ODBC Driver 18 for SQL Server};Server=tcp:")
    assert "Encrypt=yes;TrustServerCertificate=no" in value
    assert not re.search(r"(?i)\b(uid|pwd|password|user id|authentication)\s*=", value)


def test_function_app_is_flex_python_311_with_azd_tag() -> None:
    source = (INFRA_DIR / "modules" / "function-app.bicep").read_text(encoding="utf-8")
    for fragment in (
        "name: 'FC1'",
        "tier: 'FlexConsumption'",
        "'azd-service-name': 'api'",
        "type: 'SystemAssigned'",
        "type: 'SystemAssignedIdentity'",
        "name: 'python'",
        "version: '3.11'",
        "httpsOnly: true",
        "minTlsVersion: '1.2'",
        "ftpsState: 'Disabled'",
    ):
        assert fragment in source, f"function-app.bicep lacks {fragment}"
