"""CLI parity of the stock, certificate, customer and traceability routes: the same services, acting as the
company's ``Admin CLI`` system principal (what history shows as the author)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shared.auth import Principal
from shared.bulk.reading.files import UploadedFile
from shared.context import AppContext
from shared.models.certificates import CertificateUpdate
from shared.models.inventory import InventoryListQuery
from shared.models.organisations import OrganisationListQuery, OrganisationUpdate
from shared.services import certificates_api, inventory_queries, organisations_api, traceability, traceability_order
from shared.services.principals import require_company, system_principal
from shared.services.traceability_csv import recall_csv

CLI_PRINCIPAL = "Admin CLI"


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("list-organisations", help="list a company's customers (related organisations)")
    command.add_argument("--company", required=True)
    command.add_argument("--search")
    command.set_defaults(handler=_list_organisations)

    command = subparsers.add_parser("rename-organisation", help="rename a customer (the old name stays in its history)")
    command.add_argument("--company", required=True)
    command.add_argument("--id", required=True)
    command.add_argument("--name", required=True)
    command.set_defaults(handler=_rename)

    command = subparsers.add_parser("list-inventory", help="list a company's stock rows")
    command.add_argument("--company", required=True)
    command.add_argument("--search")
    command.add_argument("--heat-number", action="append", help="repeatable")
    command.set_defaults(handler=_list_inventory)

    command = subparsers.add_parser("add-certificate", help="store a certificate file (PDF/PNG/JPEG) with its metadata")
    command.add_argument("--company", required=True)
    command.add_argument("file", type=Path)
    command.add_argument("--number")
    command.add_argument("--type", choices=["2.1", "2.2", "3.1", "3.2"], help="EN 10204 type")
    command.add_argument("--manufacturer")
    command.add_argument("--issued-on", help="YYYY-MM-DD")
    command.add_argument("--heat-number", action="append", help="repeatable")
    command.add_argument("--attach", action="append", metavar="INVENTORYID", help="stock row to attach it to; repeatable")
    command.set_defaults(handler=_add_certificate)

    command = subparsers.add_parser("trace-heat", help="where did a heat go (stock, reservations, orders, customers, certificates)")
    command.add_argument("--company", required=True)
    command.add_argument("heat")
    command.add_argument("--csv", type=Path, metavar="FILE", help="write the recall list to FILE")
    command.set_defaults(handler=_trace_heat)

    command = subparsers.add_parser("trace-order", help="where did an order's material come from")
    command.add_argument("--company", required=True)
    command.add_argument("order")
    command.set_defaults(handler=lambda ctx, args: traceability_order.trace_order(ctx.db, _actor(ctx, args.company), args.order.lower()))


def _actor(ctx: AppContext, company: str) -> Principal:
    with ctx.db.write() as tx:
        actor = system_principal(tx, require_company(tx, company), CLI_PRINCIPAL)
        tx.commit()
    return actor


def _list_organisations(ctx: AppContext, args: argparse.Namespace) -> dict[str, Any]:
    page = organisations_api.list_page(ctx.db, _actor(ctx, args.company), OrganisationListQuery(search=args.search))
    return {"organisations": page.organisations}


def _rename(ctx: AppContext, args: argparse.Namespace) -> dict[str, Any]:
    return organisations_api.rename(ctx.db, _actor(ctx, args.company), args.id.lower(), OrganisationUpdate(name=args.name))


def _list_inventory(ctx: AppContext, args: argparse.Namespace) -> dict[str, Any]:
    query = InventoryListQuery.model_validate({"search": args.search, "heatNumber": ",".join(args.heat_number or []) or None})
    return {"inventory": inventory_queries.list_page(ctx.db, _actor(ctx, args.company), query).rows}


def _add_certificate(ctx: AppContext, args: argparse.Namespace) -> dict[str, Any]:
    metadata = CertificateUpdate.model_validate({
        key: value for key, value in {
            "certificateNumber": args.number, "en10204Type": args.type, "manufacturer": args.manufacturer, "issuedOn": args.issued_on,
            "heatNumbers": args.heat_number, "inventoryIds": args.attach,
        }.items() if value is not None
    })
    file = UploadedFile(args.file.name, args.file.read_bytes())
    return certificates_api.upload(ctx.db, ctx.blobs, _actor(ctx, args.company), [file], metadata).certificate


def _trace_heat(ctx: AppContext, args: argparse.Namespace) -> dict[str, Any]:
    trace = traceability.trace_heat(ctx.db, _actor(ctx, args.company), args.heat)
    if args.csv is None:
        return trace
    args.csv.write_bytes(recall_csv(trace))
    return {"file": str(args.csv), "reservations": len(trace["reservations"]), "stock": len(trace["stock"])}
