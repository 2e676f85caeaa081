"""Test helpers for the company routes beside orders: stock, certificates, customers, traceability."""

from __future__ import annotations

from typing import Any

from werkzeug.test import TestResponse

from tests.support import Api

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def call(api: Api, method: str, path: str, expect: int | None = None, **kwargs: Any) -> TestResponse:
    """``path`` below ``/api/companies/{companyId}/`` (e.g. ``inventory?limit=2``)."""
    headers = {**api.tenant.headers, **kwargs.pop("headers", {})}
    response = api.client.open(f"/api/companies/{api.tenant.company_id}/{path}", method=method, headers=headers, **kwargs)
    if expect is not None:
        assert response.status_code == expect, response.get_data(as_text=True)
    return response


def body(api: Api, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
    return call(api, method, path, expect, **kwargs).get_json()


def stock(name: str = "Plate 20mm S355J2+N", quantity: Any = 10, **fields: Any) -> dict[str, Any]:
    return {"name": name, "quantity": quantity, "unit": "t", "heatNumber": "H-1001", "materialGrade": "S355J2+N", **fields}


def next_url(response: TestResponse) -> str | None:
    link = response.headers.get("Link")
    return link.split("<", 1)[1].split(">", 1)[0] if link else None


def rows_across_pages(api: Api, first: str) -> list[Any]:
    """Every row of a paged list, from ``first`` (below ``/api/companies/{companyId}/``) through each next-page Link."""
    rows: list[Any] = []
    response = call(api, "GET", first, 200)
    while True:
        rows += response.get_json()
        url = next_url(response)
        if url is None:
            return rows
        response = api.client.get(url, headers=api.tenant.headers)


def real_pdf(pages: int = 1, marker: str = "") -> bytes:
    """A small valid PDF (pypdf), distinct per ``marker``."""
    import io

    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": marker or "certificate"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload_file(content: bytes, name: str) -> Any:
    import io

    return (io.BytesIO(content), name)


def order_for(reference: str | None = None, *quantities: Any, grade: str = "S355J2+N", unit: str = "t", **fields: Any) -> dict[str, Any]:
    """An order whose lines (one per quantity) ask for the material ``stock()`` makes, so reservations match."""
    from tests.support import order

    lines = [{"productCode": f"PL-{n}", "description": "Plate 20mm", "materialGrade": grade, "quantity": quantity, "unit": unit}
             for n, quantity in enumerate(quantities or (10,), start=1)]
    return order(reference, lineItems=lines, **fields)


def rows_read(monkeypatch: Any, module: Any) -> list[int]:
    """How many rows each call of ``module.list_page`` returned, in call order (a page reads limit + 1, never the table)."""
    read: list[int] = []
    listing = module.list_page

    def counted(*args: Any) -> Any:
        rows = listing(*args)
        read.append(len(rows))
        return rows

    monkeypatch.setattr(module, "list_page", counted)
    return read
