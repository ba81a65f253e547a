"""The document view's Markdown rendering: raw HTML and images off, headings one level down,
a quoted span marked."""

from __future__ import annotations

from service.http.web.rendered import render_document


def test_markup_in_a_document_is_text_not_html() -> None:
    html = render_document(
        "# Notes <b>x</b>\n\n<script>alert(1)</script>\n\n![pic](http://x/y.png)"
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html and "<img" not in html
    assert "<h2>Notes &lt;b&gt;x&lt;/b&gt;</h2>" in html


def test_a_quote_across_two_blocks_is_marked_in_both_and_anchored_once() -> None:
    text = "## Heading\n\nFirst paragraph ends here.\n\n- item one\n- item two\n"
    start = text.index("ends here")
    html = render_document(text, (start, text.index("one") + 3))
    assert html.count("<mark") == 2 and html.count('id="quote"') == 1
    assert '<p>First paragraph <mark id="quote">ends here.</mark></p>' in html
    assert "<li>item one</li>" not in html and "<mark>item one</mark>" in html
