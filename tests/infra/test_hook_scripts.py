"""The azd hook scripts, run for real against stand-ins for az, sqlcmd, curl and python.

The stand-ins record their arguments (and, for python, the environment it got), so the tests check what
the scripts would ask of Azure, including that a second run updates instead of failing.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
from bicep_tools import REPO_ROOT

SCRIPTS = REPO_ROOT / "scripts"
AZURE_YAML = REPO_ROOT / "azure.yaml"

AZD_ENV = {
    "AZURE_FUNCTION_APP_NAME": "func-abc123",
    "AZURE_RESOURCE_GROUP": "rg-test",
    "AZURE_SQL_SERVER_NAME": "sql-abc123",
    "AZURE_SQL_SERVER_FQDN": "sql-abc123.database.windows.net",
    "AZURE_SQL_DATABASE_NAME": "orders",
    "SQL_CONNECTION_STRING": "Driver={ODBC Driver 18 for SQL Server};Server=tcp:sql-abc123.database.windows.net,1433;"
    "Database=orders;Encrypt=yes;TrustServerCertificate=no;Connection Timeout=30",
    "BLOB_ACCOUNT_URL": "https://stabc123.blob.core.windows.net/",
    "EVENT_GRID_SYSTEM_TOPIC_NAME": "evgt-abc123",
    "ORDER_UPLOADS_CONTAINER": "order-uploads",
    "UPLOAD_FUNCTION_NAME": "process_order_upload",
    "AZURE_STORAGE_ACCOUNT_NAME": "stabc123",
    "UPLOAD_DEAD_LETTER_CONTAINER": "upload-events-deadletter",
    "UPLOAD_MAX_DELIVERY_ATTEMPTS": "30",
    "UPLOAD_EVENT_TTL_MINUTES": "1440",
}

# One stand-in serves every tool: it logs "<tool> <args>" and answers the few queries the scripts make.
STUB = r"""#!/usr/bin/env bash
tool="$(basename "$0")"
args="$*"
echo "$tool ${args//$'\n'/ }" >> "$STUB_LOG"
case "$tool $*" in
  "az functionapp show "*) echo "func-abc123.azurewebsites.net" ;;
  "az functionapp keys list "*) echo "${STUB_KEY-blobkey123}" ;;
  "curl "*api.ipify.org*) echo "203.0.113.7" ;;
  "python "*) env | grep -E '^(SQL_CONNECTION_STRING|BLOB_ACCOUNT_URL|AZURE_CLIENT_ID|AZURE_TOKEN_CREDENTIALS|SQLITE_PATH)=' \
      | sed 's/^/  env /' >> "$STUB_LOG" ;;
