"""The CI job that runs the suite on a real SQL Server (issue 13.8): it cannot run here, so its shape is checked."""

from __future__ import annotations

from typing import Any

import yaml
from bicep_tools import REPO_ROOT


def _job() -> dict[str, Any]:
    workflow = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    job: dict[str, Any] = workflow["jobs"]["sqlserver"]
    return job


def test_the_job_starts_sql_server_2022_as_a_service_container() -> None:
    [service] = _job()["services"].values()
    assert service["image"].startswith("mcr.microsoft.com/mssql/server:2022")
    assert service["env"]["ACCEPT_EULA"] == "Y" and service["env"]["MSSQL_SA_PASSWORD"]


def test_the_job_installs_odbc_driver_18_and_runs_the_suite_with_the_connection_string() -> None:
    job = _job()
    steps = "\n".join(str(step.get("run", "")) for step in job["steps"])
    assert "tools/install-odbc18.sh" in steps and "make test-sqlserver" in steps
    assert "msodbcsql18" in (REPO_ROOT / "tools" / "install-odbc18.sh").read_text(encoding="utf-8")
    connection = job["env"]["TEST_SQLSERVER_CONNECTION_STRING"]
    assert "ODBC Driver 18 for SQL Server" in connection and "Database=orders_test" in connection
    assert job["container"].startswith("python:3.11")


def test_make_test_sqlserver_needs_the_variable_and_runs_the_whole_suite() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\ntest-sqlserver:", 1)[1].split("\n\n", 1)[0]
    assert "TEST_SQLSERVER_CONNECTION_STRING" in target and "pytest -n 2 --dist loadfile" in target


def test_the_readme_gives_the_docker_run_line() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "docker run" in readme and "mcr.microsoft.com/mssql/server:2022" in readme and "make test-sqlserver" in readme
