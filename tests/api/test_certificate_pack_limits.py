"""The certificate pack's render budget (CPU, memory, wall clock, lines) and single-flight rendering, over HTTP."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from shared import context as app_context
from shared.certificate_pack.bounded import render_bounded
from shared.context import AppContext
from shared.services import certificate_packs
from shared.services.pack_renders import CERTIFICATE_PACKS_CONTAINER
from tests.support import Api, order


@pytest.fixture
def limited(ctx: AppContext) -> Iterator[Any]:
    """Call with Settings overrides to serve the app under a different render budget."""

    def use(**overrides: Any) -> None:
        app_context.use(replace(ctx, settings=replace(ctx.settings, **overrides)))

    yield use
    app_context.use(ctx)


def pack_of(api: Api, order_id: str) -> Any:
    return api.request("GET", f"/{order_id}/certificate-pack")


def test_a_render_over_the_cpu_budget_is_a_422_naming_it_and_stores_nothing(ctx: AppContext, api: Api, limited: Any) -> None:
    [created] = api.create([order(lines=150)])
    limited(pack_render_cpu_seconds=1)
    response = pack_of(api, created["orderId"])
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "1 s of CPU time" in response.get_json()["detail"]
    assert ctx.blobs.list(CERTIFICATE_PACKS_CONTAINER) == []


def test_a_render_over_the_memory_budget_is_a_422_naming_it(api: Api, limited: Any) -> None:
    [created] = api.create([order(lines=2)])
    limited(pack_render_memory_mb=64)  # less than the render process's own libraries
    response = pack_of(api, created["orderId"])
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "64 MB of memory" in response.get_json()["detail"]


def test_an_order_with_more_lines_than_a_pack_covers_is_a_422_before_any_render(api: Api, limited: Any) -> None:
    [created] = api.create([order(lines=3)])
    limited(pack_max_lines=2)
    response = pack_of(api, created["orderId"])
    assert response.status_code == 422
    assert "at most 2" in response.get_json()["detail"]


def test_a_render_past_the_wall_clock_is_a_503_with_retry_after_and_the_next_request_renders(api: Api, limited: Any) -> None:
    [created] = api.create([order(lines=150)])
    limited(pack_render_timeout_seconds=1)
    response = pack_of(api, created["orderId"])
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    limited()
    assert pack_of(api, created["orderId"]).status_code == 200


def test_concurrent_requests_for_one_pack_render_it_once(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    [created] = api.create([order(lines=2)])
    calls: list[int] = []

    def counted(*args: Any) -> Any:
        calls.append(1)
        return render_bounded(*args)

    monkeypatch.setattr(certificate_packs, "render_bounded", counted)
    results: list[tuple[int, bytes]] = []

    def fetch() -> None:
        response = api.request("GET", f"/{created['orderId']}/certificate-pack")
        results.append((response.status_code, response.data))

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [status for status, _ in results] == [200] * 4
    assert len({body for _, body in results}) == 1 and len(calls) == 1


def test_a_render_running_in_another_worker_is_a_503_and_a_dead_workers_lease_is_taken_over(ctx: AppContext, api: Api) -> None:
    [created] = api.create([order(lines=1)])
    etag = pack_of(api, created["orderId"]).headers["ETag"].strip('"')
    blob = f"{api.tenant.company_id}/{created['orderId']}/{etag}.pdf"
    ctx.blobs.delete(CERTIFICATE_PACKS_CONTAINER, blob)
    lease = f"{blob}.rendering"
    ctx.blobs.put(CERTIFICATE_PACKS_CONTAINER, lease, (datetime.now(UTC) + timedelta(minutes=3)).isoformat().encode())
    busy = pack_of(api, created["orderId"])
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "10"
    ctx.blobs.put(CERTIFICATE_PACKS_CONTAINER, lease, (datetime.now(UTC) - timedelta(seconds=1)).isoformat().encode())
    assert pack_of(api, created["orderId"]).status_code == 200
    assert ctx.blobs.list(CERTIFICATE_PACKS_CONTAINER) == [blob]  # lease released, pack stored
