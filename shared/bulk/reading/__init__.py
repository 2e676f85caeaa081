"""Step 1 of an upload: its bytes (a multipart body, a dropped CSV or ZIP) -> typed tables, bad cells reported."""
