"""Customers over the API: list/search, create, rename with a name history; orders that name their customer."""

from __future__ import annotations

from typing import Any

import pytest

from shared.db import locking
from shared.db.database import Transaction
from shared.repositories import organisation_list
from tests.stock_support import body, call, next_url, rows_across_pages, rows_read
from tests.support import Api, order


def test_created_customers_are_listed_by_name_and_found_by_search(api: Api) -> None:
    created = body(api, "POST", "organisations", 201, json=[{"name": "Northern Bridge Fabrications"}, {"name": "Atlas Cranes"}])
    assert [org["name"] for org in created] == ["Northern Bridge Fabrications", "Atlas Cranes"]
    assert created[0]["nameHistory"][0]["changedByName"] == "Alice Planner"
    listed = body(api, "GET", "organisations")
    assert [org["name"] for org in listed] == ["Atlas Cranes", "Northern Bridge Fabrications"]
    assert [org["name"] for org in body(api, "GET", "organisations?search=bridge")] == ["Northern Bridge Fabrications"]


def test_the_list_pages_with_a_link_header(api: Api) -> None:
    body(api, "POST", "organisations", 201, json=[{"name": f"Customer {n}"} for n in range(5)])
    names = [org["name"] for org in rows_across_pages(api, "organisations?limit=2")]
    assert names == [f"Customer {n}" for n in range(5)]


def test_a_name_taken_in_any_case_is_409_and_nothing_is_created(api: Api) -> None:
    body(api, "POST", "organisations", 201, json={"name": "Atlas Cranes"})
    response = call(api, "POST", "organisations", 409, json=[{"name": "New One"}, {"name": "ATLAS cranes"}])
    assert response.get_json()["errors"] == [{"field": "[1].name", "message": "an organisation named 'ATLAS cranes' already exists"}]
    assert [org["name"] for org in body(api, "GET", "organisations")] == ["Atlas Cranes"]


def test_renaming_keeps_the_old_name_in_the_history_and_orders_show_the_new_name(api: Api) -> None:
    [org] = body(api, "POST", "organisations", 201, json=[{"name": "Atlas Cranes"}])
    [placed] = api.create([order(relatedOrganisationId=org["relatedOrganisationId"])])
    renamed = body(api, "PUT", f"organisations/{org['relatedOrganisationId']}", json={"name": "Atlas Cranes Ltd"})
    assert [entry["name"] for entry in renamed["nameHistory"]] == ["Atlas Cranes", "Atlas Cranes Ltd"]
    assert renamed["nameHistory"][1]["changedByName"] == "Alice Planner"
    assert api.get(placed["orderId"])["customerName"] == "Atlas Cranes Ltd"


def test_renaming_to_another_customers_name_is_409(api: Api) -> None:
    first, _ = body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}, {"name": "Borg"}])
    call(api, "PUT", f"organisations/{first['relatedOrganisationId']}", 409, json={"name": "borg"})


def test_an_order_naming_a_known_customer_links_it_case_insensitively(api: Api) -> None:
    [org] = body(api, "POST", "organisations", 201, json=[{"name": "Northern Bridge Fabrications"}])
    [created] = api.create([order(customerName="northern bridge fabrications")])
    assert created["relatedOrganisationId"] == org["relatedOrganisationId"]
    assert created["customerName"] == "Northern Bridge Fabrications"


def test_an_unknown_customer_name_is_400_naming_it_and_nothing_is_created(api: Api) -> None:
    response = api.request("POST", json=[order(customerName="Nobody Ltd")])
    assert response.status_code == 400
    assert "Nobody Ltd" in response.get_json()["errors"][0]["message"]
    assert api.request("GET").get_json() == []
    assert body(api, "GET", "organisations") == []


def test_create_customers_creates_each_unknown_name_once(api: Api) -> None:
    response = api.request("POST", query_string={"createCustomers": "true"},
                           json=[order(customerName="Northern Bridge"), order(customerName="NORTHERN BRIDGE")])
    assert response.status_code == 201, response.get_data(as_text=True)
    first, second = response.get_json()
    assert first["relatedOrganisationId"] == second["relatedOrganisationId"] is not None
    assert [org["name"] for org in body(api, "GET", "organisations")] == ["Northern Bridge"]


def test_create_customers_takes_only_1_0_true_false(api: Api) -> None:
    response = api.request("POST", query_string={"createCustomers": "yes"}, json=[order(customerName="X")])
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "createCustomers", "message": "must be 1, 0, true or false"}]


def test_an_update_naming_a_customer_links_it_and_an_explicit_null_id_clears_it(api: Api) -> None:
    body(api, "POST", "organisations", 201, json=[{"name": "Atlas Cranes"}])
    [created] = api.create([order()])
    [linked] = api.update([{"orderId": created["orderId"], "customerName": "ATLAS CRANES"}])
    assert linked["customerName"] == "Atlas Cranes"
    read: dict[str, Any] = api.get(created["orderId"])
    [cleared] = api.update([{**read, "relatedOrganisationId": None}])
    assert cleared["relatedOrganisationId"] is None and cleared["customerName"] is None


def test_the_id_wins_over_a_different_customer_name(api: Api) -> None:
    atlas, _ = body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}, {"name": "Borg"}])
    [created] = api.create([order(relatedOrganisationId=atlas["relatedOrganisationId"], customerName="Borg")])
    assert created["customerName"] == "Atlas"


