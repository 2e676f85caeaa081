"""POST /companies/{companyId}/orders."""

from __future__ import annotations

import uuid

from tests.support import Api, make_organisation, order


def test_creating_an_order_returns_it_with_its_line_items_numbered_in_order(api: Api) -> None:
    [created] = api.create([order("SO-1001", lines=3)])
    assert created["orderReference"] == "SO-1001"
    assert created["status"] == "Open"
    assert created["active"] is True
    assert created["companyId"] == api.tenant.company_id
    assert created["quantity"] == 12.5
    assert [line["lineNumber"] for line in created["lineItems"]] == [1, 2, 3]
    assert [line["quantity"] for line in created["lineItems"]] == [1.5, 3, 4.5]
    assert created["createdAt"].endswith("Z") and created["createdAt"] == created["updatedAt"]
    assert api.get(created["orderId"]) == created


def test_a_single_object_body_is_accepted_as_a_batch_of_one(api: Api) -> None:
    created = api.create(order("SO-single"))
    assert len(created) == 1 and created[0]["lineItems"] == []


def test_client_supplied_ids_are_kept_and_guids_are_lowercased(api: Api) -> None:
    order_id, line_id = str(uuid.uuid4()), str(uuid.uuid4())
    body = order("SO-ids", orderId=order_id.upper(), lineItems=[{"orderLineItemId": line_id.upper(), "quantity": 2}])
    [created] = api.create([body])
    assert created["orderId"] == order_id
    assert created["lineItems"][0]["orderLineItemId"] == line_id


def test_status_is_matched_case_insensitively_and_returned_canonical(api: Api) -> None:
    created = api.create([order(status="in progress"), order(status="DISPATCHED"), order(status="draft")])
    assert [o["status"] for o in created] == ["InProgress", "Dispatched", "Draft"]


def test_customer_name_comes_from_the_related_organisation(ctx, api: Api) -> None:
    org_id = make_organisation(ctx, api.tenant, "Bridge Builders Ltd")
    [with_org, without] = api.create([order(relatedOrganisationId=org_id), order()])
    assert with_org["customerName"] == "Bridge Builders Ltd"
    assert without["customerName"] is None
    listed = {o["orderId"]: o["customerName"] for o in api.request("GET").get_json()}
    assert listed[with_org["orderId"]] == "Bridge Builders Ltd"


def test_an_organisation_of_another_company_is_unknown(ctx, api: Api, other_tenant) -> None:
    foreign = make_organisation(ctx, other_tenant, "Their Customer")
    response = api.request("POST", json=[order(relatedOrganisationId=foreign)])
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "[0].relatedOrganisationId", "message": f"unknown related organisation {foreign}"}]


def test_every_validation_error_is_listed_at_once_and_nothing_is_written(api: Api) -> None:
    body = [
        order("SO-ok"),
        {"orderReference": "", "quantity": "lots", "status": "Shipped", "orderDate": "01/02/2026", "unknownField": 1},
        order("SO-dates", orderDate="2026-05-01", deliveryDate="2026-04-01", lineItems=[{"quantity": 0}, {"lineNumber": 0, "quantity": 1}]),
    ]
    response = api.request("POST", json=body)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "The request has invalid fields."
    assert response.get_json()["errors"] == [
        {"field": "[1].orderReference", "message": "must not be empty"},
        {"field": "[1].quantity", "message": "Input should be a valid decimal"},
        {"field": "[1].orderDate", "message": "must be a date as YYYY-MM-DD"},
        {"field": "[1].status", "message": "Input should be 'Draft', 'Open', 'InProgress', 'Dispatched', 'Completed' or 'Cancelled'"},
        {"field": "[1].unknownField", "message": "Extra inputs are not permitted"},
        {"field": "[2].deliveryDate", "message": "deliveryDate may not be before orderDate"},
        {"field": "[2].lineItems[0].quantity", "message": "Input should be greater than 0"},
        {"field": "[2].lineItems[1].lineNumber", "message": "Input should be greater than or equal to 1"},
    ]
    assert api.request("GET").get_json() == []


def test_duplicate_references_in_one_batch_are_a_conflict_and_nothing_is_written(api: Api) -> None:
    response = api.request("POST", json=[order("SO-dup"), order("so-dup")])
    assert response.status_code == 409
    assert (response.get_json()["detail"], response.get_json()["errors"]) == ("An order reference is already in use.", [
        {"field": "orderReference", "message": "'SO-dup' appears twice, as 'SO-dup' and as 'so-dup' (case is ignored) in the request"}])
    assert api.request("GET").get_json() == []


def test_a_reference_held_by_an_active_order_is_a_conflict(api: Api) -> None:
    api.create([order("SO-taken")])
    response = api.request("POST", json=[order("SO-new"), order("SO-taken")])
    assert response.status_code == 409
    assert [o["orderReference"] for o in api.request("GET").get_json()] == ["SO-taken"]


