"""GET .../orders/export/csv and /export/zip, GET .../orders/upload/templates: DESIGN §5-§6, and the round trip."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.bulk.exporting import templates
from shared.bulk.exporting.downloads import EXPORTS_CONTAINER
from shared.context import AppContext
from shared.db import locking
from tests.bulk_support import export_zip, snapshot, summary, upload, zip_members
from tests.support import Api, Tenant, make_organisation, make_tenant, order

ORDER_A, ORDER_B, LINE_1, LINE_2 = (str(uuid.UUID(int=n)) for n in (0xA, 0xB, 0x1, 0x2))
ORDERS_HEADER = ("OrderId,OrderReference,CustomerName,RelatedOrganisationId,Quantity,OrderDate,DeliveryDate,Site,Status,Active,"
                 "CreatedAt,UpdatedAt,CustomerReference,DeliveryAddress")
LINES_HEADER = ("OrderLineItemId,OrderId,OrderReference,LineNumber,ProductCode,Description,MaterialGrade,Quantity,Unit,Notes,Active,"
                "CreatedAt,UpdatedAt")


def fixture_orders(ctx: AppContext, api: Api, tenant: Tenant) -> tuple[str, dict, dict]:
    organisation = make_organisation(ctx, tenant, "Bridge, Fab & Co")
    lines = [
        {"orderLineItemId": LINE_1, "productCode": "-5", "description": "two\nlines", "materialGrade": "S355", "quantity": 1.5,
         "unit": "t", "notes": "@home"},
        {"orderLineItemId": LINE_2, "quantity": 1000, "notes": "x,y"},
    ]
    a, b = api.create([
        {"orderId": ORDER_A, "orderReference": "=SUM(A1)", "quantity": 12.5, "orderDate": "2026-03-01", "deliveryDate": "2026-03-20",
         "site": 'He said "hi"', "status": "InProgress", "relatedOrganisationId": organisation, "lineItems": lines},
        {"orderId": ORDER_B, "orderReference": "SO-2", "orderDate": "2026-02-01", "status": "Draft"},
    ])
    return organisation, a, b


def test_the_zip_holds_both_files_byte_exact(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    organisation, a, b = fixture_orders(ctx, api, tenant)
    stamp = a["createdAt"]
    assert {a["updatedAt"], b["createdAt"], b["updatedAt"]} == {stamp}  # one transaction, one time
    response = export_zip(api)
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="orders.zip"')
    assert zip_members(response.data) == {
        "orders.csv": (
            f"\ufeff{ORDERS_HEADER}\r\n"
            f"{ORDER_A},'=SUM(A1),\"Bridge, Fab & Co\",{organisation},12.5,2026-03-01,2026-03-20,\"He said \"\"hi\"\"\",InProgress,true,"
            f"{stamp},{stamp},,\r\n"
            f"{ORDER_B},SO-2,,,,2026-02-01,,,Draft,true,{stamp},{stamp},,\r\n"
        ).encode(),
        "order-line-items.csv": (
            f"\ufeff{LINES_HEADER}\r\n"
            f"{LINE_1},{ORDER_A},'=SUM(A1),1,'-5,\"two\nlines\",S355,1.5,t,'@home,true,{stamp},{stamp}\r\n"
            f"{LINE_2},{ORDER_A},'=SUM(A1),2,,,,1000,,\"x,y\",true,{stamp},{stamp}\r\n"
        ).encode(),
    }


def test_orders_csv_is_utf8_with_bom_and_crlf_as_an_attachment(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    fixture_orders(ctx, api, tenant)
    response = api.request("GET", "/export/csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="orders.csv"')
    assert response.data == zip_members(export_zip(api).data)["orders.csv"]


def test_only_active_orders_and_their_active_line_items_are_exported(api: Api) -> None:
    kept, dropped = api.create([order("SO-KEPT", lines=2), order("SO-DROPPED", lines=1)])
    api.request("DELETE", json=[dropped["orderId"]])
    api.update([{**kept, "lineItems": kept["lineItems"][:1]}])
    members = zip_members(export_zip(api).data)
    assert members["orders.csv"].count(b"\r\n") == 2 and b"SO-DROPPED" not in members["orders.csv"]
    assert members["order-line-items.csv"].count(b"\r\n") == 2


def test_numbers_dates_and_times_are_written_as_the_json_api_writes_them(api: Api) -> None:
    [created] = api.create(order("SO-1", quantity=0.0001, lines=1))
    members = zip_members(export_zip(api).data)
    row = members["orders.csv"].decode("utf-8-sig").splitlines()[1].split(",")
    assert row[4:7] == ["0.0001", created["orderDate"], created["deliveryDate"]]
    assert row[10:12] == [created["createdAt"], created["updatedAt"]]


def test_the_second_download_is_served_from_blob_storage_without_rendering(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    api.create(order("SO-1", lines=1))
    first = export_zip(api)
    etag = first.headers["ETag"].strip('"')
    assert ctx.blobs.list(EXPORTS_CONTAINER) == [f"{tenant.company_id}/{etag}.zip"]
    # Replace the stored export: a re-render would not return this.
    ctx.blobs.put(EXPORTS_CONTAINER, f"{tenant.company_id}/{etag}.zip", b"the stored copy")
    second = export_zip(api)
    assert second.data == b"the stored copy" and second.headers["ETag"] == first.headers["ETag"]


def test_if_none_match_with_the_etag_gives_304(api: Api) -> None:
    api.create(order("SO-1"))
    etag = export_zip(api).headers["ETag"]
    response = export_zip(api, {"If-None-Match": etag}, expect=304)
    assert response.data == b""


def test_any_change_to_the_orders_invalidates_the_stored_export(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    [first, second] = api.create([order("SO-1", lines=2), order("SO-2")])
    changes: list[Callable[[], Any]] = [
        lambda: api.update([{"orderId": first["orderId"], "site": "York"}]),
        lambda: api.update([{"orderId": first["orderId"], "lineItems": first["lineItems"][:1]}]),
        lambda: api.request("DELETE", json=[second["orderId"]]),
        lambda: api.request("POST", "/restore", json=[second["orderId"]]),
        lambda: api.create(order("SO-3")),
    ]
    etags = [export_zip(api).headers["ETag"]]
    for change in changes:
        change()
        response = export_zip(api)
        etags.append(response.headers["ETag"])
        assert ctx.blobs.list(EXPORTS_CONTAINER) == [f"{tenant.company_id}/{etags[-1].strip(chr(34))}.zip"]  # older ones removed
    assert len(set(etags)) == len(etags)
    assert b"SO-3" in zip_members(response.data)["orders.csv"]


def test_another_companys_export_is_forbidden(api: Api, other_api: Api) -> None:
    response = other_api.client.get(api.url("/export/zip"), headers=other_api.tenant.headers)
    assert response.status_code == 403


def test_templates_hold_the_header_rows_only(api: Api) -> None:
    templates.upload_templates.cache_clear()  # built by this request, not by an earlier one (or a parent process)
    response = api.request("GET", "/upload/templates")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/zip"
    assert zip_members(response.data) == {
        "orders-template.csv": b"\xef\xbb\xbfOrderId,OrderReference,CustomerName,RelatedOrganisationId,Quantity,OrderDate,DeliveryDate,"
                               b"Site,Status,CustomerReference,DeliveryAddress\r\n",
        "order-line-items-template.csv": b"\xef\xbb\xbfOrderLineItemId,OrderId,OrderReference,LineNumber,ProductCode,Description,"
                                         b"MaterialGrade,Quantity,Unit,Notes\r\n",
    }
    assert api.request("GET", "/upload/templates", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


# --- the round trip: export, upload unchanged, nothing changes (property-based) ---

# Any printable text, with the characters that matter to CSV and to spreadsheets made likely.
_CHARS = st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from(list("\t\n\r,;\"'=+-@ ")))
_TEXT = st.text(_CHARS, max_size=20)
_OPTIONAL_TEXT = st.none() | _TEXT
_REFERENCE = _TEXT.filter(lambda text: bool(text.strip()))
_LINE = st.fixed_dictionaries({
    "productCode": _OPTIONAL_TEXT, "description": _OPTIONAL_TEXT, "materialGrade": _OPTIONAL_TEXT, "unit": _OPTIONAL_TEXT,
    "notes": _OPTIONAL_TEXT, "quantity": st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("99999999"), places=4),
})
_ORDER = st.fixed_dictionaries({
    "orderReference": _REFERENCE, "site": _OPTIONAL_TEXT,
    "quantity": st.none() | st.decimals(min_value=0, max_value=Decimal("99999999"), places=4),
    "orderDate": st.dates().map(str), "status": st.sampled_from(["Draft", "Open", "InProgress", "Dispatched", "Completed", "Cancelled"]),
    "customer": st.sampled_from([None, 0, 1]), "lineItems": st.lists(_LINE, max_size=3),
})
_ORDERS = st.lists(_ORDER, min_size=1, max_size=4, unique_by=lambda item: str(item["orderReference"]).strip().casefold())
_CUSTOMERS = ('Smith, "Jones" & Co', "=HYPERLINK(\"http://x\")")


def _json_ready(orders: list[dict], customers: list[str]) -> list[dict]:
    def numbers(item: dict) -> dict:
        return {key: float(value) if isinstance(value, Decimal) else value for key, value in item.items()}

    return [
        {**numbers({k: v for k, v in item.items() if k not in ("customer", "lineItems")}),
         "relatedOrganisationId": None if item["customer"] is None else customers[item["customer"]],
         "lineItems": [numbers(line) for line in item["lineItems"]]}
        for item in orders
    ]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(orders=_ORDERS)
def test_an_exported_zip_uploaded_unchanged_changes_nothing(ctx: AppContext, client, orders: list[dict]) -> None:
    tenant = make_tenant(ctx)  # a fresh company for every example
    api = Api(client, tenant)
    customers = [make_organisation(ctx, tenant, name) for name in _CUSTOMERS]
    api.create(_json_ready(orders, customers))
    before = snapshot(api)
    members = zip_members(export_zip(api).data)
    result = upload(api, members["orders.csv"], members["order-line-items.csv"])
    assert result == summary(orders=(0, 0, len(orders)), lines=(0, 0, sum(len(item["lineItems"]) for item in orders)))
    assert snapshot(api) == before


class _FailingStore:
    """Blob storage that cannot be reached."""

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise OSError("storage is unreachable")

        return fail


def test_unreachable_blob_storage_makes_the_zip_a_503_not_a_500(ctx: AppContext, api: Api) -> None:
    from shared import context as app_context

    api.create(order("SO-1"))
    app_context.use(AppContext(ctx.settings, ctx.db, _FailingStore(), ctx.clock))  # type: ignore[arg-type]
    response = api.request("GET", "/export/zip")
    assert response.status_code == 503 and "Retry-After" in response.headers


def test_zip_members_are_deflated_dated_by_the_latest_change_and_other_companies_exports_are_kept(
    ctx: AppContext, api: Api, other_api: Api, tenant: Tenant, other_tenant: Tenant
) -> None:
    def members(content: bytes) -> list[tuple[tuple[int, ...], int]]:
        return [(info.date_time, info.compress_type) for info in zipfile.ZipFile(io.BytesIO(content)).infolist()]

    assert members(export_zip(api).data) == [((1980, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED)] * 2  # no orders: ZIP's epoch
    theirs = export_zip(other_api).headers["ETag"].strip('"')
    [placed] = api.create([order("SO-Z", lines=1)])
    changed = datetime.fromisoformat(api.get(placed["orderId"])["updatedAt"].replace("Z", "+00:00"))
    dos_time = (*changed.timetuple()[:5], changed.second // 2 * 2)  # a ZIP member's time counts seconds in twos
    assert members(export_zip(api).data) == [(dos_time, zipfile.ZIP_DEFLATED)] * 2
    assert f"{other_tenant.company_id}/{theirs}.zip" in ctx.blobs.list(EXPORTS_CONTAINER)  # only our older export went


def test_renaming_or_swapping_customer_names_gives_a_new_export(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    """The ZIP exports customer names, which live on the organisations, not the orders: the stored export and its ETag
    must follow them (ours alone: another company's organisations change nothing)."""
    atlas, borg = make_organisation(ctx, tenant, "Atlas"), make_organisation(ctx, tenant, "Borg")
    api.create([order("SO-A", relatedOrganisationId=atlas), order("SO-B", relatedOrganisationId=borg)])

    def customers() -> tuple[str, bytes]:
        response = export_zip(api)
        rows = zip_members(response.data)["orders.csv"].decode().splitlines()[1:]
        return response.headers["ETag"], b"; ".join(row.split(",")[2].encode() for row in rows)

    first = customers()
    assert first[1] == b"Atlas; Borg"
    make_organisation(ctx, make_tenant(ctx, "Other Co", "Olga"), "Zeta")
    assert customers() == first
    def rename(organisation: str, name: str) -> None:
        path = f"/api/companies/{tenant.company_id}/organisations/{organisation}"
        assert api.client.put(path, headers=tenant.headers, json={"name": name}).status_code == 200

    rename(atlas, "Atlas Cranes")
    renamed = customers()
    assert renamed[1] == b"Atlas Cranes; Borg" and renamed[0] != first[0]
    for organisation, name in ((atlas, "Temp"), (borg, "Atlas Cranes"), (atlas, "Borg")):  # the same two names, swapped
        rename(organisation, name)
    swapped = customers()
    assert swapped[1] == b"Borg; Atlas Cranes" and swapped[0] not in (first[0], renamed[0])


def test_a_change_committed_with_an_older_stamp_still_gives_a_new_export(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    """On SQL Server a long write can commit after a later-stamped one, leaving the latest stamps and the order count as
    they were: the commit-ordered change marker must still change the export. Here the late commit is made by hand:
    the order's site changes, its UpdatedAt stays older than the other order's."""
    early, _late = api.create([order("SO-EARLY", site="Leeds"), order("SO-LATE")])
    before = export_zip(api)
    with ctx.db.write() as tx:
        tx.lock(locking.ORDERS, tenant.company_id, [early["orderId"]])
        changed = tx.execute("UPDATE Orders SET Site = ? WHERE CompanyId = ? AND OrderId = ?",
                             ("York", tenant.company_id, early["orderId"]))
        tx.note_changed_orders(tenant.company_id, [early["orderId"]])
        tx.commit()
    assert changed == 1
    after = export_zip(api)
    assert after.headers["ETag"] != before.headers["ETag"]
    assert b"York" in zip_members(after.data)["orders.csv"] and b"Leeds" not in zip_members(after.data)["orders.csv"]
