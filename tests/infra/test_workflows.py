"""The GitHub workflows keep the steps that make a deployment safe, in the right order."""

from __future__ import annotations

from bicep_tools import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"


def _read(name: str) -> str:
    return (WORKFLOWS / name).read_text(encoding="utf-8")


def test_ci_lints_and_tests_on_python_311() -> None:
    ci = _read("ci.yml")
    for fragment in ("push:", "pull_request:", "workflow_call:", "make lint", "make test"):
        assert fragment in ci, f"ci.yml lacks {fragment}"
    assert "container: python:3.11-" in ci or 'python-version: "3.11"' in ci, "ci.yml must run Python 3.11"


def test_deploy_uses_oidc_and_validates_before_touching_azure() -> None:
    deploy = _read("deploy.yml")
    for fragment in (
        "workflow_dispatch:",
        "branches: [main]",
        "id-token: write",
        "uses: ./.github/workflows/ci.yml",
        "--federated-credential-provider github",
        "uses: azure/login@",
    ):
        assert fragment in deploy, f"deploy.yml lacks {fragment}"
    assert "client-secret" not in deploy and "AZURE_CREDENTIALS" not in deploy, "OIDC only, no stored secret"
    steps = [
        "run: az bicep build --file infra/main.bicep",
        "run: azd auth login",
        "run: azd provision --no-prompt",
        "run: azd deploy --no-prompt",
    ]
    positions = [deploy.index(step) for step in steps]
    assert positions == sorted(positions), f"deploy.yml must run {steps} in this order"


def test_deploy_can_use_the_production_parameters_before_provisioning() -> None:
    deploy = _read("deploy.yml")
    step = "run: cp infra/main.production.parameters.json infra/main.parameters.json"
    assert step in deploy and "if: vars.AZURE_PROFILE == 'production'" in deploy
    assert deploy.index(step) < deploy.index("run: azd provision --no-prompt")
    # The subscription module is deployed on its own by the postdeploy hook: compile it too.
    assert "az bicep build --file infra/modules/upload-subscription.bicep" in deploy
