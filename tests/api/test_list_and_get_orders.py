"""GET /orders (filters, paging), GET /orders/{id}, GET /orders/{id}/details."""

from __future__ import annotations

import re
import uuid
from unittest.mock import ANY
from urllib.parse import urlsplit

from tests.support import Api, make_organisation, order


def test_orders_are_sorted_by_order_date_descending_then_reference(api: Api) -> None:
    api.create([order("B", orderDate="2026-01-02"), order("A", orderDate="2026-01-02"), order("C", orderDate="2026-02-01")])
    listed = api.request("GET").get_json()
    assert [o["orderReference"] for o in listed] == ["C", "A", "B"]
    assert all("lineItems" not in o for o in listed)


def test_each_listed_order_is_the_order_as_get_shows_it_without_its_lines(ctx, api: Api) -> None:
    org = make_organisation(ctx, api.tenant, "Quay Cranes plc")
    api.create([order("SO-1", lines=2, relatedOrganisationId=org, quantity="12.500"), order("SO-2", deliveryDate=None, quantity="3")])
    listed = api.request("GET").get_json()
    for shown in listed:  # the list builds its rows on a path of its own (order_views), GET on order_view
        whole = api.request("GET", f"/{shown['orderId']}").get_json()
        assert shown == {name: value for name, value in whole.items() if name != "lineItems"}
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", shown["createdAt"]), shown["createdAt"]
    shown = [(o["orderReference"], o["quantity"], o["customerName"]) for o in listed]
    assert shown == [("SO-1", 12.5, "Quay Cranes plc"), ("SO-2", 3, None)]


def test_filters_narrow_the_list(ctx, api: Api) -> None:
    org = make_organisation(ctx, api.tenant, "Northern Fabrication 100%")
    api.create([
        order("SO-1", status="Draft", site="Leeds", orderDate="2026-01-10", deliveryDate=None),
        order("SO-2", status="Open", site="York", orderDate="2026-02-10", relatedOrganisationId=org),
        order("XX_3", status="Open", site="leeds", orderDate="2026-03-10", deliveryDate=None),
    ])
    def refs(query: str) -> list[str]:
        response = api.request("GET", query_string=query)
        assert response.status_code == 200, response.get_data(as_text=True)
        return [o["orderReference"] for o in response.get_json()]
    assert refs("status=open") == ["XX_3", "SO-2"]
    assert refs("site=LEEDS") == ["XX_3", "SO-1"]
    assert refs(f"relatedOrganisationId={org}") == ["SO-2"]
    assert refs("search=northern") == ["SO-2"]
    assert refs("search=100%25") == ["SO-2"]
    assert refs("search=X_") == ["XX_3"]
    assert refs("search=_") == ["XX_3"]
    assert refs("orderDateFrom=2026-02-01&orderDateTo=2026-02-28") == ["SO-2"]


def test_search_takes_like_wildcards_and_the_escape_character_literally(api: Api) -> None:
    """``%``, ``_`` and ``\\`` in a search match only themselves (``[`` too, which only SQL Server's LIKE would read
    as a set): each search here also has a near miss that an unescaped pattern would find."""
    api.create([order(reference) for reference in ("R-100%", "R-1000", "R-a_b", "R-axb", "R-[x]", "R-x", "R-back\\slash", "R-backslash")])
    def refs(search: str) -> list[str]:
        response = api.request("GET", query_string={"search": search})
        assert response.status_code == 200, response.get_data(as_text=True)
        return sorted(o["orderReference"] for o in response.get_json())
    assert refs("100%") == ["R-100%"]
    assert refs("a_b") == ["R-a_b"]
    assert refs("[x]") == ["R-[x]"]
    assert refs("k\\s") == ["R-back\\slash"]
    assert refs("%") == ["R-100%"]


def test_updated_since_and_include_deleted_support_delta_sync(api: Api) -> None:
    api.create([order("SO-untouched")])
    a, b = api.create([order("SO-old"), order("SO-gone")])
    checkpoint = api.get(a["orderId"])["updatedAt"]
    api.request("DELETE", json=[b["orderId"]])
    api.update([{"orderId": a["orderId"], "site": "Moved"}])
    changed = api.request("GET", query_string={"updatedSince": checkpoint, "includeDeleted": "true"}).get_json()
    assert sorted((o["orderReference"], o["active"]) for o in changed) == [("SO-gone", False), ("SO-old", True)]


def test_paging_follows_the_link_header_through_every_order_once(api: Api) -> None:
    created = api.create([order(f"SO-{n:02}", orderDate=f"2026-01-{(n % 3) + 1:02}") for n in range(7)])
    seen, url = [], api.url() + "?limit=3&status=Open"
    while url:
        response = api.client.get(url, headers=api.tenant.headers)
        assert response.status_code == 200
        page = response.get_json()
        assert len(page) <= 3
        seen += [o["orderId"] for o in page]
        link = response.headers.get("Link")
        url = ""
        if link:
            target = re.match(r'<([^>]+)>; rel="next"', link).group(1)  # type: ignore[union-attr]
            url = urlsplit(target).path + "?" + urlsplit(target).query
    assert sorted(seen) == sorted(o["orderId"] for o in created)
    assert seen == [o["orderId"] for o in api.request("GET").get_json()]


