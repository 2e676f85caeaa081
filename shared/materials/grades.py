"""Material grades (S355J2+N, 1.4404, 316L): compared after folding case and removing spaces, nothing more.

Equivalent designations of one steel in different standards (1.4404 and 316L) are *not* treated as equal: whether
one may stand in for the other is the stockholder's call, made explicitly with ``allowSubstitute``.
"""

from __future__ import annotations


def normalised_grade(grade: str | None) -> str | None:
    if grade is None or not grade.strip():
        return None
    return "".join(grade.split()).casefold()


def same_grade(first: str | None, second: str | None) -> bool:
    return normalised_grade(first) == normalised_grade(second)
