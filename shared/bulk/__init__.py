"""Bulk data: CSV export and templates, CSV upload (HTTP and blob-triggered), all on the same import service.

    columns.py         the CSV columns of DESIGN §6 and how headers are recognised
    csv_format.py      the export dialect (UTF-8 BOM, CRLF) and formula-injection neutralising
    csv_reader.py      uploaded bytes -> columns of cells (encoding, delimiter, strict csv, limits)
    cells.py           cells -> typed values, a whole column at a time
    tables.py          a decoded file -> an ``ImportTable`` of one kind (orders or line items)
    problems.py        row errors with file, row and column, capped when reported
    order_plan.py      which orders an upload creates, updates or leaves alone
    line_plan.py       the same for line items
    import_write.py    a plan -> bulk writes through the repositories
    import_service.py  the import: parse, plan, write in one transaction, summarise
    multipart.py       an HTTP multipart body -> uploaded files
    archive.py         ZIP reading with limits and deterministic ZIP writing
    export.py          orders.csv and order-line-items.csv, streamed
    export_zip.py      the ZIP export, cached in blob storage by a hash of its data
    templates.py       the upload templates
    blob_import.py     the blob-triggered import: principal, receipt, report, archive
"""
