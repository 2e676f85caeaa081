"""Bulk data: CSV upload (HTTP and blob-triggered) on one import service, and CSV/ZIP export and templates.

The upload path reads top-down; each step imports only the steps above it (tests/unit/test_import_cycles.py
keeps ``shared`` free of import cycles):

    columns.py            the CSV columns of DESIGN §6 and how an uploaded header is recognised
    csv_format.py         the dialect we write (UTF-8 BOM, CRLF) and formula-injection neutralising
    reading/              1. an upload's bytes -> typed tables, every bad cell reported
        files.py              uploaded files and the upload limits
        multipart.py          an HTTP multipart body -> uploaded files (Werkzeug's parser, bounded)
        zip_upload.py         a dropped ZIP -> its CSV files (directory, methods, sizes bounded)
        upload_problems.py    every error with file, row and column, capped when reported
        csv_reader.py         bytes -> the header, then the used columns' cells (encoding, limits)
        cells_to_values.py    cells -> typed values, a column at a time, with the API's field types
        tables.py             which columns a header names, and a read file -> an ImportTable
    planning/             2. tables + the stored rows -> what to create, update or leave unchanged
        plans.py              OrderPlan and LinePlan: what planning hands to writing
        customer_choice.py    RelatedOrganisationId, else CustomerName -> the order's organisation
        new_customers.py      createCustomers: the customer names no organisation has, created first
        order_upsert.py       the orders file
        line_rows.py          one order's line item rows against its stored lines; new lines' ids and numbers
        new_order_lines.py    the rows of orders without stored lines (those the upload creates), all at once
        line_upsert.py        the line items file: linking rows to orders, then line_rows per order
    writing.py            3. plans -> bulk writes through the repositories
    import_service.py     the import: read, plan and write in one transaction, summarise
    blob_uploads/         files dropped in storage, on the same import service
        blob_principal.py     who a dropped file acts as
        blob_archive.py       where its report and the file end up (earlier ones of a name kept)
        blob_import.py        the blob-triggered import: receipt, report, archive
        upload_reconcile.py   the timer's safety net for files no event delivered
        dead_letters.py       replaying events Event Grid gave up on
    exporting/            stored rows -> CSV files, the ZIP and the templates
        values_to_cells.py    stored values -> cells, as the JSON API writes them
        export.py             orders.csv and order-line-items.csv, page by page onto a stream
        zip_writer.py         deterministic ZIP files
        downloads.py          the CSV download and the ZIP, cached in blob storage by a hash of its data
        templates.py          the upload templates
"""
