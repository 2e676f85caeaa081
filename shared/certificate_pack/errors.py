"""The package's two exceptions.

    UnreadableCertificate   a certificate file cannot go into the pack; caught, and flagged on the cover
    UnsafeResourceError     a render asked for a URL outside the packaged assets; the render is refused

Neither carries an HTTP status: the first never leaves the package, and the second means a template bug
or an escaping hole, which the HTTP glue should treat as any unexpected error (500, logged).
"""


class UnreadableCertificate(Exception):
    """``str(exc)`` is the reason shown on the cover, written for a quality manager."""


class UnsafeResourceError(Exception):
    """WeasyPrint tried to fetch something other than ``data:`` or a packaged template asset."""
