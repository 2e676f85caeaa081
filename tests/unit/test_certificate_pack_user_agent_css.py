"""The narrowed user-agent stylesheet every WeasyPrint render uses (render.py): WeasyPrint's own, minus the
footnote/note pseudo-element rules and with ``::marker`` narrowed to list items, because WeasyPrint computes a
style for each such pseudo-element of every element (a quarter of the cover's layout time)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from pypdf import PdfReader
from weasyprint.html import UA

from shared.certificate_pack import render
from shared.certificate_pack.render import html_to_pdf, narrowed_user_agent_css

DROPPED = ("::footnote-call", "::footnote-marker", "::note-call", "::note-marker", "::note-callback")


def text_of(html: str) -> str:
    from io import BytesIO

    return PdfReader(BytesIO(html_to_pdf(html).pdf)).pages[0].extract_text()


def test_the_narrowed_sheet_is_weasyprints_without_the_universal_pseudo_element_rules() -> None:
    narrowed = narrowed_user_agent_css(UA)
    assert not any(line.startswith(DROPPED) for line in narrowed.splitlines())
    assert "\nli::marker {" in narrowed and "\n::marker {" not in narrowed
    kept = [line for line in UA.splitlines() if not line.startswith(DROPPED)]
    expected = [line.replace("::marker {", "li::marker {", 1) if line.startswith("::marker {") else line for line in kept]
    assert narrowed.splitlines() == expected


@pytest.mark.parametrize("changed", [UA.replace("::note-callback", "::note-back"), UA.replace("\n::marker {", "\n*::marker {")])
def test_a_changed_weasyprint_stylesheet_is_refused_rather_than_narrowed_blindly(changed: str) -> None:
    with pytest.raises(RuntimeError, match="user-agent stylesheet changed"):
        narrowed_user_agent_css(changed)


def test_list_items_keep_their_markers(caplog: pytest.LogCaptureFixture) -> None:
    assert "•" in text_of("<ul><li>first point</li></ul>")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # nothing in it is refused as invalid


def test_layout_computes_no_pseudo_element_styles_for_plain_elements(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.css import StyleFor

    pseudo: list[str] = []
    original = StyleFor.set_computed_styles

    def recording(self: StyleFor, element: Any, parent: Any, root: Any = None, pseudo_type: Any = None, **kwargs: Any) -> None:
        if pseudo_type and not pseudo_type.startswith("@"):  # page-margin boxes ("@top-left", ...) are not elements
            pseudo.append(pseudo_type)
        original(self, element, parent, root, pseudo_type, **kwargs)

    monkeypatch.setattr(StyleFor, "set_computed_styles", recording)
    render.lay_out("<table>" + "<tr><td><b>1</b> plate</td><td>H1</td></tr>" * 20 + "</table><ul><li>a</li></ul>")
    assert pseudo == ["marker"]  # the list item's; WeasyPrint's own sheet gives each of ~100 elements six
