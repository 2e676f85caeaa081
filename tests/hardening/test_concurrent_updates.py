"""Concurrent writers: optimistic concurrency holds and unique references never duplicate."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from tests.support import Api, order


def test_two_clients_updating_with_the_same_updated_at_get_one_200_and_one_409(api: Api) -> None:
    [original] = api.create([order()])
    barrier = Barrier(2)

    def update(site: str) -> int:
        barrier.wait()
        return api.request("PUT", json=[{**original, "site": site}]).status_code

    for _ in range(5):
        [original] = api.update([{"orderId": original["orderId"], "site": "reset"}])
        with ThreadPoolExecutor(2) as pool:
            statuses = sorted(pool.map(update, ["Leeds", "York"]))
        assert statuses == [200, 409]


def test_concurrent_creates_of_one_reference_never_duplicate_it(api: Api) -> None:
    barrier = Barrier(8)

    def create(_: int) -> int:
        barrier.wait()
        return api.request("POST", json=[order("SO-RACE")]).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(create, range(8)))
    assert statuses == [201] + [409] * 7
    assert [o["orderReference"] for o in api.request("GET").get_json()] == ["SO-RACE"]


def test_concurrent_first_requests_for_a_certificate_pack_store_one_whole_pack(ctx, api: Api) -> None:
    import io

    from pypdf import PdfReader

    from shared.services.certificate_packs import CERTIFICATE_PACKS_CONTAINER

    [created] = api.create([order("SO-PACK-RACE", lines=2)])
    barrier = Barrier(4)

    def fetch(_: int) -> tuple[int, str, bytes]:
        barrier.wait()
        response = api.request("GET", f"/{created['orderId']}/certificate-pack")
        return response.status_code, response.headers["ETag"], response.data

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(fetch, range(4)))
    assert {status for status, _, _ in results} == {200}
    assert len({etag for _, etag, _ in results}) == 1
    stored = ctx.blobs.list(CERTIFICATE_PACKS_CONTAINER, f"{api.tenant.company_id}/{created['orderId']}/")
    assert len(stored) == 1
    assert len(PdfReader(io.BytesIO(ctx.blobs.get(CERTIFICATE_PACKS_CONTAINER, stored[0]))).pages) >= 1
