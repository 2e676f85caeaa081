"""POST .../orders/upload: detection by header, upserts, linking, encodings, limits, errors and dry runs (DESIGN §5)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shared import context as app_context
from shared.context import AppContext
from tests.bulk_support import LINE_HEADER, ORDER_HEADER, change, csv_file, post_upload, snapshot, summary, upload
from tests.support import Api, Tenant, http_client, make_context, make_organisation, make_tenant, order

ORDERS = csv_file([
    ["OrderReference", "Quantity", "OrderDate", "DeliveryDate", "Site", "Status"],
    ["SO-1", "12.5", "2026-03-01", "2026-03-20", "Sheffield", "open"],
    ["SO-2", "", "2026-03-02", "", "Rotherham", "In Progress"],
])
LINES = csv_file([
    ["OrderReference", "LineNumber", "ProductCode", "Description", "Quantity", "Unit"],
    ["SO-1", "1", "PL-20", "Plate 20mm, S355", "1.5", "t"],
    ["SO-1", "2", "UB-305", 'Beam "305"', "6", "m"],
    ["SO-2", "", "RB-50", "Round bar\nline two", "40", "kg"],
])


def by_reference(api: Api) -> dict[str, dict]:
    return {item["orderReference"]: item for item in snapshot(api)}


def test_an_orders_file_alone_creates_orders(api: Api) -> None:
    assert upload(api, ORDERS) == summary(orders=(2, 0, 0))
    stored = by_reference(api)
    assert stored["SO-1"]["quantity"] == 12.5 and stored["SO-1"]["deliveryDate"] == "2026-03-20"
    assert stored["SO-2"]["status"] == "InProgress" and stored["SO-2"]["quantity"] is None
    assert stored["SO-2"]["lineItems"] == []


def test_line_items_in_the_same_upload_link_to_new_orders_by_reference(api: Api) -> None:
    assert upload(api, ORDERS, LINES) == summary(orders=(2, 0, 0), lines=(3, 0, 0))
    stored = by_reference(api)
    assert [(line["lineNumber"], line["description"]) for line in stored["SO-1"]["lineItems"]] == [
        (1, "Plate 20mm, S355"), (2, 'Beam "305"')]
    assert stored["SO-2"]["lineItems"][0]["notes"] is None
    assert stored["SO-2"]["lineItems"][0]["description"] == "Round bar\nline two"


def test_a_line_items_file_alone_links_to_stored_orders_by_order_id(api: Api) -> None:
    created = api.create(order("SO-9", lines=1))
    lines = csv_file([["OrderId", "LineNumber", "ProductCode", "Quantity"], [created[0]["orderId"], "", "NEW", "3"]])
    assert upload(api, lines) == summary(lines=(1, 0, 0))
    assert [(line["lineNumber"], line["productCode"]) for line in api.get(created[0]["orderId"])["lineItems"]] == [(1, "PL-1"), (2, "NEW")]


def test_which_file_is_which_is_decided_by_the_header_never_by_field_or_file_name(api: Api) -> None:
    body = post_upload(api, [("orders", "orders.csv", LINES), ("lineItems", "order-line-items.csv", ORDERS)])
    assert body.status_code == 200, body.get_data(as_text=True)
    assert body.get_json() == summary(orders=(2, 0, 0), lines=(3, 0, 0))


def test_reuploading_the_same_files_reports_everything_unchanged_and_writes_nothing(api: Api) -> None:
    upload(api, ORDERS, LINES)
    before = snapshot(api)
    assert upload(api, LINES, ORDERS) == summary(orders=(0, 0, 2), lines=(0, 0, 3))
    assert snapshot(api) == before


def test_an_order_id_known_in_the_company_updates_that_order(api: Api) -> None:
    [created] = api.create(order("SO-1", site="Leeds"))
    rows = csv_file([["OrderId", "OrderReference", "Site"], [created["orderId"], "SO-1-renamed", "York"]])
    order_id = created["orderId"]
    assert upload(api, rows) == summary(orders=(0, 1, 0), changes=[
        change("file1.csv", 2, "OrderReference", "SO-1", "SO-1-renamed", order_id),
        change("file1.csv", 2, "Site", "Leeds", "York", order_id)])
    updated = api.get(created["orderId"])
    assert (updated["orderReference"], updated["site"], updated["orderDate"]) == ("SO-1-renamed", "York", created["orderDate"])
    assert updated["updatedAt"] > created["updatedAt"]


def test_an_unknown_order_id_creates_the_order_with_that_id(api: Api) -> None:
    order_id = str(uuid.uuid4())
    assert upload(api, csv_file([["OrderId", "OrderReference"], [order_id.upper(), "SO-NEW"]])) == summary(orders=(1, 0, 0))
    assert api.get(order_id)["status"] == "Open"


def test_an_order_without_id_updates_the_active_order_holding_its_reference(api: Api) -> None:
    [created] = api.create(order("SO-Ref", quantity=1))
    assert upload(api, csv_file([["OrderReference", "Quantity"], ["so-ref", "2"]])) == summary(orders=(0, 1, 0), changes=[
        change("file1.csv", 2, "OrderReference", "SO-Ref", "so-ref", created["orderId"]),
        change("file1.csv", 2, "Quantity", "1", "2", created["orderId"])])
    assert api.get(created["orderId"])["quantity"] == 2


def test_an_absent_column_is_left_alone_and_an_empty_cell_clears_the_field(api: Api) -> None:
    [created] = api.create(order("SO-1", site="Leeds", quantity=5, deliveryDate="2026-04-01"))
    upload(api, csv_file([["OrderReference", "Site", "DeliveryDate"], ["SO-1", "", ""]]))
    updated = api.get(created["orderId"])
    assert (updated["site"], updated["deliveryDate"], updated["quantity"]) == (None, None, 5)


def test_line_items_upsert_by_id_else_by_line_number_and_never_delete(api: Api) -> None:
    [created] = api.create(order("SO-1", lines=3))
    first, second, third = created["lineItems"]
    rows = csv_file([
        ["OrderLineItemId", "OrderReference", "LineNumber", "Quantity", "Notes"],
        [first["orderLineItemId"], "SO-1", "", "1.5", "by id"],
        ["", "SO-1", "2", "3", "by number"],
        ["", "SO-1", "", "7", "new"],
    ])
    order_id = created["orderId"]
    assert upload(api, rows) == summary(lines=(1, 2, 0), changes=[
        change("file1.csv", 2, "Notes", None, "by id", order_id, first["orderLineItemId"]),
        change("file1.csv", 3, "Notes", None, "by number", order_id, second["orderLineItemId"])])
    lines = api.get(created["orderId"])["lineItems"]
    assert [(line["orderLineItemId"], line["lineNumber"], line["notes"]) for line in lines] == [
        (first["orderLineItemId"], 1, "by id"), (second["orderLineItemId"], 2, "by number"),
        (third["orderLineItemId"], 3, None), (lines[3]["orderLineItemId"], 4, "new")]


def test_two_orders_may_swap_references_and_two_lines_their_numbers(api: Api) -> None:
    a, b = api.create([order("SO-A", lines=2), order("SO-B")])
    one, two = a["lineItems"]
    orders = csv_file([["OrderId", "OrderReference"], [a["orderId"], "SO-B"], [b["orderId"], "SO-A"]])
    lines = csv_file([["OrderLineItemId", "OrderId", "LineNumber"], [one["orderLineItemId"], a["orderId"], "2"],
                      [two["orderLineItemId"], a["orderId"], "1"]])
    assert upload(api, orders, lines) == summary(orders=(0, 2, 0), lines=(0, 2, 0), changes=[
        change("file1.csv", 2, "OrderReference", "SO-A", "SO-B", a["orderId"]),
        change("file1.csv", 3, "OrderReference", "SO-B", "SO-A", b["orderId"]),
        change("file2.csv", 2, "LineNumber", "1", "2", a["orderId"], one["orderLineItemId"]),
        change("file2.csv", 3, "LineNumber", "2", "1", a["orderId"], two["orderLineItemId"])])
    swapped = api.get(a["orderId"])
    assert swapped["orderReference"] == "SO-B"
    assert [line["orderLineItemId"] for line in swapped["lineItems"]] == [two["orderLineItemId"], one["orderLineItemId"]]


def test_a_line_change_alone_moves_its_orders_updated_at(api: Api) -> None:
    [created] = api.create(order("SO-1", lines=1))
    upload(api, csv_file([["OrderReference", "LineNumber", "Notes"], ["SO-1", "1", "changed"]]))
    assert api.get(created["orderId"])["updatedAt"] > created["updatedAt"]


def test_utf8_with_bom_and_excel_cp1252_with_a_warning_are_read(api: Api) -> None:
    rows = [["OrderReference", "Site"], ["SO-1", "Müller € Straße"]]
    assert upload(api, csv_file(rows, bom=True))["warnings"] == []
    result = upload(api, csv_file([["OrderReference", "Site"], ["SO-2", "Müller €"]], encoding="cp1252"))
    assert len(result["warnings"]) == 1 and "Windows-1252" in result["warnings"][0]
    assert {item["orderReference"]: item["site"] for item in snapshot(api)} == {"SO-1": "Müller € Straße", "SO-2": "Müller €"}


def test_semicolons_decimal_commas_and_day_first_dates_are_read(api: Api) -> None:
    header = ["OrderReference", "Quantity", "OrderDate", "DeliveryDate"]
    rows = csv_file([header, ["SO-1", "12,5", "01/03/2026", "5/3/2026"]], delimiter=";")
    upload(api, rows)
    [stored] = snapshot(api)
    assert (stored["quantity"], stored["orderDate"], stored["deliveryDate"]) == (12.5, "2026-03-01", "2026-03-05")


def test_headers_match_ignoring_case_spaces_and_underscores(api: Api) -> None:
    assert upload(api, csv_file([["order reference", "ORDER_DATE"], ["SO-1", "2026-01-31"]])) == summary(orders=(1, 0, 0))
    assert snapshot(api)[0]["orderDate"] == "2026-01-31"


def test_customer_name_resolves_to_a_related_organisation_when_no_id_is_given(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    organisation = make_organisation(ctx, tenant, "Northern Bridge Fabrications")
    upload(api, csv_file([["OrderReference", "CustomerName"], ["SO-1", "northern bridge fabrications"]]))
    [stored] = snapshot(api)
    assert (stored["relatedOrganisationId"], stored["customerName"]) == (organisation, "Northern Bridge Fabrications")


def test_cells_guarded_against_formulas_are_restored(api: Api) -> None:
    upload(api, csv_file([["OrderReference", "Site"], ["'=SO-1", "'-5"], ["''=SO-2", "'x"]]))
    assert {(item["orderReference"], item["site"]) for item in snapshot(api)} == {("=SO-1", "-5"), ("'=SO-2", "'x")}


def test_read_only_columns_are_accepted_and_ignored(api: Api) -> None:
    rows = csv_file([["OrderReference", "Active", "CreatedAt", "UpdatedAt"], ["SO-1", "false", "1999-01-01", "nonsense"]])
    assert upload(api, rows) == summary(orders=(1, 0, 0))
    assert snapshot(api)[0]["active"] is True


def test_validate_only_reports_the_summary_but_writes_nothing(api: Api) -> None:
    assert upload(api, ORDERS, LINES, query="validateOnly=true") == summary(orders=(2, 0, 0), lines=(3, 0, 0))
    assert snapshot(api) == []


def test_validate_only_reports_errors_as_an_upload_would(api: Api) -> None:
    body = upload(api, csv_file([["OrderReference", "OrderDate"], ["SO-1", "31.12.26"]]), query="validateOnly=1", expect=400)
    message = "'31.12.26' has a two-digit year (as a spreadsheet saves dates); write the year in full, e.g. 31.12.2026 or 2026-12-31"
    assert body["errors"] == [{"file": "file1.csv", "row": 2, "column": "OrderDate", "message": message}]


def test_every_row_error_is_listed_with_file_row_and_column_and_nothing_is_written(api: Api) -> None:
    [existing] = api.create(order("SO-TAKEN"))
    orders = csv_file([
        ["OrderReference", "Quantity", "OrderDate", "DeliveryDate", "Status", "RelatedOrganisationId"],
        ["SO-1", "-1", "2026-02-30", "", "Shipped", ""],
        ["SO-2", "", "2026-03-10", "2026-03-01", "", str(uuid.uuid4())],
        ["", "1", "", "", "", ""],
        ["SO-2", "", "", "", "", ""],
    ])
    lines = csv_file([["OrderReference", "LineNumber", "Quantity"], ["SO-404", "", "1"], [existing["orderReference"], "", ""]])
    body = upload(api, orders, lines, expect=400)
    assert body["detail"] == "The upload has 8 errors; nothing was imported."
    assert [(error["file"], error["row"], error["column"]) for error in body["errors"]] == [
        ("file1.csv", 2, "Quantity"), ("file1.csv", 2, "OrderDate"), ("file1.csv", 2, "Status"),
        ("file1.csv", 3, "RelatedOrganisationId"), ("file1.csv", 3, "DeliveryDate"), ("file1.csv", 4, "OrderReference"),
        ("file2.csv", 2, "OrderReference"), ("file2.csv", 3, "Quantity"),
    ]
    assert snapshot(api) == [api.get(existing["orderId"])]


@pytest.fixture
def stored(api: Api, other_api: Api) -> dict[str, str]:
    """Two active orders (with one line each), a deleted one, and an order of another company."""
    active, deleted, second = api.create([order("SO-ACTIVE", lines=1), order("SO-DELETED"), order("SO-SECOND", lines=1)])
    api.request("DELETE", json=[deleted["orderId"]])
    [foreign] = other_api.create(order("SO-FOREIGN"))
    return {"active": active["orderId"], "line": active["lineItems"][0]["orderLineItemId"], "deleted": deleted["orderId"],
            "foreign": foreign["orderId"], "second": second["orderId"]}


ONE_ERROR = "The upload has 1 error; nothing was imported."
NO_ORDER = "no order with this OrderId in this company"


def row_error(row: int, column: str | None, message: str, file: str = "file1.csv") -> dict[str, object]:
    return {"file": file, "row": row, "message": message} | ({"column": column} if column else {})


# case -> (the files, given the stored ids; the problem's detail; its exact errors entries)
BAD_UPLOADS: dict[str, tuple[Callable[[dict[str, str]], list[bytes]], str, list[dict[str, object]]]] = {
    "no file": (lambda ids: [], "Upload one or two CSV files (orders and/or line items); got 0.",
                [{"field": "files", "message": "got 0 CSV files; upload one or two"}]),
    "three files": (lambda ids: [ORDERS, LINES, ORDERS], "Upload one or two CSV files (orders and/or line items); got 3.",
                    [{"field": "files", "message": "got 3 CSV files; upload one or two"}]),
    "two orders files": (lambda ids: [ORDERS, ORDERS], ONE_ERROR,
                         [row_error(1, None, "is a second orders file (the other is file1.csv); upload at most one of each", "file2.csv")]),
    "an unrecognised header": (lambda ids: [csv_file([["Reference", "Qty"], ["SO-1", "1"]])], ONE_ERROR, [row_error(
        1, None, "is neither an orders file (OrderReference or OrderId column) nor a line items file "
        "(LineNumber or OrderLineItemId column)")]),
    "an unknown column": (lambda ids: [csv_file([["OrderReference", "Colour"], ["SO-1", "red"]])], ONE_ERROR, [row_error(
        1, "Colour", "unknown column 'Colour' in an orders file (a line items file is one with a LineNumber or OrderLineItemId column)")]),
    "an empty file": (lambda ids: [b""], ONE_ERROR, [row_error(1, None, "is empty; the first row must be the header.")]),
    "an unterminated quote": (lambda ids: [b'OrderReference,Site\r\nSO-1,"Leeds\r\nSO-2,York\r\n'], ONE_ERROR,
                              [{"file": "file1.csv", "line": 2, "message": "is not valid CSV from line 2: unexpected end of data."}]),
    "a row longer than the header": (lambda ids: [csv_file([["OrderReference"], ["SO-1", "extra"]])], ONE_ERROR,
                                     [row_error(2, None, "has 2 cells but the header has 1 columns")]),
    "neither UTF-8 nor cp1252": (lambda ids: [b"OrderReference\r\nSO-\x81\x8d\r\n"], ONE_ERROR,
                                 [{"file": "file1.csv", "message": "is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8'."}]),
    "a reference used twice": (lambda ids: [csv_file([["OrderReference"], ["SO-1"], ["so-1"]])], ONE_ERROR,
                               [row_error(3, "OrderReference", "'so-1' is also the reference of the order on row 2")]),
    "a reference another active order holds": (
        lambda ids: [csv_file([["OrderId", "OrderReference"], [str(uuid.uuid4()), "SO-ACTIVE"]])], ONE_ERROR,
        [row_error(2, "OrderReference", "is already used by another active order")]),
    "a deleted order's id": (lambda ids: [csv_file([["OrderId", "Site"], [ids["deleted"], "York"]])], ONE_ERROR,
                             [row_error(2, "OrderId", "this order is deleted; restore it before uploading changes to it")]),
    "another company's order id": (lambda ids: [csv_file([["OrderId", "OrderReference"], [ids["foreign"], "SO-MINE"]])], ONE_ERROR,
                                   [row_error(2, "OrderId", "this OrderId is already in use")]),
    "an empty required cell": (lambda ids: [csv_file([["OrderId", "OrderReference"], [ids["active"], ""]])], ONE_ERROR,
                               [row_error(2, "OrderReference", "may not be empty")]),
    "a malformed GUID": (lambda ids: [csv_file([["OrderId", "OrderReference"], ["1234", "SO-1"]])], ONE_ERROR,
                         [row_error(2, "OrderId", "must be a GUID such as 0b7f3c1e-8f1a-4f9e-9a36-2f0c6f1d2a4b (got '1234')")]),
    "a line of another company's order": (lambda ids: [csv_file([["OrderId", "LineNumber", "Quantity"], [ids["foreign"], "1", "1"]])],
                                          ONE_ERROR, [row_error(2, "OrderId", NO_ORDER)]),
    "a line of a deleted order": (lambda ids: [csv_file([["OrderId", "LineNumber", "Quantity"], [ids["deleted"], "1", "1"]])], ONE_ERROR,
                                  [row_error(2, "OrderId", "this order is deleted")]),
    "a line number used twice": (lambda ids: [csv_file([["OrderId", "LineNumber", "Quantity"], *[[ids["active"], "2", "1"]] * 2])],
                                 ONE_ERROR, [row_error(3, "LineNumber", "line number 2 is used twice")]),
    "a line id under another company's order": (
        lambda ids: [csv_file([["OrderLineItemId", "OrderId", "Quantity"], [ids["line"], ids["foreign"], "1"]])], ONE_ERROR,
        [row_error(2, "OrderId", NO_ORDER)]),
    "a line id of another of my orders": (
        lambda ids: [csv_file([["OrderLineItemId", "OrderId", "Quantity"], [ids["line"], ids["second"], "1"]])], ONE_ERROR,
        [row_error(2, "OrderLineItemId", "this OrderLineItemId belongs to another order or a removed line item")]),
    "a zero quantity line": (lambda ids: [csv_file([["OrderId", "LineNumber", "Quantity"], [ids["active"], "", "0"]])], ONE_ERROR,
                             [row_error(2, "Quantity", "Input should be greater than 0 (got '0')")]),
    "a line without its order": (lambda ids: [csv_file([["LineNumber", "Quantity"], ["1", "1"]])], ONE_ERROR, [row_error(
        2, "OrderId", "an OrderId or an OrderReference is required to link the line item to its order")]),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_every_bad_upload_is_a_400_naming_each_problem_and_writes_nothing(api: Api, stored: dict[str, str], case: str) -> None:
    files, detail, errors = BAD_UPLOADS[case]
    before = snapshot(api)
    body = upload(api, *files(stored), expect=400)
    assert (body["status"], body["title"], body["detail"]) == (400, "Bad Request", detail)
    assert body["errors"] == errors
    assert snapshot(api) == before


def test_an_unreadable_csv_names_the_line(api: Api) -> None:
    body = upload(api, b'OrderReference,Site\r\nSO-1,York\r\nSO-2,"Leeds\r\nSO-3,Hull\r\n', expect=400)
    [error] = body["errors"]
    assert error["file"] == "file1.csv" and error["line"] == 3 and "unexpected end of data" in error["message"]


def test_a_long_error_list_is_capped_and_says_how_many_more(api: Api) -> None:
    rows = [["OrderReference", "OrderDate"]] + [[f"SO-{n}", "not a date"] for n in range(150)]
    body = upload(api, csv_file(rows), expect=400)
    assert len(body["errors"]) == 100
    assert body["detail"] == "The upload has 150 errors; nothing was imported. The first 100 are listed; 50 more not shown."


def test_a_body_that_is_not_multipart_is_415(api: Api) -> None:
    response = api.request("POST", "/upload", data=ORDERS, content_type="text/csv")
    assert response.status_code == 415
    assert response.get_json()["detail"] == "Send the CSV files as multipart/form-data, not text/csv."


def test_a_malformed_multipart_body_is_400(api: Api) -> None:
    detail = ("The multipart body cannot be read: a part has no Content-Disposition header or the body ends before its closing "
              "boundary.")  # werkzeug's own wording names its parser state ("cannot parse beyond State.PART")
    for body in (b"--x\r\nnonsense", b"--x\r\nContent-Type: text/csv\r\n\r\nOrderReference\r\n--x--\r\n"):
        response = api.request("POST", "/upload", data=body, content_type="multipart/form-data; boundary=x")
        assert response.status_code == 400
        problem = response.get_json()
        assert (problem["detail"], "errors" in problem) == (detail, False), body
    assert snapshot(api) == []


def test_another_companys_key_is_refused_before_anything_is_read(other_api: Api, tenant: Tenant) -> None:
    response = other_api.client.post(f"/api/companies/{tenant.company_id}/orders/upload", headers=other_api.tenant.headers, data=b"junk")
    assert response.status_code == 403


@pytest.fixture
def limited(tmp_path: Path, backend: str) -> Iterator[Api]:
    """An app whose uploads are limited to 2 KiB and 3 rows per file."""
    context = make_context(tmp_path / "limited", backend, max_upload_bytes=2048, max_upload_rows=3)
    app_context.use(context)
    yield Api(http_client(), make_tenant(context))
    app_context.use(None)


def test_an_upload_over_the_byte_limit_is_413_before_it_is_parsed(limited: Api) -> None:
    response = limited.request("POST", "/upload", data=b"x" * 2049, content_type="multipart/form-data; boundary=whatever")
    assert response.status_code == 413
    assert snapshot(limited) == []


def test_a_file_over_the_row_limit_is_413(limited: Api) -> None:
    upload(limited, csv_file([["OrderReference"], ["SO-1"], ["SO-2"], ["SO-3"]]))
    upload(limited, csv_file([["OrderReference"], ["SO-4"], ["SO-5"], ["SO-6"], ["SO-7"]]), expect=413)
    assert len(snapshot(limited)) == 3


def test_too_many_parts_are_413(limited: Api) -> None:
    parts = [(f"field{n}", f"f{n}.csv", b"") for n in range(11)]
    assert post_upload(limited, parts).status_code == 413


def test_the_upload_records_who_did_it(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    upload(api, ORDERS)
    with ctx.db.read() as tx:
        actors = {row["CreatedById"] for row in tx.query("SELECT CreatedById FROM Orders WHERE CompanyId = ?", (tenant.company_id,))}
    assert {str(actor).lower() for actor in actors} == {tenant.user_id}


def test_an_order_file_from_an_export_of_another_tool_with_ids_creates_everything(api: Api) -> None:
    order_id, line_id = str(uuid.uuid4()), str(uuid.uuid4())
    orders = csv_file([ORDER_HEADER, [order_id, "SO-X", "", "", "5", "2026-01-02", "", "", "Draft"]])
    lines = csv_file([LINE_HEADER, [line_id, order_id, "SO-X", "7", "P", "", "", "2.25", "kg", ""]])
    assert upload(api, orders, lines) == summary(orders=(1, 0, 0), lines=(1, 0, 0))
    [line] = api.get(order_id)["lineItems"]
    assert (line["orderLineItemId"], line["lineNumber"], line["quantity"]) == (line_id, 7, 2.25)
