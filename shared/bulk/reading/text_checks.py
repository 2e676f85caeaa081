"""Which encoding an uploaded CSV is in, and the files that would lose data (issue 18.5).

UTF-8 with or without a BOM is read as it is; otherwise Windows-1252 (Excel's plain "CSV"), with a warning. Refused
with a 400 that says what happened and how to save the file as UTF-8:

- UTF-16 (Excel's "Unicode Text") and tab-separated files, named as such;
- a header row that looks double-encoded: UTF-8 that was opened as Windows-1252 (or Latin-1) and saved again as
  UTF-8, so ``é`` reads ``Ã©``, ``–`` reads ``â€“`` and a byte order mark ``ï»¿``. Recognised by the bytes alone (a
  character of U+00C2..U+00F4 followed by the one to three characters that Windows-1252 shows for UTF-8
  continuation bytes). Only the header is checked here: a cell may really hold such text (an export of ``Â¡`` must
  upload unchanged), so cells are judged in planning, only when their value is new or changes (``double_encoded``,
  used by ``shared.bulk.planning.damage``);
- a file that is not UTF-8 (Windows-1252) with a ``?`` inside a word (``T?inec``): what a program saving as
  Windows-1252 writes for a character it cannot encode (``ř``). Words holding ``://`` (links) are exempt. A plain
  ASCII file is valid UTF-8 and may really hold such text, so there it is a warning, not a refusal.
"""

from __future__ import annotations

import codecs
import re

from shared.bulk.reading.upload_problems import fail

_CHECK_CHUNK = 1024 * 1024
SAVE_AS_UTF8 = ("Save it as 'CSV UTF-8 (Comma delimited)' in Excel, or as 'Text CSV' with character set 'Unicode (UTF-8)' "
                "in LibreOffice, and upload it again.")
_CP1252_WARNING = "{file} is not UTF-8; it was read as Windows-1252. Save it as 'CSV UTF-8' to keep every character."


def _misread_utf8(byte_range: range) -> bytes:  # pragma: no mutate block
    """An alternation of the UTF-8 bytes of each character that Windows-1252 or Latin-1 shows for these bytes.

    Runs only while the module is imported (to build ``_CONTINUATION``), so mutation testing could never switch one of
    its mutants on; the patterns it builds are tested through ``double_encoded`` and the header check."""
    shown = {bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in byte_range} | {chr(b) for b in byte_range}
    return b"(?:" + b"|".join(re.escape(char.encode()) for char in sorted(shown)) + b")"


_CONTINUATION = _misread_utf8(range(0x80, 0xC0))
_DOUBLE_ENCODED = re.compile(
    rb"\xc3[\x82-\x9f]" + _CONTINUATION + rb"|\xc3[\xa0-\xaf]" + _CONTINUATION + rb"{2}|\xc3[\xb0-\xb4]" + _CONTINUATION + rb"{3}"
)
_LETTER = rb"[A-Za-z\x8a\x8c\x8e\x9a\x9c\x9e\x9f\xc0-\xd6\xd8-\xf6\xf8-\xff]"  # letters in Windows-1252
_LOST_CHARACTER = re.compile(_LETTER + rb"\?" + _LETTER)
_WORD_END = re.compile(rb"[\s,;\"]")


def encoding_of(file: str, data: bytes) -> tuple[str, list[str]]:
    """The codec to read ``data`` with and the warnings to give, or a 400 for a file that would lose data."""
    sample = data[:4096]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or sample.count(b"\x00") * 4 > len(sample):
        fail(file, "is UTF-16 text (what Excel saves as 'Unicode Text'), not a CSV file in UTF-8. " + SAVE_AS_UTF8, row=1)
    if data.startswith(codecs.BOM_UTF8):
        reason = _decode_error(data, "utf-8-sig")
        if reason is not None:
            fail(file, f"starts with a UTF-8 byte order mark but is not valid UTF-8 ({reason}).")
        _refuse_double_encoded(file, _header(data))
        return "utf-8-sig", []
    if _decode_error(data, "utf-8") is None:
        _refuse_double_encoded(file, _header(data))
        # Plain ASCII is valid UTF-8 and may really hold "ok?yes" (an export of it must upload unchanged): a warning.
        lost = _lost_character(data, "ascii") if data.isascii() else None
        return "utf-8", [] if lost is None else [f"{file}: {lost[1]}; if another character was meant, save the file as UTF-8."]
    if _decode_error(data, "cp1252") is None:
        lost = _lost_character(data, "cp1252")
        if lost is not None:
            fail(file, f"is not UTF-8 and {lost[1]}, so that text would be stored wrong. " + SAVE_AS_UTF8, line=lost[0])
        return "cp1252", [_CP1252_WARNING.format(file=file)]
    fail(file, "is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8'.")


