"""The certificate pack's render budget as the API states it: the limits taken from Settings, the exact 422 naming
the limit a render went over, and the exact 503 while another worker renders. The render itself is stubbed (the real,
slow renders over their budgets are tests/api/test_certificate_pack_limits.py)."""

from __future__ import annotations

from dataclasses import replace
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