def test_an_upload_naming_an_unknown_customer_is_a_row_error_unless_create_customers(api: Api) -> None:
    import io

    sheet = b"OrderReference,OrderDate,CustomerName\r\nSO-U1,2026-03-01,New Customer Ltd\r\nSO-U2,2026-03-01,new customer ltd\r\n"
    refused = api.request("POST", "/upload", data={"files": [(io.BytesIO(sheet), "orders.csv")]})
    assert refused.status_code == 400
    assert refused.get_json()["errors"] == [
        {"file": "orders.csv", "row": 2, "column": "CustomerName", "message": "no related organisation is named 'New Customer Ltd'"},
        {"file": "orders.csv", "row": 3, "column": "CustomerName", "message": "no related organisation is named 'new customer ltd'"},
    ]
    assert api.request("GET").get_json() == []
    dry = api.request("POST", "/upload", query_string={"createCustomers": "1", "validateOnly": "true"},
                      data={"files": [(io.BytesIO(sheet), "orders.csv")]})
    assert dry.status_code == 200 and body(api, "GET", "organisations") == []
    done = api.request("POST", "/upload", query_string={"createCustomers": "true"}, data={"files": [(io.BytesIO(sheet), "orders.csv")]})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["orders"]["created"] == 2
    [customer] = body(api, "GET", "organisations")
    assert customer["name"] == "New Customer Ltd"
    assert {o["customerName"] for o in api.request("GET").get_json()} == {"New Customer Ltd"}


def test_each_page_of_the_list_is_exact_and_reads_one_row_more_than_it_shows(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    # ids above any text a broken cursor could carry in their place ("None"), so a page would repeat its last row
    created = body(api, "POST", "organisations", 201, json=[
        {"name": f"Customer {n}", "relatedOrganisationId": f"f0000000-0000-4000-8000-00000000000{n}"} for n in (4, 2, 0, 3, 1)])
    by_name = sorted(created, key=lambda org: org["name"])
    assert [org["nameHistory"] for org in by_name] == [
        [{"name": org["name"], "changedAt": org["createdAt"], "changedById": api.tenant.user_id, "changedByName": "Alice Planner"}]
        for org in by_name
    ]
    read = rows_read(monkeypatch, organisation_list)
    first = call(api, "GET", "organisations?limit=3", 200)
    assert first.get_json() == by_name[:3]
    second = api.client.get(next_url(first) or "", headers=api.tenant.headers)
    assert second.get_json() == by_name[3:] and "Link" not in second.headers
    assert read == [4, 2]  # limit + 1 (the last page has fewer), never the whole table


def test_renaming_is_exact_and_a_change_of_case_only_is_a_rename(api: Api) -> None:
    [org] = body(api, "POST", "organisations", 201, json=[{"name": "Atlas Cranes"}])
    renamed = body(api, "PUT", f"organisations/{org['relatedOrganisationId']}", json={"name": "ATLAS CRANES"})
    latest = renamed["nameHistory"][-1]
    assert renamed == {**org, "name": "ATLAS CRANES", "updatedAt": latest["changedAt"], "nameHistory": [
        *org["nameHistory"], {"name": "ATLAS CRANES", "changedAt": latest["changedAt"], "changedById": api.tenant.user_id,
                              "changedByName": "Alice Planner"}]}
    assert latest["changedAt"] > org["createdAt"]
    assert body(api, "GET", "organisations") == [renamed]


def test_renaming_to_a_name_taken_in_any_case_or_an_unknown_organisation_is_an_exact_problem(api: Api) -> None:
    first, _ = body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}, {"name": "Borg"}])
    problem = call(api, "PUT", f"organisations/{first['relatedOrganisationId']}", 409, json={"name": "BORG"}).get_json()
    taken = [{"field": "name", "message": "already taken"}]
    assert (problem["detail"], problem["errors"]) == ("Another organisation is named 'BORG'.", taken)
    unknown = "6f1c1f0e-0000-4000-8000-000000000001"
    problem = call(api, "PUT", f"organisations/{unknown}", 404, json={"name": "Cyd"}).get_json()
    assert problem["detail"] == f"No such organisation in this company: {unknown}."
    assert [org["name"] for org in body(api, "GET", "organisations")] == ["Atlas", "Borg"]


def test_a_rename_takes_the_organisations_row_lock(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """On SQL Server two renames of one organisation queue on its row lock, so the second sees the first's name
    (SQLite's single writer serialises them anyway, which is why this asks for the lock itself)."""
    [org] = body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}])
    taken: list[tuple[Any, str, list[str]]] = []
    lock = Transaction.lock

    def spy(tx: Transaction, target: Any, company_id: str, keys: Any) -> None:
        taken.append((target, company_id, list(keys)))
        lock(tx, target, company_id, keys)

    monkeypatch.setattr(Transaction, "lock", spy)
    body(api, "PUT", f"organisations/{org['relatedOrganisationId']}", json={"name": "Atlas Ltd"})
    assert taken == [(locking.ORGANISATIONS, api.tenant.company_id, [org["relatedOrganisationId"]])]


def test_a_customer_name_is_trimmed_blank_names_none_and_one_not_text_or_too_long_is_an_exact_400(api: Api) -> None:
    [atlas] = body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}])
    linked, unnamed = api.create([order(customerName="  atlas  "), order(customerName="   ")])
    assert (linked["relatedOrganisationId"], linked["customerName"]) == (atlas["relatedOrganisationId"], "Atlas")
    assert unnamed["relatedOrganisationId"] is None
    response = api.request("POST", json=[order(customerName=42), order(customerName=f"  {'x' * 200}  "), order(customerName="x" * 201)])
    assert response.status_code == 400
    message = "must be text of at most 200 characters"
    assert (response.get_json()["detail"], response.get_json()["errors"]) == ("The request has invalid fields.", [
        {"field": "[0].customerName", "message": message}, {"field": "[2].customerName", "message": message}])
