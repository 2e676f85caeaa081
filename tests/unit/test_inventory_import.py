"""``python -m shared.cli import-inventory``: stock rows and certificate files, all or nothing."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from shared.cli.app import main
from shared.context import AppContext
from shared.db.values import guid, opt_guid, to_decimal
from shared.services.certificate_files import CERTIFICATES_CONTAINER, MAX_CERTIFICATE_BYTES
from tests.support import Tenant

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
HEADER = "Name,Quantity,Unit,HeatNumber,MaterialGrade,CertificateFile"


@pytest.fixture
def certs(tmp_path: Path) -> Path:
    folder = tmp_path / "certs"
    (folder / "2026").mkdir(parents=True)
    (folder / "2026" / "H1.pdf").write_bytes(PDF)
    (folder / "H2.png").write_bytes(PNG)
    (folder / "H3.jpg").write_bytes(JPEG)
    return folder


def run(capsys: pytest.CaptureFixture[str], tenant: Tenant, sheet: Path, certs: Path | None = None) -> tuple[int, Any, str]:
    args = ["import-inventory", "--company", tenant.company_id, str(sheet)] + (["--certificates", str(certs)] if certs else [])
    code = main(args)
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 else None, err


def write(tmp_path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    sheet = tmp_path / "stock.csv"
    sheet.write_text("\n".join(lines) + "\n", encoding=encoding)
    return sheet


def stock(ctx: AppContext, company_id: str) -> list[dict[str, Any]]:
    with ctx.db.read() as tx:
        rows = tx.query(
            "SELECT i.InventoryId, i.Name, i.Quantity, i.Unit, i.HeatNumber, i.MaterialGrade, i.CertificateId, i.ParentInventoryId,"
            " c.FileName, c.ContentType, c.SizeBytes, c.Sha256, c.BlobName, u.DisplayName AS CreatedBy FROM Inventory i"
            " LEFT JOIN Certificates c ON c.CertificateId = i.CertificateId JOIN Users u ON u.UserId = i.CreatedById"
            " WHERE i.CompanyId = ?",
            (company_id,),
        )
    return [{**row, "InventoryId": guid(row["InventoryId"]), "CertificateId": opt_guid(row["CertificateId"]),
             "Quantity": to_decimal(row["Quantity"])} for row in rows]


def test_import_prints_the_new_ids_in_file_order_and_stores_each_certificate_by_content(
    ctx: AppContext, tenant: Tenant, tmp_path: Path, certs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write(tmp_path, HEADER, "Plate 20mm,12.5,t,H1,S355J2+N,2026/H1.pdf", "Bar 50mm,300,kg,H2,1.4404,H2.png",
                  "Tube,40,m,H3,S355J2H,H3.jpg", "Offcut,1.25,t,,,")
    code, result, err = run(capsys, tenant, sheet, certs)
    assert code == 0, err
    ids = result["inventoryIds"]
    rows = {row["InventoryId"]: row for row in stock(ctx, tenant.company_id)}
    assert [rows[i]["Name"] for i in ids] == ["Plate 20mm", "Bar 50mm", "Tube", "Offcut"]
    plate, bar, tube, offcut = (rows[i] for i in ids)
    assert (plate["Quantity"], plate["Unit"], plate["HeatNumber"], plate["MaterialGrade"]) == (12.5, "t", "H1", "S355J2+N")
    assert [row["ContentType"] for row in (plate, bar, tube)] == ["application/pdf", "image/png", "image/jpeg"]
    assert (plate["FileName"], plate["SizeBytes"]) == ("H1.pdf", len(PDF))
    assert str(plate["Sha256"]).strip() == hashlib.sha256(PDF).hexdigest()
    assert ctx.blobs.get(CERTIFICATES_CONTAINER, plate["BlobName"]) == PDF
    assert plate["BlobName"].startswith(f"{tenant.company_id}/")
    assert offcut["CertificateId"] is None and offcut["HeatNumber"] is None and offcut["ParentInventoryId"] is None
    assert {row["CreatedBy"] for row in rows.values()} == {"Inventory import"}


def test_identical_certificate_content_is_one_certificate_even_across_imports(
    ctx: AppContext, tenant: Tenant, tmp_path: Path, certs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (certs / "copy-of-H1.pdf").write_bytes(PDF)
    sheet = write(tmp_path, HEADER, "A,1,t,H1,,2026/H1.pdf", "B,1,t,H1,,copy-of-H1.pdf", "C,1,t,H1,,2026/H1.pdf")
    assert run(capsys, tenant, sheet, certs)[0] == 0
    assert run(capsys, tenant, sheet, certs)[0] == 0
    rows = stock(ctx, tenant.company_id)
    assert len(rows) == 6 and len({row["CertificateId"] for row in rows}) == 1
    assert {row["FileName"] for row in rows} == {"H1.pdf"}
    assert len(ctx.blobs.list(CERTIFICATES_CONTAINER, f"{tenant.company_id}/")) == 1


def test_headers_match_ignoring_case_spaces_and_underscores_and_semicolons_and_a_bom_are_read(
    ctx: AppContext, tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write(tmp_path, "name;QUANTITY;heat_number;Material Grade", "Blech 3mm;850.5;H9;DC01", encoding="utf-8-sig")
    code, _, err = run(capsys, tenant, sheet)
    assert code == 0, err
    [row] = stock(ctx, tenant.company_id)
    assert (row["Name"], row["Quantity"], row["HeatNumber"], row["MaterialGrade"]) == ("Blech 3mm", 850.5, "H9", "DC01")


def test_every_row_error_is_listed_and_nothing_is_written(
    ctx: AppContext, tenant: Tenant, tmp_path: Path, certs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (certs / "notes.pdf").write_bytes(b"just text pretending to be a PDF")
    (tmp_path / "secret.pdf").write_bytes(PDF)
    sheet = write(
        tmp_path, HEADER,
        "Good,1,t,H1,,2026/H1.pdf",
        ",1,t,,,",                      # row 3: empty name
        "Plate,-2,t,,,",                # row 4: negative quantity
        "Plate,lots,t,,,",              # row 5: not a number
        "Plate,1,t,,,missing.pdf",      # row 6: no such file
        "Plate,1,t,,,notes.pdf",        # row 7: not a PDF by content
        "Plate,1,t,,,../secret.pdf",    # row 8: outside the folder
        f"Plate,1,t,,,{tmp_path / 'secret.pdf'}",  # row 9: absolute path
        "Plate,1",                      # row 10: too few cells
    )
    code, _, err = run(capsys, tenant, sheet, certs)
    assert code == 1
    assert "8 problem(s); nothing was imported" in err
    for row in range(3, 11):
        assert f"'row': {row}," in err, row
    assert "'row': 2," not in err
    assert stock(ctx, tenant.company_id) == []
    assert ctx.blobs.list(CERTIFICATES_CONTAINER) == []


def test_a_symbolic_link_out_of_the_certificates_folder_is_refused(
    ctx: AppContext, tenant: Tenant, tmp_path: Path, certs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "outside.pdf").write_bytes(PDF)
    os.symlink(tmp_path / "outside.pdf", certs / "inside.pdf")
    code, _, err = run(capsys, tenant, write(tmp_path, HEADER, "Plate,1,t,,,inside.pdf"), certs)
    assert code == 1 and "outside the --certificates folder" in err
    assert stock(ctx, tenant.company_id) == []


def test_a_certificate_file_needs_the_certificates_folder(tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tenant, write(tmp_path, HEADER, "Plate,1,t,,,H1.pdf"))
    assert code == 1 and "--certificates" in err


def test_a_certificate_larger_than_20_mib_is_refused(
    tenant: Tenant, tmp_path: Path, certs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (certs / "huge.pdf").open("wb") as handle:
        handle.write(PDF)
        handle.truncate(MAX_CERTIFICATE_BYTES + 1)
    code, _, err = run(capsys, tenant, write(tmp_path, HEADER, "Plate,1,t,,,huge.pdf"), certs)
    assert code == 1 and "larger than 20 MiB" in err


@pytest.mark.parametrize(
    ("header", "message"),
    [("Name,Quantity,Colour", "unknown column"), ("Name,Unit", "required column is missing"), ("Name,Quantity,name", "repeated column")],
)
def test_an_unusable_header_is_refused(
    tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, message: str
) -> None:
    code, _, err = run(capsys, tenant, write(tmp_path, header, "Plate,1,x"))
    assert code == 1 and message in err


def test_an_unknown_company_is_refused(tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unknown = Tenant("00000000-0000-4000-8000-000000000000", "", "", "", "")
    code, _, err = run(capsys, unknown, write(tmp_path, HEADER, "Plate,1,t,,,"))
    assert code == 1 and "No company" in err
