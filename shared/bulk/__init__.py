"""Bulk data: CSV export and templates, CSV upload (HTTP and blob-triggered), all on one import service.

    columns.py          the CSV columns of DESIGN §6 and how an uploaded header is recognised
    csv_format.py       the dialect we write (UTF-8 BOM, CRLF) and formula-injection neutralising
    files.py            uploaded files and the upload limits

  import
    multipart.py        an HTTP multipart body -> uploaded files (Werkzeug's parser, bounded)
    archive.py          ZIP files: reading uploaded ones with limits, writing deterministic ones
    csv_reader.py       bytes -> columns of cells (encoding, delimiter, strict csv, row limit)
    cells.py            cells -> typed values, a column at a time, with the API's field types
    tables.py           a read file -> an ImportTable of one kind, bad cells reported
    problems.py         every error with file, row and column, capped when reported
    organisations.py    RelatedOrganisationId, else CustomerName -> the order's organisation
    order_upsert.py     which orders the file creates, updates or leaves unchanged
    line_upsert.py      linking line items to their orders; line_rows.py: one order's lines
    import_write.py     a plan -> bulk writes through the repositories
    import_service.py   the import: read, plan, write in one transaction, summarise
    blob_principal.py   who a dropped file acts as
    blob_import.py      the blob-triggered import: receipt, report, archive

  export
    cell_text.py        stored values -> cells, as the JSON API writes them
    export.py           orders.csv and order-line-items.csv, page by page onto a stream
    downloads.py        the CSV download and the ZIP, cached in blob storage by a hash of its data
    templates.py        the upload templates
"""
