"""The commit-ordered change marker (issue 13.4): the list's Change-Token and changeToken delta, and the export
cache key, never miss a transaction that began before others but committed after them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from shared.context import AppContext
from tests.bulk_support import export_zip, zip_members
from tests.support import Api, order


def token(api: Api, query: str = "") -> tuple[int, list[dict]]:
    response = api.request("GET", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.headers["Change-Token"]), response.get_json()


@contextmanager
def began_an_hour_ago(ctx: AppContext) -> Iterator[None]:
    """The next transactions carry a stamp from an hour ago, as one that began long before and committed now would
    (SQL Server stamps rows with the transaction's begin time; the app stamps UpdatedAt at its start)."""
    stamp = ctx.db._transaction_time

    def earlier() -> datetime:
        return stamp() - timedelta(hours=1)

    ctx.db._transaction_time = earlier  # type: ignore[method-assign]
    try:
        yield
    finally:
        ctx.db._transaction_time = stamp  # type: ignore[method-assign]


def test_every_list_carries_the_change_token_and_each_write_moves_it(api: Api) -> None:
    first, _ = token(api)
    [created] = api.create([order("SO-T1")])
    second, _ = token(api)
    api.update([{"orderId": created["orderId"], "site": "Leeds"}])
    third, _ = token(api)
    assert first < second < third
    api.update([{"orderId": created["orderId"], "site": "Leeds"}])  # changes nothing: writes nothing
    assert token(api)[0] == third


def test_change_token_returns_what_changed_since_deletions_included(api: Api) -> None:
    kept, changed, deleted = api.create([order("SO-K"), order("SO-C"), order("SO-D")])
    since, _ = token(api)
    api.update([{"orderId": changed["orderId"], "site": "York"}])
    api.request("DELETE", json=[deleted["orderId"]])
    now, delta = token(api, f"changeToken={since}")
    assert {item["orderReference"]: item["active"] for item in delta} == {"SO-C": True, "SO-D": False}
    assert token(api, f"changeToken={now}")[1] == []
    assert kept["orderId"] not in {item["orderId"] for item in delta}


def test_a_late_commit_is_in_the_delta_though_updated_since_misses_it(ctx: AppContext, api: Api) -> None:
    [late, other] = api.create([order("SO-LATE"), order("SO-OTHER")])
    api.update([{"orderId": other["orderId"], "site": "Hull"}])
    since, listed = token(api)
    seen = max(item["updatedAt"] for item in listed)
    with began_an_hour_ago(ctx):
        api.update([{"orderId": late["orderId"], "site": "Late"}])
    assert [item["orderReference"] for item in token(api, f"updatedSince={seen}")[1]] == ["SO-OTHER"]  # the documented limit
    assert [item["orderReference"] for item in token(api, f"changeToken={since}")[1]] == ["SO-LATE"]


def test_the_cached_export_changes_with_a_late_commit(ctx: AppContext, api: Api) -> None:
    [late, other] = api.create([order("SO-ZL"), order("SO-ZO")])
    api.update([{"orderId": other["orderId"], "site": "Hull"}])
    before = export_zip(api)
    with began_an_hour_ago(ctx):
        api.update([{"orderId": late["orderId"], "site": "Late"}])
    after = export_zip(api, {"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert after.headers["Content-Type"] == "application/zip"
    rows = csv.DictReader(io.StringIO(zip_members(after.data)["orders.csv"].decode("utf-8-sig")))
    assert sorted((row["OrderReference"], row["Site"]) for row in rows) == [("SO-ZL", "Late"), ("SO-ZO", "Hull")]


def test_change_token_must_be_a_non_negative_integer(api: Api) -> None:
    for value, message in (("-1", "Input should be greater than or equal to 0"),
                           ("abc", "Input should be a valid integer, unable to parse string as an integer")):
        response = api.request("GET", query_string=f"changeToken={value}")
        assert response.status_code == 400
        assert response.get_json()["errors"] == [{"field": "changeToken", "message": message}], value