def _header(data: bytes) -> bytes:
    """The header row's bytes: only there is double encoding told apart from text a cell may really hold (``Â¡``)."""
    return data[: data.find(b"\n") + 1 or 4096][:4096]


def refuse_tab_separated(file: str, header_line: str) -> None:
    if header_line.count("\t") > max(header_line.count(","), header_line.count(";")):
        fail(file, "is tab-separated (Excel's 'Text (Tab delimited)' or 'Unicode Text'), not comma- or semicolon-separated. "
             + SAVE_AS_UTF8, row=1)


def _refuse_double_encoded(file: str, data: bytes) -> None:
    match = _DOUBLE_ENCODED.search(data)
    if match is None:
        return
    shown = match.group().decode()
    meant = _misread_bytes(shown).decode("utf-8", errors="replace")
    line = data.count(b"\n", 0, match.start()) + 1
    if shown == "ï»¿":
        what = "starts with 'ï»¿': a UTF-8 byte order mark that was read as Windows-1252 text and saved again"
    else:
        word = _word(data, match.start(), match.end()).decode(errors="replace")
        what = (f"looks double-encoded: line {line} holds '{word}', where '{shown}' is how '{meant}' reads when a UTF-8 file "
                "is opened as Windows-1252 (or Latin-1) and saved again")
    fail(file, f"{what}. Nothing was imported: correct the text (or start again from the export) and save it as UTF-8. "
         + SAVE_AS_UTF8, line=line)


def double_encoded(text: str) -> tuple[str, str] | None:
    """The first double-encoded-looking part of ``text`` and what it meant (``('Ã´', 'ô')``), or None.

    For a cell value that is new or changes (judged in planning): stored text may hold such sequences (``Â¡``)."""
    if text.isascii():
        return None
    match = _DOUBLE_ENCODED.search(text.encode())
    if match is None:
        return None
    shown = match.group().decode()
    return shown, _misread_bytes(shown).decode("utf-8", errors="replace")


def _lost_character(data: bytes, encoding: str) -> tuple[int, str] | None:
    """The first '?' inside a word (links exempt): its line and "line N holds 'T?inec': a '?' ... (such as ř or ł)".
    ``data`` decodes in ``encoding`` (ASCII or Windows-1252, one byte a character), so every part of it does too."""
    for match in _LOST_CHARACTER.finditer(data):
        word = _word(data, match.start(), match.end())
        if b"://" in word:
            continue
        line = data.count(b"\n", 0, match.start()) + 1
        return line, (f"line {line} holds '{word.decode(encoding)}': a '?' inside a word is what a "
                      "spreadsheet saving as Windows-1252 (Excel's plain 'CSV') writes for a character it cannot encode "
                      "(such as ř or ł)")
    return None


def _word(data: bytes, start: int, end: int) -> bytes:
    """The cell text around a match: up to 40 bytes either side, cut at spaces, separators and quotes."""
    before = _WORD_END.split(data[max(0, start - 40) : start])[-1]
    after = _WORD_END.split(data[end : end + 40])[0]
    return before + data[start:end] + after


def _misread_bytes(text: str) -> bytes:
    """The bytes that Windows-1252 (Latin-1 for the bytes it leaves undefined) shows as ``text``."""
    def one(char: str) -> bytes:
        try:
            return char.encode("cp1252")
        except UnicodeEncodeError:
            return char.encode("latin-1")
    return b"".join(map(one, text))


def _decode_error(data: bytes, encoding: str) -> str | None:
    """Why ``data`` is not text in ``encoding`` (None when it is), checked a chunk at a time, keeping nothing."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict" if encoding == "cp1252" else "surrogatepass")
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHECK_CHUNK):
            decoder.decode(view[start : start + _CHECK_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return str(exc.reason)
    return None
