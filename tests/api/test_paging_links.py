"""The next-page ``Link`` of the paged lists, word for word: this request's URL with only the cursor replaced, every
other parameter kept as sent (blank and repeated ones too), and no Link on the last page. Also a blank query value
where a route reads a single parameter: ``?asset=`` is no asset."""

from __future__ import annotations

from pathlib import Path

from werkzeug.test import TestResponse

from tests.stock_support import body, call, stock
from tests.support import Api, order

DOCS_JS = Path(__file__).resolve().parents[2] / "shared" / "docs" / "docs.js"


def cursor_of(response: TestResponse) -> str:
    return str(response.headers["Link"]).split("&cursor=", 1)[1].split(">", 1)[0]


def test_the_orders_link_keeps_a_blank_parameter_and_replaces_only_the_cursor(api: Api) -> None:
    api.create([order("SO-1"), order("SO-2")])
    first = api.request("GET", query_string="search=&limit=1&cursor=")
    cursor = cursor_of(first)
    assert first.headers["Link"] == f'<http://localhost{api.url()}?search=&limit=1&cursor={cursor}>; rel="next"'
    last = api.request("GET", query_string=f"search=&limit=1&cursor={cursor}")
    assert [o["orderReference"] for o in first.get_json() + last.get_json()] == ["SO-1", "SO-2"]
    assert "Link" not in last.headers


def test_the_stock_link_keeps_blank_and_repeated_parameters_and_stops_on_the_last_page(api: Api) -> None:
    body(api, "POST", "inventory", 201, json=[stock("A", unit="t"), stock("B", unit="kg"), stock("C", unit="m")])
    first = call(api, "GET", "inventory?search=&unit=t&unit=kg&limit=1", 200)
    cursor = cursor_of(first)
    url = f"http://localhost/api/companies/{api.tenant.company_id}/inventory?search=&unit=t&unit=kg&limit=1"
    assert first.headers["Link"] == f'<{url}&cursor={cursor}>; rel="next"'
    last = call(api, "GET", f"inventory?search=&unit=t&unit=kg&limit=1&cursor={cursor}", 200)
    assert [row["name"] for row in first.get_json() + last.get_json()] == ["A", "B"]
    assert "Link" not in last.headers


def test_a_blank_asset_is_the_docs_page_and_a_named_one_is_that_file(client) -> None:
    page = client.get("/api/docs")
    blank = client.get("/api/docs?asset=")
    assert (blank.status_code, blank.mimetype, blank.data) == (200, "text/html", page.data)
    script = client.get("/api/docs?asset=docs.js")
    assert (script.status_code, script.mimetype, script.data) == (200, "text/javascript", DOCS_JS.read_bytes())
