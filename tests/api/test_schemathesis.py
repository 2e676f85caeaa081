"""Property-based fuzzing of every documented operation with schemathesis, through devhost's WSGI app.

The database is seeded (the demo company with customers, stock, certificates, orders and reservations, plus an
order carrying the document's example ids, so the documented examples hit real rows) and every request uses the
demo company's API key. The ids that open real data are pinned: the demo company (any other is a 403) and a
stock row with the document's example inventory id (free, of the example line's material). Every operation, with
generated valid and invalid input, must pass all of schemathesis' checks (no server error; documented status,
content type, headers and body; invalid input refused, valid input accepted; auth not ignored; a deleted resource
stays gone; ...). The stateful test follows the document's links (create -> get -> update -> delete -> restore,
reserve -> unreserve) on a fresh copy of the seeded database per scenario, so each scenario replays identically,
and must follow at least 80 % of the links. Both are derandomized with a fixed seed and no example database.

Runs on SQLite only: the SQL Server suite covers the same services through the ordinary API tests.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

import function_app
from devhost.wsgi import create_app
from shared import context as app_context
from shared import openapi
from shared.context import AppContext, build_context
from shared.db.sqlite import SqliteDatabase
from shared.demo.seed import seed_demo
from shared.openapi import examples
from tests.support import Api, Tenant, http_client, make_context

SEED = 20260301
EXAMPLES_PER_OPERATION = 40
STATEFUL_SCENARIOS = 80
STEPS_PER_SCENARIO = 10
MIN_LINK_COVERAGE = 0.8
REFUSED = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429", "5xx"]  # schemathesis' defaults
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
# Operations whose input has rules a JSON Schema cannot state, so schema-valid input may be a 400 naming the rule:
# dates against today or the stored order, ids that must name rows of the company, file contents judged by what
# they hold (the CSV header, a PDF/PNG/JPEG), and opaque paging cursors that only a Link header hands out.
RULES_BEYOND_SCHEMA = {
    "create_orders": "deliveryDate not before today without orderDate; relatedOrganisationId/customerName must exist",
    "update_orders": "deliveryDate against the stored orderDate; the customer must exist",
    "create_inventory": "certificateId must name a certificate of the company",
    "update_inventory": "certificateId must exist; updatedAt is an ISO-8601 timestamp of the row",
    "upload_orders": "the files' header rows and rows",
    "upload_inventory": "the stock CSV's header and rows, the certificate files' content",
    "upload_certificate": "the file must be a PDF, PNG or JPEG by content",
    "list_orders": "cursor", "list_inventory": "cursor", "list_certificates": "cursor", "list_organisations": "cursor",
    "reserve_inventory": "the stock's unit, grade and quantity against the line",
    "update_company_profile": "the logo must be a PNG or JPEG by content",
}
# The stock row pinned as every inventoryId: the example line's material (7.5 t of S355J2), free.
STOCK = {"inventoryId": examples.INVENTORY_ID, "name": "Plate 20 mm S355J2 (pinned)", "quantity": 7.5, "unit": "t",
         "heatNumber": examples.HEAT_NUMBER, "materialGrade": "S355J2"}
# Reproducible (derandomized, no example database) and unhurried: requests run through the whole app.
FUZZ_SETTINGS = settings(derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@dataclass(frozen=True)
class Seeded:
    context: AppContext
    tenant: Tenant
    wsgi_app: Any
    workdir: Path


def _config(seeded: Seeded | None = None) -> SchemathesisConfig:
    options: dict[str, Any] = {
        "seed": SEED,
        "generation": {"mode": "all", "deterministic": True},
        # All of schemathesis' checks (max_response_time stays off without a budget: no timed assertions in tests).
        # A batch beyond its documented maxItems is "too large" (DESIGN §4): 413 is how invalid data is refused there.
        "checks": {"enabled": True, "negative_data_rejection": {"expected-statuses": [*REFUSED, "413"]}},
        "operations": [{"include-operation-id": sorted(RULES_BEYOND_SCHEMA),
                        "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}}}],
        # Follow the document's own links only: inferred ones (e.g. from list responses) dilute the sequences.
        "phases": {"stateful": {"inference": {"algorithms": []}}},
    }
    if seeded is not None:
        options["auth"] = {"openapi": {"bearerAuth": {"bearer": seeded.tenant.api_key}}}
        # Generated values start from the real ids; links still override them with what a response said.
        options["parameters"] = {"companyId": seeded.tenant.company_id, "inventoryId": examples.INVENTORY_ID}
    return SchemathesisConfig.from_dict(options)


def _seed_example_order(tenant: Tenant) -> None:
    """An order and a stock row with the document's example ids, so the documented examples hit real rows."""
    body = {**examples.NEW_ORDER, "orderId": examples.ORDER_ID, "orderReference": "SO-EXAMPLE"}
    body["lineItems"] = [{**body["lineItems"][0], "orderLineItemId": examples.LINE_ITEM_ID}]
    api = Api(http_client(), tenant)
    api.create([body])
    stocked = api.client.post(f"/api/companies/{tenant.company_id}/inventory", json=[STOCK], headers=tenant.headers)
    assert stocked.status_code == 201, stocked.get_data(as_text=True)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    workdir = Path(tmp_path_factory.mktemp("schemathesis"))
    ctx = make_context(workdir)
    app_context.use(ctx)
    demo = seed_demo(ctx)
    tenant = Tenant(demo["companyId"], demo["apiKey"], demo["apiKeyId"], demo["userId"], "Demo")
    _seed_example_order(tenant)
    yield Seeded(ctx, tenant, create_app(function_app.app), workdir)
    app_context.use(None)


