"""An HTTP ``multipart/form-data`` body -> the uploaded files, with Werkzeug's form parser.

The body is bounded before parsing (413), and so is the number of parts (Werkzeug's ``max_form_parts``):
azure-functions' own ``HttpRequest.files`` parses with no limits at all.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath
from typing import IO

from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.http import parse_options_header

from shared.bulk.files import UploadedFile
from shared.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

MAX_PARTS = 10
MAX_FIELD_BYTES = 64 * 1024  # a non-file part (ignored) may not be larger than this


def uploaded_files(content_type: str | None, body: bytes, max_bytes: int) -> list[UploadedFile]:
    if len(body) > max_bytes:
        raise PayloadTooLarge(f"The upload is {len(body)} bytes; at most {max_bytes} are accepted.")
    mimetype, options = parse_options_header(content_type or "")
    if mimetype != "multipart/form-data":
        raise UnsupportedMediaType(f"Send the CSV files as multipart/form-data, not {mimetype or 'no content type'}.")
    parser = FormDataParser(
        stream_factory=_in_memory, max_form_memory_size=MAX_FIELD_BYTES, max_content_length=max_bytes,
        max_form_parts=MAX_PARTS, silent=False,
    )
    try:
        _, _, files = parser.parse(io.BytesIO(body), mimetype, len(body), options)
    except RequestEntityTooLarge:
        raise PayloadTooLarge(f"The multipart body has more than {MAX_PARTS} parts or a field over {MAX_FIELD_BYTES} bytes.") from None
    except ValueError as exc:
        raise BadRequest(f"The multipart body cannot be read: {exc}.") from None
    return [_uploaded(name, storage) for name, storage in files.items(multi=True)]


def _uploaded(field_name: str, storage: FileStorage) -> UploadedFile:
    # Only the base name: some browsers send the client's full path.
    name = PurePosixPath((storage.filename or "").replace("\\", "/")).name or field_name
    return UploadedFile(name, storage.read())


def _in_memory(
    total_content_length: int | None, content_type: str | None, filename: str | None, content_length: int | None = None
) -> IO[bytes]:
    # The body is in memory already (and bounded); spooling parts to disk would only add I/O.
    return io.BytesIO()
