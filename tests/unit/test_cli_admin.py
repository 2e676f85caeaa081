"""The admin CLI (``python -m shared.cli``): companies, organisations and API keys, with exact answers and errors."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from shared.cli.app import main
from shared.context import AppContext
from tests.support import Api


class FixedClock:
    def now(self) -> datetime:
        return datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else None, err


def test_revoking_a_key_answers_its_id_and_time_and_it_stops_working_at_once(ctx: AppContext, api: Api,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert api.client.get(api.url(), headers=api.tenant.headers).status_code == 200  # the key is now cached
    ctx.db.clock = FixedClock()
    revoked = {"apiKeyId": api.tenant.api_key_id, "revokedAt": "2030-01-02T03:04:05.678901Z"}
    assert run(capsys, "revoke-api-key", "--id", api.tenant.api_key_id.upper()) == (0, revoked, "")
    assert api.client.get(api.url(), headers=api.tenant.headers).status_code == 401
    assert run(capsys, "revoke-api-key", "--id", api.tenant.api_key_id) == (0, revoked, "")  # idempotent: the first time


def test_revoking_a_key_that_is_not_a_guid_or_is_unknown_is_an_error_naming_it(capsys: pytest.CaptureFixture[str], ctx: AppContext) -> None:
    assert run(capsys, "revoke-api-key", "--id", "nope") == (1, None, "error: 'nope' is not a GUID.\n")
    unknown = str(uuid.uuid4())
    assert run(capsys, "revoke-api-key", "--id", unknown.upper()) == (1, None, f"error: No API key {unknown}.\n")


def stored_name(ctx: AppContext, command: str, created: dict[str, str]) -> str:
    table, column, key = {"create-company": ("Companies", "Name", "companyId"),
                          "create-organisation": ("RelatedOrganisations", "Name", "relatedOrganisationId"),
                          "create-api-key": ("Users", "DisplayName", "userId")}[command]
    with ctx.db.read() as tx:
        id_column = {"companyId": "CompanyId", "relatedOrganisationId": "RelatedOrganisationId", "userId": "UserId"}[key]
        return str(tx.scalar(f"SELECT {column} AS Name FROM {table} WHERE {id_column} = ?", (created[key],)))


@pytest.mark.parametrize(("command", "what"), [("create-company", "The company name"), ("create-organisation", "The organisation name"),
                                               ("create-api-key", "The display name")])
def test_a_name_is_trimmed_and_must_be_1_to_200_characters(ctx: AppContext, api: Api, capsys: pytest.CaptureFixture[str],
                                                           command: str, what: str) -> None:
    company = [] if command == "create-company" else ["--company", api.tenant.company_id]
    for bad in ("   ", "x" * 201):
        assert run(capsys, command, *company, "--name", bad) == (1, None, f"error: {what} must be 1-200 characters.\n")
    code, created, _ = run(capsys, command, *company, "--name", f"  {'y' * 200}  ")
    assert code == 0 and stored_name(ctx, command, created) == "y" * 200


@pytest.mark.parametrize("command", ["create-organisation", "create-api-key"])
def test_an_unknown_or_malformed_company_is_an_error_naming_it(ctx: AppContext, capsys: pytest.CaptureFixture[str], command: str) -> None:
    assert run(capsys, command, "--company", "acme", "--name", "X") == (1, None, "error: 'acme' is not a GUID.\n")
    unknown = str(uuid.uuid4())
    assert run(capsys, command, "--company", unknown.upper(), "--name", "X") == (1, None, f"error: No company {unknown}.\n")


def test_a_new_api_key_belongs_to_its_company_and_works(ctx: AppContext, api: Api, capsys: pytest.CaptureFixture[str]) -> None:
    code, created, _ = run(capsys, "create-api-key", "--company", api.tenant.company_id.upper(), "--name", "Dora Dispatch")
    assert code == 0 and sorted(created) == ["apiKey", "apiKeyId", "companyId", "userId"]
    assert created["companyId"] == api.tenant.company_id
    assert api.client.get(api.url(), headers={"Authorization": f"Bearer {created['apiKey']}"}).status_code == 200
