"""Encodings are errors when they lose data (issue 18.5): a double-encoded header, '?' for characters Windows-1252
cannot hold, UTF-16 and tab-separated files are 400s that say what happened; good text of every kind still imports."""

from __future__ import annotations

from shared.bulk.reading.text_checks import SAVE_AS_UTF8
from tests.bulk_support import csv_file, snapshot, upload
from tests.support import Api, order

HEADER = ["OrderReference", "OrderDate", "Status", "Site"]


def misread(text: str) -> str:
    """UTF-8 text opened as Windows-1252 (what a spreadsheet shows), to be saved again as UTF-8."""
    return text.encode("utf-8").decode("cp1252")


def only_error(api: Api, content: bytes) -> dict:
    body = upload(api, content, expect=400)
    assert snapshot(api) == []
    [error] = body["errors"]
    return error


def double_encoded(value: str, shown: str, meant: str) -> str:
    return (f"'{value}' looks double-encoded: '{shown}' is how '{meant}' reads when a UTF-8 file is opened as Windows-1252 "
            "(or Latin-1) and saved again; not applied. Correct the text (or start again from the export) and save the "
            "file as UTF-8; if the text is meant, upload again with acceptReformatted=true")


def test_new_double_encoded_text_in_a_cell_is_refused_naming_the_column(api: Api) -> None:
    orders = csv_file([HEADER, ["SO-1", "2026-01-02", "Draft", misread("Tôle")], ["SO-2", "2026-01-02", "Draft", "Leeds"]])
    lines = csv_file([["OrderReference", "LineNumber", "Quantity", "Description"], ["SO-2", "1", "1", misread("Blech – 2 mm")]])
    assert upload(api, orders, lines, expect=400)["errors"] == [
        {"file": "file1.csv", "row": 2, "column": "Site", "message": double_encoded("TÃ´le", "Ã´", "ô")},
        {"file": "file2.csv", "row": 2, "column": "Description", "message": double_encoded("Blech â€“ 2 mm", "â€“", "–")},
    ]
    assert snapshot(api) == []


def test_accept_reformatted_imports_double_encoded_looking_text_as_typed(api: Api) -> None:
    content = csv_file([HEADER, ["SO-1", "2026-01-02", "Draft", misread("Tôle")], ["SO-2", "2026-01-02", "Draft", "Â¡"]])
    assert upload(api, content, query="acceptReformatted=true")["orders"]["created"] == 2
    assert sorted(item["site"] for item in snapshot(api)) == ["TÃ´le", "Â¡"]


def test_a_stored_double_encoded_looking_value_uploads_unchanged_but_may_not_be_typed_anew(api: Api) -> None:
    [stored] = api.create(order("SO-1", site="Â¡", customerReference="ok"))
    unchanged = csv_file([["OrderId", "OrderReference", "Site"], [stored["orderId"], "SO-1", "Â¡"]])
    assert upload(api, unchanged)["orders"] == {"created": 0, "updated": 0, "unchanged": 1}
    changed = csv_file([["OrderId", "CustomerReference"], [stored["orderId"], misread("Třinec")]])
    assert upload(api, changed, expect=400)["errors"] == [
        {"file": "file1.csv", "row": 2, "column": "CustomerReference", "message": double_encoded(misread("Třinec"), "Å™", "ř")}]
    assert api.get(stored["orderId"])["customerReference"] == "ok"


def test_a_header_starting_with_a_misread_byte_order_mark_is_refused(api: Api) -> None:
    content = ("\ufeff" + misread("\ufeff") + ",".join(HEADER) + "\r\nSO-1,2026-01-02,Draft,Leeds\r\n").encode("utf-8")
    error = only_error(api, content)
    assert error == {"file": "file1.csv", "line": 1, "message": "starts with 'ï»¿': a UTF-8 byte order mark that was read as "
                     "Windows-1252 text and saved again. Nothing was imported: correct the text (or start again from the "
                     "export) and save it as UTF-8. " + SAVE_AS_UTF8}


def test_a_question_mark_for_a_character_windows_1252_cannot_hold_is_refused(api: Api) -> None:
    content = csv_file([HEADER, ["SO-1", "2026-01-02", "Draft", "Tôle"], ["SO-2", "2026-01-02", "Draft", "Třinec"]],
                       encoding="cp1252", errors="replace")
    error = only_error(api, content)
    assert error == {"file": "file1.csv", "line": 3, "message": "is not UTF-8 and line 3 holds 'T?inec': a '?' inside a word "
                     "is what a spreadsheet saving as Windows-1252 (Excel's plain 'CSV') writes for a character it cannot "
                     "encode (such as ř or ł), so that text would be stored wrong. " + SAVE_AS_UTF8}


def test_utf16_is_named(api: Api) -> None:
    content = csv_file([HEADER, ["SO-1", "2026-01-02", "Draft", "Třinec"]], delimiter="\t", encoding="utf-16")
    assert only_error(api, content) == {"file": "file1.csv", "row": 1, "message": "is UTF-16 text (what Excel saves as "
                                        "'Unicode Text'), not a CSV file in UTF-8. " + SAVE_AS_UTF8}


def test_tab_separated_is_named(api: Api) -> None:
    content = csv_file([HEADER, ["SO-1", "2026-01-02", "Draft", "Leeds"]], delimiter="\t")
    assert only_error(api, content) == {"file": "file1.csv", "row": 1, "message": "is tab-separated (Excel's 'Text (Tab "
                                        "delimited)' or 'Unicode Text'), not comma- or semicolon-separated. " + SAVE_AS_UTF8}


def test_good_text_of_every_kind_still_imports(api: Api) -> None:
    sites = ["Café", "Straße", "Třinec", "São Paulo", "Ústí nad Labem", "Łódź", "Ä Ö Ü", "Plate – 20 mm", "日本"]
    rows = [[f"SO-{n}", "2026-01-02", "Draft", site] for n, site in enumerate(sites)]
    rows.append(["SO-link", "2026-01-02", "Draft", "https://example.com/page?id=3"])
    assert upload(api, csv_file([HEADER, *rows]))["orders"]["created"] == len(rows)
    assert sorted(item["site"] for item in snapshot(api)) == sorted([*sites, "https://example.com/page?id=3"])


def test_windows_1252_without_lost_characters_is_read_with_a_warning(api: Api) -> None:
    body = upload(api, csv_file([HEADER, ["SO-1", "2026-01-02", "Draft", "Tôle? Yes"]], encoding="cp1252"))
    assert body["warnings"] == ["file1.csv is not UTF-8; it was read as Windows-1252. Save it as 'CSV UTF-8' to keep every "
                                "character."]
    assert snapshot(api)[0]["site"] == "Tôle? Yes"


def test_plain_ascii_with_a_question_mark_inside_a_word_imports_with_a_warning(api: Api) -> None:
    # Plain ASCII is valid UTF-8 and may really hold "T?inec" or "ok?yes": an export of it must upload, so only warn.
    content = csv_file([HEADER, ["SO-1", "2026-01-02", "Draft", "Leeds"], ["SO-2", "2026-01-02", "Draft", "Třinec"]],
                       encoding="cp1252", errors="replace")
    assert content.isascii()
    body = upload(api, content)
    assert body["warnings"] == ["file1.csv: line 3 holds 'T?inec': a '?' inside a word is what a spreadsheet saving as "
                                "Windows-1252 (Excel's plain 'CSV') writes for a character it cannot encode (such as ř "
                                "or ł); if another character was meant, save the file as UTF-8."]
    assert sorted(item["site"] for item in snapshot(api)) == ["Leeds", "T?inec"]