def test_the_next_link_is_this_absolute_url_with_only_the_cursor_replaced(api: Api) -> None:
    api.create([order(f"SO-L{n}") for n in range(3)])
    url = f"http://localhost{api.url()}"
    first = api.client.get(f"{url}?status=Open&limit=1&status=Draft&search=SO-L", headers=api.tenant.headers)
    [cursor] = re.findall(r"[?&]cursor=([^&>]+)", first.headers["Link"])
    assert first.headers["Link"] == f'<{url}?status=Open&limit=1&status=Draft&search=SO-L&cursor={cursor}>; rel="next"'
    second = api.client.get(f"{url}?status=Open&limit=1&cursor={cursor}&status=Draft&search=SO-L", headers=api.tenant.headers)
    [next_cursor] = re.findall(r"[?&]cursor=([^&>]+)", second.headers["Link"])
    assert next_cursor != cursor
    assert second.headers["Link"] == f'<{url}?status=Open&limit=1&status=Draft&search=SO-L&cursor={next_cursor}>; rel="next"'
    last = api.client.get(f"{url}?status=Open&limit=1&status=Draft&search=SO-L&cursor={next_cursor}", headers=api.tenant.headers)
    assert len(last.get_json()) == 1 and "Link" not in last.headers


def test_paging_through_orders_sharing_date_and_reference_sees_each_once(api: Api) -> None:
    """Deleted orders may share a reference with each other and the active one: only the id breaks the tie."""
    ids = []
    for _ in range(4):
        [created] = api.create([order("SO-TIE", orderDate="2026-01-05")])
        ids.append(created["orderId"])
        if len(ids) < 4:
            assert api.request("DELETE", json=[created["orderId"]]).status_code == 200
    api.create([order("SO-AFTER", orderDate="2026-01-05"), order("SO-BEFORE", orderDate="2026-01-05")])
    seen, url = [], api.url() + "?limit=1&includeDeleted=true"
    while url:
        response = api.client.get(url, headers=api.tenant.headers)
        assert response.status_code == 200
        seen += [(o["orderReference"], o["orderId"]) for o in response.get_json()]
        link = response.headers.get("Link")
        target = urlsplit(re.match(r'<([^>]+)>; rel="next"', link).group(1)) if link else None  # type: ignore[union-attr]
        url = f"{target.path}?{target.query}" if target else ""
    assert seen == [("SO-AFTER", ANY)] + [("SO-BEFORE", ANY)] + [("SO-TIE", order_id) for order_id in sorted(ids)]
    assert len({order_id for _, order_id in seen}) == 6


def test_the_list_never_shows_another_companys_orders(api: Api, other_api: Api) -> None:
    [mine] = api.create([order("SO-MINE")])
    [theirs] = other_api.create([order("SO-THEIRS")])
    other_api.request("DELETE", json=[theirs["orderId"]])
    other_api.create([order("SO-THEIRS-ACTIVE")])
    for query in ("", "includeDeleted=true", "search=SO", "limit=5"):
        listed = api.request("GET", query_string=query).get_json()
        assert [o["orderId"] for o in listed] == [mine["orderId"]], query
    assert api.request("GET", "/deleted").get_json() == []


def test_bad_query_parameters_are_400_listing_each(api: Api) -> None:
    query = "limit=0&status=shipped&orderDateFrom=31/12/2026&updatedSince=yesterday&relatedOrganisationId=x"
    response = api.request("GET", query_string=query)
    assert response.status_code == 400
    assert response.get_json()["errors"] == [  # in the schema's field order
        {"field": "status", "message": "value 1: Input should be 'Draft', 'Open', 'InProgress', 'Dispatched', 'Completed' or 'Cancelled'"},
        {"field": "relatedOrganisationId", "message": "Input should be a valid UUID, invalid character: found `x` at 0"},
        {"field": "orderDateFrom", "message": "must be a date as YYYY-MM-DD"},
        {"field": "updatedSince", "message": "must be an ISO-8601 timestamp such as 2026-01-31T12:00:00.123456Z"},
        {"field": "limit", "message": "Input should be greater than or equal to 1"},
    ]
    response = api.request("GET", query_string="limit=1001")
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "limit", "message": "Input should be less than or equal to 1000"}]
    response = api.request("GET", query_string="cursor=garbage")
    problem = response.get_json()
    assert (response.status_code, problem["detail"]) == (400, "cursor is not valid; use the Link header of the previous page.")
    assert problem["errors"] == [{"field": "cursor", "message": "invalid"}]


def test_an_order_of_another_company_is_404_on_my_path(api: Api, other_api: Api) -> None:
    [theirs] = other_api.create([order(lines=1)])
    for path in (f"/{theirs['orderId']}", f"/{theirs['orderId']}/details", f"/{uuid.uuid4()}"):
        response = api.request("GET", path)
        assert response.status_code == 404
        assert theirs["orderReference"] not in response.get_data(as_text=True)


def test_details_list_line_items_with_their_reservations(ctx, api: Api) -> None:
    org = make_organisation(ctx, api.tenant, "Quay Cranes plc")
    [created] = api.create([order(lines=2, relatedOrganisationId=org)])
    details = api.request("GET", f"/{created['orderId']}/details").get_json()
    assert details["customerName"] == "Quay Cranes plc"
    assert [line["reservedQuantity"] for line in details["lineItems"]] == [0, 0]
    assert all(line["reservations"] == [] for line in details["lineItems"])
    assert {k: v for k, v in details.items() if k != "lineItems"} == {k: v for k, v in created.items() if k != "lineItems"}
