"""POST .../inventory/upload refused, word for word (detail and every error's row, column or file, and message), and
accepted up to its limits: a certificate named through a Windows folder, 100 certificate files (101 are a 413
before the service sees them), the caller as the creator of what it imports."""

from __future__ import annotations

from typing import Any

from shared.services.certificate_files import MAX_CERTIFICATE_BYTES
from tests.stock_support import PDF, body, call, upload_file
from tests.support import Api


def problem(api: Api, files: list[Any]) -> tuple[str, Any]:
    answer = call(api, "POST", "inventory/upload", 400, data={"files": files}).get_json()
    assert body(api, "GET", "inventory") == []
    return answer["detail"], answer.get("errors")


def sheet(*rows: str) -> Any:
    return upload_file("\r\n".join(["Name,Quantity,Unit,CertificateFile", *rows, ""]).encode(), "stock.csv")


def certificates(count: int) -> list[Any]:
    """``count`` distinct small PDFs, as fresh file objects (a request reads them to their end)."""
    return [upload_file(PDF.replace(b"\n", f"\n%{n}\n".encode(), 1), f"{n}.pdf") for n in range(count)]


def test_every_bad_row_is_listed_in_row_order(api: Api) -> None:
    rows = (",1,t,", "Plate,-2,t,", "Plate,lots,t,", "Plate,1,t,certs\\2026\\mtc.pdf", "Plate,1,t,scans/missing.pdf",
            "Plate,1,t\x07,", "Plate,1", "Plate,1,t,")
    assert problem(api, [sheet(*rows), upload_file(PDF, "mtc.pdf")]) == ("stock.csv: 6 problem(s); nothing was imported.", [
        {"row": 2, "column": "Name", "message": "String should have at least 1 character"},
        {"row": 3, "column": "Quantity", "message": "Input should be greater than 0"},
        {"row": 4, "column": "Quantity", "message": "Input should be a valid decimal"},
        {"row": 6, "column": "CertificateFile", "message": "scans/missing.pdf: no such file in the upload"},
        {"row": 7, "column": "Unit", "message": "must not contain control characters"},
        {"row": 8, "message": "has 2 cells; the header has 4"},
    ])


def test_certificate_files_sent_twice_or_too_large_are_each_named(api: Api) -> None:
    too_large = PDF + b"\0" * (MAX_CERTIFICATE_BYTES + 1 - len(PDF))
    files = [sheet("Plate,1,t,a.pdf"), upload_file(PDF, "a.pdf"), upload_file(PDF, "a.pdf"), upload_file(too_large, "big.pdf")]
    assert problem(api, files) == ("A certificate file cannot be used; nothing was imported.", [
        {"file": "a.pdf", "message": "sent more than once"},
        {"file": "big.pdf", "message": "is larger than 20 MiB"},
    ])


def test_one_csv_and_at_most_100_certificate_files(api: Api) -> None:
    assert problem(api, [sheet("Plate,1,t,"), upload_file(b"Name,Quantity\n", "more.csv")]) == (
        "Send exactly one CSV file (and any certificate files); got 2 files that are not PDF, PNG or JPEG.", None)
    answer = call(api, "POST", "inventory/upload", 413, data={"files": [sheet("Plate,1,t,7.pdf"), *certificates(101)]}).get_json()
    assert answer["detail"] == "The multipart body has more than 101 parts, a non-file field over 65536 bytes, or part headers over 32 KiB."
    ids = body(api, "POST", "inventory/upload", 201, data={"files": [sheet("Plate,1,t,7.pdf"), *certificates(100)]})["inventoryIds"]
    assert body(api, "GET", f"inventory/{ids[0]}")["certificate"]["fileName"] == "7.pdf"


def test_a_certificate_named_through_windows_folders_is_found_and_the_caller_is_the_creator(api: Api) -> None:
    files = [sheet("Plate,1,t,certs\\2026\\mtc.pdf"), upload_file(PDF, "mtc.pdf")]
    [stock_id] = body(api, "POST", "inventory/upload", 201, data={"files": files})["inventoryIds"]
    assert body(api, "GET", f"inventory/{stock_id}")["certificate"]["fileName"] == "mtc.pdf"
    [created] = body(api, "GET", f"inventory/{stock_id}/history")
    assert (created["changedById"], created["changedByName"]) == (api.tenant.user_id, "Alice Planner")


def test_a_stock_sheet_that_cannot_be_read_is_named_in_the_answer(api: Api) -> None:
    latin1 = upload_file("Name,Quantity,Unit,CertificateFile\r\nStahlträger,1,t,\r\n".encode("latin-1"), "lager.csv")
    assert problem(api, [latin1]) == ("lager.csv is not UTF-8 text.", None)
    assert problem(api, [upload_file(b"", "empty.csv")])[0].startswith("empty.csv is empty; a header row ")
    broken = upload_file(b'Name,Quantity,Unit,CertificateFile\r\n"Plate,1,t,\r\n', "broken.csv")
    assert problem(api, [broken])[0].startswith("broken.csv is not valid CSV: ")
