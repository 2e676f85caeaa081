"""The certificate pack's render budget as the API states it: the limits taken from Settings, the exact 422 naming
the limit a render went over, and the exact 503 while another worker renders. The render itself is stubbed (the real,
slow renders over their budgets are tests/api/test_certificate_pack_limits.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from shared import context as app_context
from shared.bounded_child import LimitExceeded
from shared.certificate_pack.bounded import RenderLimits
from shared.context import AppContext
from shared.services import certificate_packs
from shared.services.pack_renders import CERTIFICATE_PACKS_CONTAINER
from tests.support import Api, order

BUDGET: dict[str, Any] = {"pack_render_cpu_seconds": 3, "pack_render_memory_mb": 5, "pack_render_timeout_seconds": 7, "pack_max_lines": 9}


def over(limit: str, seen: list[RenderLimits]) -> Any:
    def render(pack: Any, generated_at: datetime, limits: RenderLimits) -> Any:
        seen.append(limits)
        raise LimitExceeded(limit)

    return render


@pytest.mark.parametrize(("limit", "budget"), [("cpu", "3 s of CPU time"), ("memory", "5 MB of memory")])
def test_a_render_over_its_budget_is_a_422_naming_the_limit_set_in_settings(ctx: AppContext, api: Api, monkeypatch: pytest.MonkeyPatch,
                                                                            limit: str, budget: str) -> None:
    [created] = api.create([order(lines=1)])
    seen: list[RenderLimits] = []
    monkeypatch.setattr(certificate_packs, "render_bounded", over(limit, seen))
    app_context.use(replace(ctx, settings=replace(ctx.settings, **BUDGET)))
    response = api.request("GET", f"/{created['orderId']}/certificate-pack")
    assert response.status_code == 422
    assert response.get_json()["detail"] == f"The certificate pack of this order needs more than the {budget} a pack may take to prepare."
    assert seen == [RenderLimits(cpu_seconds=3, memory_bytes=5 * 1024 * 1024, wall_seconds=7.0, max_lines=9)]


def test_a_memory_budget_is_stated_in_whole_megabytes(ctx: AppContext, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    [created] = api.create([order(lines=1)])
    monkeypatch.setattr(certificate_packs, "render_bounded", over("memory", []))
    monkeypatch.setattr(certificate_packs, "render_limits", lambda settings: RenderLimits(memory_bytes=2048 * 1024 * 1024 - 1))
    response = api.request("GET", f"/{created['orderId']}/certificate-pack")
    detail = "The certificate pack of this order needs more than the 2047 MB of memory a pack may take to prepare."
    assert response.get_json()["detail"] == detail


def test_a_render_leased_by_another_worker_is_an_exact_503(ctx: AppContext, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    [created] = api.create([order(lines=1)])
    stats = SimpleNamespace(cpu_seconds=0.1, peak_rss=1)
    monkeypatch.setattr(certificate_packs, "render_bounded", lambda pack, generated_at, limits: (b"%PDF-stub", stats))
    etag = api.request("GET", f"/{created['orderId']}/certificate-pack").headers["ETag"].strip('"')
    blob = f"{api.tenant.company_id}/{created['orderId']}/{etag}.pdf"
    ctx.blobs.delete(CERTIFICATE_PACKS_CONTAINER, blob)
    ctx.blobs.put(CERTIFICATE_PACKS_CONTAINER, f"{blob}.rendering", (datetime.now(UTC) + timedelta(minutes=3)).isoformat().encode())
    response = api.request("GET", f"/{created['orderId']}/certificate-pack")
    assert (response.status_code, response.headers["Retry-After"]) == (503, "10")
    assert response.get_json()["detail"] == "This certificate pack is being prepared; please retry shortly."


@dataclass
class FixedClock:
    instant: datetime

    def now(self) -> datetime:
        return self.instant


NOW = datetime(2030, 5, 4, 8, 0, tzinfo=UTC)


def pack_blob(api: Api, order_id: str, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, leases: list[bytes]) -> str:
    """Serve under BUDGET on a fixed clock with a stub render that records the lease it runs under; the pack's blob name."""
    app_context.use(replace(ctx, settings=replace(ctx.settings, **BUDGET), clock=FixedClock(NOW)))

    def render(pack: Any, generated_at: datetime, limits: RenderLimits) -> Any:
        leases.extend(ctx.blobs.get(CERTIFICATE_PACKS_CONTAINER, name) for name in ctx.blobs.list(CERTIFICATE_PACKS_CONTAINER)
                      if name.endswith(".rendering"))
        return b"%PDF-stub", SimpleNamespace(cpu_seconds=0.1, peak_rss=1)

    monkeypatch.setattr(certificate_packs, "render_bounded", render)
    etag = api.request("GET", f"/{order_id}/certificate-pack").headers["ETag"].strip('"')
    return f"{api.tenant.company_id}/{order_id}/{etag}.pdf"


def test_a_render_holds_a_lease_until_its_wall_clock_budget_and_30_s_then_releases_it(ctx: AppContext, api: Api,
                                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    [created] = api.create([order(lines=1)])
    leases: list[bytes] = []
    blob = pack_blob(api, created["orderId"], ctx, monkeypatch, leases)
    assert leases == [(NOW + timedelta(seconds=7 + 30)).isoformat().encode()]
    assert ctx.blobs.list(CERTIFICATE_PACKS_CONTAINER) == [blob]  # the pack, its lease gone


@pytest.mark.parametrize("lease", [NOW.isoformat().encode(), b"not a time"])
def test_a_lease_expiring_now_or_unreadable_is_taken_over(ctx: AppContext, api: Api, monkeypatch: pytest.MonkeyPatch, lease: bytes) -> None:
    [created] = api.create([order(lines=1)])
    leases: list[bytes] = []
    blob = pack_blob(api, created["orderId"], ctx, monkeypatch, leases)
    ctx.blobs.delete(CERTIFICATE_PACKS_CONTAINER, blob)
    ctx.blobs.put(CERTIFICATE_PACKS_CONTAINER, f"{blob}.rendering", lease)
    response = api.request("GET", f"/{created['orderId']}/certificate-pack")
    assert (response.status_code, response.data) == (200, b"%PDF-stub")
    assert leases == [(NOW + timedelta(seconds=37)).isoformat().encode()] * 2
    assert ctx.blobs.list(CERTIFICATE_PACKS_CONTAINER) == [blob]
