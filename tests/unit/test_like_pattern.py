"""The search filter's LIKE pattern: every wildcard of either dialect escaped. SQLite's LIKE has no ``[set]`` wildcard,
so only this test (and the SQL Server suite) can see a ``[`` left unescaped."""

from __future__ import annotations

from shared.repositories.order_list import like_pattern


def test_each_like_wildcard_and_the_escape_character_itself_are_escaped_and_the_text_is_wrapped_as_a_substring() -> None:
    assert like_pattern("SO-1") == "%SO-1%"
    assert like_pattern("50%_[A-Z]\\x") == "%50\\%\\_\\[A-Z]\\\\x%"