def _pinned(case: schemathesis.Case, seeded: Seeded) -> None:
    """The real company and stock ids, set at call time (the module's schema is loaded before the database is
    seeded). Only a well-formed id is replaced: a value made invalid on purpose (negative testing) stays, so the
    request is still the invalid one the checks expect to be refused."""
    pins = {"companyId": seeded.tenant.company_id, "inventoryId": examples.INVENTORY_ID}
    for container in (case.path_parameters, case.query):
        for name, value in pins.items():
            if container and name in container and _is_guid(container[name]):
                container[name] = value


def _is_guid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# Loaded when the module is collected (schemathesis' fixture-based lazy schemas need a pytest internal that
# pytest 9 removed), so the seeded company's key is added to each call rather than configured here.
# A parsed copy of exactly what GET /api/openapi.json serves (schemathesis may annotate the dict it is given).
schema = schemathesis.openapi.from_dict(json.loads(openapi.document_json()[0]), config=_config())
schema.app = create_app(function_app.app)  # the checks' own probes (ignored_auth, ...) go through the app too


@schema.parametrize()
@settings(FUZZ_SETTINGS, max_examples=EXAMPLES_PER_OPERATION)
def test_every_operation_answers_as_documented(case: schemathesis.Case, seeded: Seeded) -> None:
    _pinned(case, seeded)
    case.call_and_validate(headers=seeded.tenant.headers)


def _fresh_copy(seeded: Seeded, number: int) -> AppContext:
    """The seeded database, copied (same company, same key); blobs are shared, they are keyed by content."""
    target = seeded.workdir / f"scenario-{number}.sqlite3"
    with closing(sqlite3.connect(seeded.context.settings.sqlite_path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return build_context(replace(seeded.context.settings, sqlite_path=target), seeded.context.clock)


def test_stateful_sequences_answer_as_documented(seeded: Seeded) -> None:
    served = schemathesis.openapi.from_wsgi("/api/openapi.json", seeded.wsgi_app, config=_config(seeded))
    numbers = itertools.count()
    succeeded: Counter[str] = Counter()
    followed: Counter[str] = Counter()  # link -> how often its values were used in a request

    class Sequences(served.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            self.context = _fresh_copy(seeded, next(numbers))
            app_context.use(self.context)

        def teardown(self) -> None:
            assert isinstance(self.context.db, SqliteDatabase)
            self.context.db.close()
            app_context.use(seeded.context)

        def step(self, input: Any) -> Any:
            if input.transition is not None and input.is_applied:
                followed[input.transition.id] += 1
            return super().step(input)

        def before_call(self, case: schemathesis.Case) -> None:
            if case.path_parameters and _is_guid(case.path_parameters.get("companyId")):
                case.path_parameters["companyId"] = seeded.tenant.company_id
            _reservable(case)

        def validate_response(self, response: Any, case: schemathesis.Case, additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response)
            succeeded.update(_effect(case, response))

    Sequences.run(settings=settings(FUZZ_SETTINGS, max_examples=STATEFUL_SCENARIOS, stateful_step_count=STEPS_PER_SCENARIO))
    # The sequences reached the life of real orders, not just their 404s and 400s.
    assert set(LIFECYCLE) <= set(succeeded), f"not exercised: {sorted(set(LIFECYCLE) - set(succeeded))}; succeeded: {succeeded}"
    links = _links(served.raw_schema)
    coverage = len(set(followed) & links) / len(links)
    print(f"\nstateful links followed: {len(set(followed) & links)} of {len(links)} ({coverage:.0%}); "
          f"not followed: {sorted(links - set(followed))}; succeeded: {dict(succeeded)}")
    assert coverage >= MIN_LINK_COVERAGE, f"followed {sorted(followed)}; never: {sorted(links - set(followed))}"


def _reservable(case: schemathesis.Case) -> None:
    """A valid reservation names the example line and the pinned stock, whole row (no link leads to reserving: no
    response guarantees a line item), so that the sequences reach its links (unreserve, details)."""
    if case.operation.definition.raw.get("operationId") == "reserve_inventory" and case.meta and case.meta.generation.mode.is_positive:
        case.path_parameters = {**(case.path_parameters or {}), "orderId": examples.ORDER_ID, "lineItemId": examples.LINE_ITEM_ID}
        case.query = {**(case.query or {}), "inventoryId": examples.INVENTORY_ID, "reserveQuantity": str(STOCK["quantity"])}


def _links(document: dict[str, Any]) -> set[str]:
    """Every link of the document, named as schemathesis names a transition: ``GET /a -> [200] Name -> POST /b``."""
    by_id = {op["operationId"]: f"{method.upper()} {path}" for path, item in document["paths"].items() for method, op in item.items()}
    return {f"{by_id[op['operationId']]} -> [{status}] {name} -> {by_id[link['operationId']]}"
            for path, item in document["paths"].items() for method, op in item.items()
            for status, response in op["responses"].items() for name, link in response.get("links", {}).items()}


LIFECYCLE = ["create_orders", "get_order", "update_orders", "delete_orders", "restore_orders"]


def _effect(case: schemathesis.Case, response: Any) -> list[str]:
    """The operation's id when it succeeded and (for delete and restore) changed something."""
    if not 200 <= response.status_code < 300:
        return []
    operation_id = str(case.operation.definition.raw.get("operationId"))
    body = response.json() if operation_id in ("delete_orders", "restore_orders") else {}
    return [] if body.get("deletedCount") == 0 else [operation_id]