def test_a_reference_of_a_deleted_order_can_be_reused(api: Api) -> None:
    [first] = api.create([order("SO-reuse")])
    api.request("DELETE", json={"orderIds": [first["orderId"]]})
    [second] = api.create([order("SO-reuse")])
    assert second["orderId"] != first["orderId"]


def test_the_same_reference_may_exist_in_two_companies(api: Api, other_api: Api) -> None:
    api.create([order("SO-shared")])
    other_api.create([order("SO-shared")])


def test_an_existing_order_id_is_a_conflict(api: Api, other_api: Api) -> None:
    [created] = other_api.create([order()])
    response = api.request("POST", json=[order(orderId=created["orderId"])])
    assert response.status_code == 409


def test_duplicate_line_numbers_are_rejected(api: Api) -> None:
    body = order(lineItems=[{"lineNumber": 2, "quantity": 1}, {"lineNumber": 2, "quantity": 1}])
    response = api.request("POST", json=[body])
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "[0].lineItems[1].lineNumber", "message": "line number 2 is used twice"}]


def test_omitted_line_numbers_fill_the_free_numbers(api: Api) -> None:
    body = order(lineItems=[{"quantity": 1}, {"lineNumber": 1, "quantity": 1}, {"quantity": 1}])
    [created] = api.create([body])
    assert sorted(line["lineNumber"] for line in created["lineItems"]) == [1, 2, 3]


def test_a_company_id_other_than_the_path_is_rejected_and_read_only_fields_are_ignored(api: Api, other_api: Api) -> None:
    response = api.request("POST", json=[order(companyId=other_api.tenant.company_id)])
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "[0].companyId", "message": "must be the company in the path"}]
    [created] = api.create([order(companyId=api.tenant.company_id, active=False, customerName=None, createdAt="2001-01-01T00:00:00Z")])
    assert created["active"] is True and created["customerName"] is None and not created["createdAt"].startswith("2001")
    # customerName is no longer ignored (issue 15): it names the customer, and a name no organisation has is a 400.
    response = api.request("POST", json=[order(companyId=api.tenant.company_id, customerName="Forged")])
    assert response.status_code == 400
    assert (response.get_json()["detail"], response.get_json()["errors"]) == ("A customerName names no single organisation.", [
        {"field": "[0].customerName", "message": "no organisation is named 'Forged' (create it, or pass createCustomers=true)"}])
    assert [item["orderId"] for item in api.request("GET").get_json()] == [created["orderId"]]


def test_decimals_keep_their_precision_and_reject_more_than_four_places(api: Api) -> None:
    json_headers = {"Content-Type": "application/json"}
    # 15 significant digits at most (issue 16.1): 11 before the point with 4 after.
    body = b'[{"orderReference": "SO-big", "orderDate": "2026-01-01", "quantity": 12345678901.1234}]'
    assert api.request("POST", data=body, headers=json_headers).status_code == 201
    assert '"quantity":12345678901.1234' in api.request("GET").get_data(as_text=True)
    body = b'[{"orderReference": "SO-fine", "quantity": 1.23456}]'
    response = api.request("POST", data=body, headers=json_headers)
    assert response.status_code == 400
    message = "Decimal input should have no more than 4 decimal places"
    assert response.get_json()["errors"] == [{"field": "[0].quantity", "message": message}]


def test_bad_json_is_a_400_problem_never_a_500(api: Api) -> None:
    cases = (
        (b"{", "The request body is not valid JSON: Expecting property name enclosed in double quotes or '}' at line 1 column 2."),
        (b'[{"orderReference": NaN}]', "The request body is not valid JSON: Expecting value at line 1 column 21."),
        (b'{"a": 1, "a": 2}', "The request body is not acceptable JSON: duplicate key 'a'."),
        (b"[" * 5000 + b"]" * 5000, "The JSON is nested more than 64 levels deep."),
        ("\ufffe".encode("utf-16"), "The request body is not UTF-8 text."),
    )
    for body, detail in cases:
        response = api.request("POST", data=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, body[:20]
        assert response.mimetype == "application/problem+json"
        problem = response.get_json()
        assert (problem["status"], problem["detail"], "errors" in problem) == (400, detail, False), body[:20]
    assert api.request("GET").get_json() == []


def test_a_non_json_content_type_is_415(api: Api) -> None:
    response = api.request("POST", data=b"orderReference=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    assert response.get_json()["detail"] == "Send JSON (Content-Type: application/json), not application/x-www-form-urlencoded."


def test_batches_over_the_limits_are_413(api: Api) -> None:
    response = api.request("POST", json=[order() for _ in range(1001)])
    assert (response.status_code, response.get_json()["detail"]) == (413, "At most 1000 orders per request; got 1001.")
    lines = [{"quantity": 1} for _ in range(10_001)]
    assert api.request("POST", json=[order(lineItems=lines), order(lineItems=lines)]).status_code == 413


def test_an_empty_batch_is_rejected(api: Api) -> None:
    response = api.request("POST", json=[])
    assert (response.status_code, response.get_json()["detail"]) == (400, "The body must be a non-empty JSON array of orders.")
