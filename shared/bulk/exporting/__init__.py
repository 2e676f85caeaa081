"""Stored rows -> the CSV download, the cached ZIP export and the upload templates."""
