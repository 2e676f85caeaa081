"""An HTTP ``multipart/form-data`` body -> the uploaded files, with Werkzeug's multipart parser.

The body is bounded before parsing (413), and so are the parts: at most ``MAX_PARTS`` of them, and a non-file
field (ignored, but held while parsing) at most ``MAX_FIELD_BYTES``. File parts are bounded only by the body.
azure-functions' own ``HttpRequest.files`` parses with no limits at all.

Werkzeug applies ``max_form_memory_size`` twice: to the accumulated size of a non-file field (what we want) and to
its decoder's buffer, which holds the chunk just read plus the unconsumed tail of the previous one (up to a
boundary's length, kept in case a boundary straddles two chunks). With the default 64 KiB chunk and a 64 KiB
limit, the second read of any file part overflows that buffer, so every body over about 130 KB was refused.
Reading in ``READ_CHUNK`` pieces, well under the limit, leaves room for that tail: the buffer limit then only
stops part headers or a preamble over about 32 KiB, or a boundary longer than that, which no client sends.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath
from typing import IO

from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import MultiPartParser
from werkzeug.http import parse_options_header

from shared.bulk.reading.files import UploadedFile
from shared.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

MAX_PARTS = 10
MAX_FIELD_BYTES = 64 * 1024  # a non-file part (ignored) may not be larger than this
MALFORMED_MULTIPART = ("The multipart body cannot be read: a part has no Content-Disposition header or the body ends "
                       "before its closing boundary.")
READ_CHUNK = 32 * 1024  # must stay well below MAX_FIELD_BYTES (see the module docstring)


def uploaded_files(content_type: str | None, body: bytes, max_bytes: int, max_parts: int = MAX_PARTS) -> list[UploadedFile]:
    if len(body) > max_bytes:
        raise PayloadTooLarge(f"The upload is {len(body)} bytes; at most {max_bytes} are accepted.")
    mimetype, options = parse_options_header(content_type or "")
    if mimetype != "multipart/form-data":
        raise UnsupportedMediaType(f"Send the CSV files as multipart/form-data, not {mimetype or 'no content type'}.")
    boundary = options.get("boundary", "").encode("latin-1", "replace")
    if not boundary:
        raise BadRequest("The multipart/form-data content type has no boundary.")
    parser = MultiPartParser(_in_memory, max_form_memory_size=MAX_FIELD_BYTES, buffer_size=READ_CHUNK, max_form_parts=max_parts)
    try:
        _, files = parser.parse(io.BytesIO(body), boundary, len(body))
    except RequestEntityTooLarge:
        raise PayloadTooLarge(
            f"The multipart body has more than {max_parts} parts, a non-file field over {MAX_FIELD_BYTES} bytes, "
            "or part headers over 32 KiB."
        ) from None
    except ValueError:
        # Werkzeug's wording names its parser's internal state ("cannot parse beyond State.PART"): not for callers.
        raise BadRequest(MALFORMED_MULTIPART) from None
    return [_uploaded(name, storage) for name, storage in files.items(multi=True)]


def _uploaded(field_name: str, storage: FileStorage) -> UploadedFile:
    # Only the base name: some browsers send the client's full path.
    name = PurePosixPath((storage.filename or "").replace("\\", "/")).name or field_name
    stream = storage.stream
    data = stream.getvalue() if isinstance(stream, io.BytesIO) else stream.read()  # getvalue() hands over the buffer, no copy
    storage.close()
    return UploadedFile(name, data)


def _in_memory(
    total_content_length: int | None, content_type: str | None, filename: str | None, content_length: int | None = None
) -> IO[bytes]:
    # The body is in memory already (and bounded); spooling parts to disk would only add I/O.
    return io.BytesIO()
