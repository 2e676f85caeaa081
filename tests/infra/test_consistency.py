"""The Bicep provides what the production code needs: every environment variable it reads, every blob
container it names, and the blob trigger's container, connection and source.

The facts about the code are read from the code at test time (it grows while the infra is written):
environment variables from the production modules, containers from `*_CONTAINER = "..."` constants in
shared/, the trigger from `function_app.app.get_functions()`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from app_index import indexed_functions
from bicep_tools import (
    MAIN_BICEP,
    REPO_ROOT,
    declarations,
    declared_value,
    function_app_settings,
    parse_file,
    string_items,
    string_value,
    variable_string,
)

# Read by the code but deliberately not set in Azure. Each entry says why; a name the code stops
# reading must leave this list too (test_local_only_allow_list_is_current).
LOCAL_ONLY_ENV_VARS = {
    "SQLITE_PATH": "embedded SQLite database, used only when SQL_CONNECTION_STRING is unset (local runs, tests)",
    "BLOB_LOCAL_ROOT": "local-folder blob store, used only when no blob account is configured",
    "BLOB_CONNECTION_STRING": "key-based blob connection (Azurite); the Azure account has shared keys disabled "
    "and the app uses BLOB_ACCOUNT_URL with its managed identity",
    "AZURE_CLIENT_ID": "client id of a user-assigned identity; the app uses its system-assigned identity, and "
    "setting it would make shared/db/sqlserver.py ask for a user-assigned one",
}

# Set by the Azure Functions platform on every app, so never in Bicep.
PLATFORM_PROVIDED_ENV_VARS = {
    "WEBSITE_HOSTNAME",
    "WEBSITE_SITE_NAME",
    "WEBSITE_INSTANCE_ID",
    "FUNCTIONS_WORKER_RUNTIME",
    "FUNCTIONS_EXTENSION_VERSION",
}

# Where production code lives (devhost, bench and tests are not deployed).
PRODUCTION_SOURCES = ["function_app.py", "shared/**/*.py", "functions/**/*.py"]

# env.get("X"), environ.get("X"), environ["X"], getenv("X"), and helpers called as f(env, "X", ...).
ENV_READ_PATTERNS = [
    re.compile(r"""\b(?:env|environ)\.get\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
    re.compile(r"""\benviron\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""),
    re.compile(r"""\bgetenv\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
    re.compile(r"""\(\s*(?:env|environ|os\.environ)\s*,\s*["']([A-Z][A-Z0-9_]*)["']"""),
]


def _production_files() -> list[Path]:
    return sorted({path for pattern in PRODUCTION_SOURCES for path in REPO_ROOT.glob(pattern)})


def env_vars_read_by_code() -> dict[str, str]:
    """Environment variable name -> first file (relative) that reads it."""
    found: dict[str, str] = {}
    for path in _production_files():
        source = path.read_text(encoding="utf-8")
        for pattern in ENV_READ_PATTERNS:
            for name in pattern.findall(source):
                found.setdefault(name, path.relative_to(REPO_ROOT).as_posix())
    return found


