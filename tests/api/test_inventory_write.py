"""Stock written over the API: create (atomic batch), CSV upload with certificates, update, delete/restore, history."""

from __future__ import annotations

from typing import Any

from tests.stock_support import PDF, body, call, order_for, stock
from tests.support import Api

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def reserve(api: Api, inventory_id: str, quantity: str, split: str = "0") -> dict[str, Any]:
    [placed] = api.create([order_for(None, quantity)])
    line = placed["lineItems"][0]
    path = f"/{placed['orderId']}/line-items/{line['orderLineItemId']}/reservations"
    response = api.request("POST", path, query_string={"inventoryId": inventory_id, "reserveQuantity": quantity, "split": split})
    assert response.status_code == 201, response.get_data(as_text=True)
    return {**response.get_json(), "orderReference": placed["orderReference"]}


def test_created_rows_come_back_in_order_and_are_listed(api: Api) -> None:
    created = body(api, "POST", "inventory", 201, json=[stock("B"), stock("A", quantity="2.5", unit="kg")])
    assert [row["name"] for row in created] == ["B", "A"] and created[1]["quantity"] == 2.5 and created[1]["unit"] == "kg"
    assert [row["name"] for row in body(api, "GET", "inventory")] == ["A", "B"]


def test_one_bad_row_creates_nothing_and_every_problem_is_listed(api: Api) -> None:
    response = call(api, "POST", "inventory", 400, json=[stock("ok"), stock("", quantity=0), stock("x", certificateId=None, bogus=1)])
    assert response.get_json()["errors"] == [
        {"field": "[1].name", "message": "String should have at least 1 character"},
        {"field": "[1].quantity", "message": "Input should be greater than 0"},
        {"field": "[2].bogus", "message": "Extra inputs are not permitted"},
    ]
    assert body(api, "GET", "inventory") == []


def test_a_certificate_of_another_company_or_unknown_is_400(api: Api, other_api: Api) -> None:
    response = call(api, "POST", "inventory", 400, json=[stock(certificateId="00000000-0000-4000-8000-000000000000")])
    assert response.get_json()["errors"] == [
        {"field": "[0].certificateId", "message": "unknown certificate 00000000-0000-4000-8000-000000000000"}
    ]


def test_a_chosen_id_already_used_is_409(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock()])
    call(api, "POST", "inventory", 409, json=[stock(inventoryId=row["inventoryId"])])


def test_the_upload_takes_the_import_csv_and_its_certificate_files(api: Api) -> None:
    sheet = ("Name;Quantity;Unit;Heat Number;material_grade;CertificateFile\r\n"
             "Plate;7.5;t;N41902;S355;certs/mtc.pdf\r\nBar;3;m;K1;;photo.png\r\nSpare;1;;;;\r\n")
    files = {"files": [(_file(sheet.encode(), "stock.csv")), _file(PDF, "mtc.pdf"), _file(PNG, "photo.png")]}
    ids = body(api, "POST", "inventory/upload", 201, data=files)["inventoryIds"]
    rows = {row["name"]: row for row in body(api, "GET", "inventory")}
    assert [rows[name]["inventoryId"] for name in ("Plate", "Bar", "Spare")] == ids
    plate = body(api, "GET", f"inventory/{ids[0]}")
    assert plate["certificate"]["fileName"] == "mtc.pdf" and rows["Spare"]["certificateId"] is None
    assert plate["heatNumber"] == "N41902"


def test_an_upload_naming_a_missing_file_imports_nothing(api: Api) -> None:
    sheet = b"Name,Quantity,CertificateFile\nPlate,1,absent.pdf\nBar,0,\n"
    response = call(api, "POST", "inventory/upload", 400, data={"files": [_file(sheet, "stock.csv"), _file(PDF, "mtc.pdf")]})
    assert [error["row"] for error in response.get_json()["errors"]] == [2, 3]
    assert body(api, "GET", "inventory") == []


