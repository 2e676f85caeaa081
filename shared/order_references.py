"""The one case rule for order references: two references name the same order when their keys are equal.

The key is Unicode *canonical caseless matching* (Unicode §3.13, D146): decompose (NFD), case-fold (full folding,
Python's ``str.casefold``), and recompose (NFC) so the key is stored compactly. So ``ÄBC-1``, ``äbc-1`` and
``a`` + combining diaeresis ``BC-1`` share one key, and so do ``STRASSE`` and ``straße``. Compatibility forms are
not folded (full-width ``ＡＢＣ`` stays distinct from ``ABC``), nor are spaces or punctuation.

The key is what the API, the upload matching, the row locks and the database's unique index
(``UX_Orders_ActiveReferenceKey`` on ``Orders.OrderReferenceKey``) all compare. Full case folding may lengthen a
reference up to three times (``ﬃ`` -> ``ffi``): a 100-character reference has a key of at most 300 UTF-16 units.
"""

from __future__ import annotations

import unicodedata

# Case folding expands a UTF-16 code unit to at most three (U+FB03 -> "ffi"); references are at most 100 units.
MAX_KEY_LENGTH = 300


def reference_key(reference: str) -> str:
    """The stored, compared form of an order reference (see the module docstring)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", reference).casefold())
