"""Verified API keys are remembered for a few seconds per process (shared.auth.KeyCache): what that may and may not
change. A key revoked in the serving process stops at once (tests/api/test_auth.py); one revoked elsewhere (the
admin CLI, another worker process) stops within KEY_CACHE_SECONDS; the company check never comes from the cache."""

from __future__ import annotations

from shared.auth import KEY_CACHE_SECONDS, KeyCache, Principal, use_key_cache
from shared.context import AppContext, build_context
from shared.services import admin
from tests.support import Api, Tenant, add_user


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_revoked_by_another_process_stops_working_within_the_cache_time(ctx: AppContext, api: Api) -> None:
    clock = Clock()
    use_key_cache(ctx.db, KeyCache(timer=clock))
    assert api.request("GET").status_code == 200
    elsewhere = build_context(ctx.settings)  # another process's view of the same database: its own cache
    admin.revoke_api_key(elsewhere.db, api.tenant.api_key_id)
    clock.now += KEY_CACHE_SECONDS - 0.5
    assert api.request("GET").status_code == 200  # the documented window
    clock.now += 1
    assert api.request("GET").status_code == 401
    clock.now += 0.1
    assert api.request("GET").status_code == 401  # a refusal is never remembered as anything else


def test_a_cached_key_still_gets_403_on_another_company(ctx: AppContext, api: Api, other_tenant: Tenant) -> None:
    assert api.request("GET").status_code == 200  # now cached
    response = api.client.get(f"/api/companies/{other_tenant.company_id}/orders", headers=api.tenant.headers)
    assert response.status_code == 403


def test_a_new_key_works_at_once_and_each_key_acts_as_its_own_user(ctx: AppContext, api: Api) -> None:
    assert api.request("GET").status_code == 200
    colleague = add_user(ctx, api.tenant, "Carol Quality")
    created = api.client.post(api.url(), json=[{"orderReference": "SO-CACHE", "orderDate": "2026-03-01"}], headers=colleague.headers)
    assert created.status_code == 201, created.get_data(as_text=True)
    order_id = created.get_json()[0]["orderId"]
    [event] = api.client.get(api.url(f"/{order_id}/history"), headers=api.tenant.headers).get_json()
    assert (event["changedById"], event["changedByName"]) == (colleague.user_id, "Carol Quality")


def _principal(n: int) -> Principal:
    return Principal(f"company-{n}", f"user-{n}", f"User {n}", api_key_id=f"key-{n}")


def test_the_cache_forgets_after_its_time_and_holds_at_most_its_size() -> None:
    clock = Clock()
    cache = KeyCache(seconds=5, size=3, timer=clock)
    for n in range(4):
        cache.put(f"hash-{n}", _principal(n), cache.generation)
    assert cache.get("hash-0") is None  # least recently used, pushed out by the fourth
    assert [cache.get(f"hash-{n}") for n in (1, 2, 3)] == [_principal(1), _principal(2), _principal(3)]
    clock.now += 5
    assert [cache.get(f"hash-{n}") for n in (1, 2, 3)] == [None, None, None]


def test_forgetting_a_key_drops_it_and_a_lookup_that_began_before_is_not_remembered() -> None:
    cache = KeyCache()
    cache.put("hash-1", _principal(1), cache.generation)
    cache.put("hash-2", _principal(2), cache.generation)
    began = cache.generation  # a lookup of key 3 starts, reads it as active ...
    cache.forget("key-1")  # ... while key 1 is revoked
    cache.put("hash-3", _principal(3), began)
    assert (cache.get("hash-1"), cache.get("hash-2"), cache.get("hash-3")) == (None, _principal(2), None)


def test_a_lookup_that_began_between_two_forgets_is_not_remembered_either() -> None:
    cache = KeyCache()
    cache.forget("key-8")
    began = cache.generation  # a lookup of key 3 starts after the first revocation ...
    cache.forget("key-9")  # ... and a second one happens before it ends
    cache.put("hash-3", _principal(3), began)
    cache.put("hash-4", _principal(4), cache.generation)
    assert (cache.get("hash-3"), cache.get("hash-4")) == (None, _principal(4))