def test_an_upload_with_two_csv_files_is_400(api: Api) -> None:
    files = [_file(b"Name,Quantity\nA,1\n", "a.csv"), _file(b"Name,Quantity\n", "b.csv")]
    call(api, "POST", "inventory/upload", 400, data={"files": files})


def test_update_changes_only_what_is_sent_and_history_shows_it(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock()])
    updated = body(api, "PUT", f"inventory/{row['inventoryId']}", json={**row, "heatNumber": "N41903", "materialGrade": None})
    assert updated["heatNumber"] == "N41903" and updated["materialGrade"] is None and updated["name"] == row["name"]
    events = body(api, "GET", f"inventory/{row['inventoryId']}/history")
    assert [event["changeType"] for event in events] == ["Created", "Updated"]
    assert {change["field"]: change["newValue"] for change in events[1]["changes"]} == {"heatNumber": "N41903", "materialGrade": None}
    assert events[1]["changedByName"] == "Alice Planner" and events[1]["entityLabel"] == row["name"]


def test_a_stale_updated_at_is_409(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock()])
    body(api, "PUT", f"inventory/{row['inventoryId']}", json={"name": "renamed"})
    call(api, "PUT", f"inventory/{row['inventoryId']}", 409, json={"name": "again", "updatedAt": row["updatedAt"]})


def test_reserved_stock_keeps_what_the_reservation_certifies(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock(quantity=4)])
    held = reserve(api, row["inventoryId"], "4")
    for change in ({"quantity": 3}, {"unit": "kg"}, {"heatNumber": "X"}, {"materialGrade": "S235"}):
        response = call(api, "PUT", f"inventory/{row['inventoryId']}", 409, json=change)
        assert held["orderReference"] in response.get_json()["detail"]
    assert body(api, "PUT", f"inventory/{row['inventoryId']}", json={"name": "Plate, renamed"})["name"] == "Plate, renamed"
    response = call(api, "DELETE", "inventory", 409, json={"inventoryIds": [row["inventoryId"]]})
    assert held["orderReference"] in response.get_data(as_text=True)
    assert body(api, "GET", f"inventory/{row['inventoryId']}")["active"] is True


def test_delete_and_restore_are_soft_and_counted_once(api: Api) -> None:
    rows = body(api, "POST", "inventory", 201, json=[stock("A"), stock("B")])
    ids = [row["inventoryId"] for row in rows]
    assert body(api, "DELETE", "inventory", json=ids) == {"deletedCount": 2, "deletedIds": ids}
    assert body(api, "DELETE", "inventory", json={"inventoryIds": ids})["deletedCount"] == 0
    assert body(api, "GET", "inventory") == [] and len(body(api, "GET", "inventory?includeDeleted=1")) == 2
    call(api, "GET", f"inventory/{ids[0]}", 404)
    assert body(api, "POST", "inventory/restore", json={"inventoryIds": ids[:1]})["restoredIds"] == ids[:1]
    events = body(api, "GET", f"inventory/{ids[1]}/history")
    assert [event["changeType"] for event in events] == ["Created", "Deleted"]


def test_an_unknown_id_in_a_delete_is_404_and_nothing_changes(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock()])
    call(api, "DELETE", "inventory", 404, json=[row["inventoryId"], "00000000-0000-4000-8000-000000000000"])
    assert body(api, "GET", f"inventory/{row['inventoryId']}")["active"] is True


def test_history_shows_the_split_and_who_reserved_and_released(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock(quantity=10)])
    held = reserve(api, row["inventoryId"], "4", split="1")
    parent_events = body(api, "GET", f"inventory/{row['inventoryId']}/history")
    assert parent_events[-1]["changes"] == [{"field": "quantity", "oldValue": 10, "newValue": 6}]
    child = held["linkedInventoryId"]
    events = body(api, "GET", f"inventory/{child}/history")
    assert [(event["entityType"], event["changeType"]) for event in events] == [("Inventory", "Created"), ("Reservation", "Reserved")]
    assert events[1]["entityLabel"] == f"{held['orderReference']} line 1"


def _file(content: bytes, name: str) -> tuple[Any, str]:
    import io

    return (io.BytesIO(content), name)