def containers_named_by_code() -> dict[str, str]:
    """Container name -> `file: CONSTANT` for every `..._CONTAINER = "name"` in shared/."""
    found: dict[str, str] = {}
    for path in sorted((REPO_ROOT / "shared").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                continue
            for target in targets:
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
                if name.upper().endswith("CONTAINER"):
                    found.setdefault(value.value, f"{path.relative_to(REPO_ROOT).as_posix()}: {name}")
    return found


def bicep_containers() -> list[str]:
    main = parse_file(MAIN_BICEP)
    variables = declarations(main, "variable")
    items = string_items(declared_value(variables["appBlobContainers"]), variables)
    assert None not in items, "appBlobContainers must hold string literals or string variables"
    return [item for item in items if item is not None]


def blob_trigger() -> tuple[str, Any]:
    triggers = [(name, trigger) for name, trigger in indexed_functions().items() if trigger.get_binding_name() == "blobTrigger"]
    assert len(triggers) == 1, f"expected exactly one blob trigger, found {[name for name, _ in triggers]}"
    return triggers[0]


# --- environment variables ---


def test_code_reading_is_detected() -> None:
    # Guards the extraction itself: DESIGN §8 names these, so finding none means the patterns broke.
    found = env_vars_read_by_code()
    assert {"SQL_CONNECTION_STRING", "BLOB_ACCOUNT_URL", "MAX_UPLOAD_BYTES"} <= set(found), found


def test_every_env_var_the_code_reads_is_set_in_bicep() -> None:
    settings = set(function_app_settings())
    exempt = set(LOCAL_ONLY_ENV_VARS) | PLATFORM_PROVIDED_ENV_VARS
    missing = {name: where for name, where in env_vars_read_by_code().items() if name not in settings | exempt}
    assert not missing, (
        "environment variables read by the code but not set in infra/modules/function-app.bicep "
        f"(add them to the appsettings, or to LOCAL_ONLY_ENV_VARS with a reason): {missing}"
    )


def test_local_only_env_vars_are_not_set_in_azure() -> None:
    leaked = set(LOCAL_ONLY_ENV_VARS) & set(function_app_settings())
    assert not leaked, f"local-only settings must not be set in Azure: {sorted(leaked)}"


def test_local_only_allow_list_is_current() -> None:
    stale = set(LOCAL_ONLY_ENV_VARS) - set(env_vars_read_by_code())
    assert not stale, f"no production code reads {sorted(stale)} any more; drop them from LOCAL_ONLY_ENV_VARS"


# --- blob containers ---


def test_containers_named_by_code_are_found() -> None:
    assert containers_named_by_code(), 'no `*_CONTAINER = "..."` string constants found under shared/; without them this check is empty'


def test_every_container_the_code_names_is_created() -> None:
    created = set(bicep_containers())
    missing = {name: where for name, where in containers_named_by_code().items() if name not in created}
    assert not missing, f"containers named in shared/ but missing from appBlobContainers in infra/main.bicep: {missing}"


def test_bicep_container_names_are_valid() -> None:
    # Azure: 3-63 chars, lowercase letters, digits and single hyphens, starting and ending alphanumeric.
    for name in bicep_containers():
        assert re.fullmatch(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}", name), name


# --- blob trigger ---


def test_blob_trigger_container_is_created_and_wired() -> None:
    name, trigger = blob_trigger()
    container = trigger.path.split("/", 1)[0]
    main = parse_file(MAIN_BICEP)
    assert container in bicep_containers()
    # The postdeploy hook subscribes exactly this function to exactly this container.
    assert variable_string(main, "uploadContainerName") == container
    assert variable_string(main, "uploadFunctionName") == name


def test_blob_trigger_connection_is_identity_based_with_queue() -> None:
    _, trigger = blob_trigger()
    settings = function_app_settings()
    prefix = trigger.connection
    for suffix in ("blobServiceUri", "queueServiceUri", "credential"):
        assert f"{prefix}__{suffix}" in settings, f"app setting {prefix}__{suffix} missing; have {sorted(settings)}"
    assert string_value(settings[f"{prefix}__credential"]) == "managedidentity"


def test_blob_trigger_uses_event_grid_source() -> None:
    # Flex Consumption runs blob triggers only with the Event Grid source (no container polling).
    _, trigger = blob_trigger()
    assert str(getattr(trigger.source, "value", trigger.source)) == "EventGrid"


@pytest.mark.parametrize(
    "output",
    ["ORDER_UPLOADS_CONTAINER", "UPLOAD_FUNCTION_NAME", "EVENT_GRID_SYSTEM_TOPIC_NAME", "UPLOAD_DEAD_LETTER_CONTAINER",
     "AZURE_STORAGE_ACCOUNT_NAME"],
)
def test_subscription_script_reads_bicep_outputs(output: str) -> None:
    assert output in declarations(parse_file(MAIN_BICEP), "output")
    script = (REPO_ROOT / "scripts" / "upload-subscription.sh").read_text(encoding="utf-8")
    assert re.search(rf"\$\{{?{output}\b", script), f"scripts/upload-subscription.sh does not use {output}"


def test_dead_letter_container_is_the_one_the_code_replays() -> None:
    from shared.bulk.blob_uploads.dead_letters import DEAD_LETTER_CONTAINER

    assert variable_string(parse_file(MAIN_BICEP), "deadLetterContainerName") == DEAD_LETTER_CONTAINER