esac
exit 0
"""


@pytest.fixture
def stubs(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("az", "sqlcmd", "curl", "azd", "python"):
        path = bin_dir / tool
        path.write_text(STUB, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "calls.log"
    log.touch()
    return {
        **AZD_ENV,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "STUB_LOG": str(log),
        "PYTHON": str(bin_dir / "python"),
        # As in the deploy workflow, where azd's own login needs it: the scripts must not pass it on.
        "AZURE_CLIENT_ID": "ci-app-id",
        "SQLITE_PATH": ".data/should-not-be-used.sqlite3",
    }


def run(script: str, env: dict[str, str]) -> list[str]:
    result = subprocess.run([str(SCRIPTS / script)], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, f"{script} failed:\n{result.stdout}\n{result.stderr}"
    return Path(env["STUB_LOG"]).read_text(encoding="utf-8").splitlines()


def test_postprovision_grants_user_then_migrates_with_the_deployers_credential(stubs) -> None:
    calls = run("postprovision.sh", stubs)
    commands = [line.split()[0] for line in calls if not line.startswith("  ")]
    # firewall opened, user granted, schema migrated, firewall closed: in that order
    assert commands == ["curl", "az", "sqlcmd", "python", "az"], calls
    assert "az sql server firewall-rule create" in calls[1] and "203.0.113.7" in calls[1]
    assert "az sql server firewall-rule delete" in calls[-1]
    grant = calls[2]
    assert "-S sql-abc123.database.windows.net -d orders" in grant
    assert "IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'func-abc123')" in grant
    assert "CREATE USER [func-abc123] FROM EXTERNAL PROVIDER" in grant
    for role in ("db_datareader", "db_datawriter", "db_ddladmin"):
        assert f"ALTER ROLE {role} ADD MEMBER [func-abc123]" in grant
    assert "python -m shared.cli migrate" in calls
    python_env = {line.split(" env ", 1)[1].split("=", 1)[0]: line.split("=", 1)[1] for line in calls if line.startswith("  ")}
    assert python_env["SQL_CONNECTION_STRING"] == AZD_ENV["SQL_CONNECTION_STRING"]
    assert python_env["AZURE_TOKEN_CREDENTIALS"] == "AzureCliCredential"
    assert "AZURE_CLIENT_ID" not in python_env
    assert "SQLITE_PATH" not in python_env


def test_postprovision_rejects_an_app_name_that_would_break_the_tsql(stubs) -> None:
    stubs["AZURE_FUNCTION_APP_NAME"] = "x]; DROP TABLE Orders; --"
    result = subprocess.run([str(SCRIPTS / "postprovision.sh")], env=stubs, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "sqlcmd" not in Path(stubs["STUB_LOG"]).read_text(encoding="utf-8")


def test_postdeploy_deploys_the_subscription_module_then_enables_it_for_provision(stubs) -> None:
    calls = run("postdeploy.sh", stubs)
    deployment = next(line for line in calls if line.startswith("az deployment group create"))
    assert "--resource-group rg-test --name upload-subscription" in deployment
    assert "--template-file infra/modules/upload-subscription.bicep" in deployment
    for argument in ("functionAppName=func-abc123", "systemTopicName=evgt-abc123", "storageAccountName=stabc123",
                     "uploadFunctionName=process_order_upload", "uploadContainerName=order-uploads",
                     "deadLetterContainerName=upload-events-deadletter", "maxDeliveryAttempts=30", "eventTimeToLiveMinutes=1440"):
        assert f" {argument} " in f" {deployment} ", argument
    # The key is checked for, never handed to the deployment or printed.
    assert "blobkey123" not in "\n".join(calls)
    assert calls.index(deployment) > max(i for i, line in enumerate(calls) if "functionapp keys list" in line)
    assert calls[-1] == "azd env set UPLOAD_SUBSCRIPTION_ENABLED true"
    assert not any("event-subscription" in line for line in calls)


def test_postdeploy_leaves_the_flag_alone_once_set(stubs) -> None:
    stubs["UPLOAD_SUBSCRIPTION_ENABLED"] = "true"
    calls = run("postdeploy.sh", stubs)
    assert any(line.startswith("az deployment group create") for line in calls)
    assert not any(line.startswith("azd env set") for line in calls)


def test_subscription_script_fails_clearly_without_the_extension_key(stubs) -> None:
    stubs.update(STUB_KEY="", KEY_WAIT_ATTEMPTS="2", KEY_WAIT_SECONDS="0")
    result = subprocess.run([str(SCRIPTS / "upload-subscription.sh")], env=stubs, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "no blobs_extension key" in result.stderr
    assert "deployment group create" not in Path(stubs["STUB_LOG"]).read_text(encoding="utf-8")


def test_private_networking_skips_the_sql_firewall(stubs) -> None:
    stubs["PRIVATE_NETWORKING"] = "true"
    calls = run("postprovision.sh", stubs)
    assert not any("firewall-rule" in line for line in calls)
    assert any(line.startswith("sqlcmd ") for line in calls)


@pytest.mark.parametrize("script", ["postprovision.sh", "postdeploy.sh", "azure-admin.sh", "upload-subscription.sh"])
def test_scripts_are_strict_executable_bash(script: str) -> None:
    path = SCRIPTS / script
    source = path.read_text(encoding="utf-8")
    # azd runs posix hooks by path, so the shebang and the executable bit decide the interpreter.
    assert source.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in source
    assert path.stat().st_mode & stat.S_IXUSR, f"chmod +x scripts/{script}"
    subprocess.run(["bash", "-n", str(path)], check=True)


def test_azure_yaml_declares_service_and_hooks() -> None:
    # Comment lines dropped, the structure is checked by indentation (no YAML parser among the dependencies).
    source = "".join(line for line in AZURE_YAML.read_text(encoding="utf-8").splitlines(True) if not line.lstrip().startswith("#"))
    service = re.search(r"^services:\n  api:\n((?:    .*\n)+)", source, re.MULTILINE)
    assert service, "azure.yaml has no service `api`"
    assert {"project: .", "language: python", "host: function"} <= {line.strip() for line in service.group(1).splitlines()}
    for hook, script in (("postprovision", "postprovision.sh"), ("postdeploy", "postdeploy.sh")):
        assert re.search(rf"^  {hook}:\n    posix:\n(?:      .*\n)*?      run: \./scripts/{script}$", source, re.MULTILINE), hook
        assert (SCRIPTS / script).is_file()
