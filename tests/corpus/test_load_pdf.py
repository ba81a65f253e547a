"""PDFs as analysts have them, printed by Chromium: titled "about:blank", dated only in
their text, set in lines with ligatures, in one column or two."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.corpus.documents import LoadedDocument
from service.corpus.load import load_document
from service.corpus.pdf_text import join_lines
from tests.corpus.printed import COLUMNS, CREW, print_pdfs

LIMIT = 10_000_000


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The module's PDFs, printed once."""
    return print_pdfs(tmp_path_factory.mktemp("printed"), {"crew": CREW, "columns": COLUMNS})


@pytest.fixture(scope="module")
def crew(printed: dict[str, Path]) -> LoadedDocument:
    return load_document(printed["crew"], "crew.pdf", LIMIT, named="crew (3).pdf")


def test_chromium_pdf_is_titled_by_its_largest_line_not_about_blank(crew: LoadedDocument) -> None:
    assert crew.title == "Fishing boat rescued off Hokkaido after engine failure"
    assert crew.title_origin == "largest line"


def test_chromium_pdf_is_dated_from_its_dated_line_marked_extracted(crew: LoadedDocument) -> None:
    assert (crew.date, crew.date_found, crew.date_origin) == (
        "2025-09-05",
        "5 September 2025",
        "text",
    )


def test_chromium_pdf_text_is_paragraphs_with_headings_and_no_ligatures(
    crew: LoadedDocument,
) -> None:
    paragraphs = crew.text.split("\n\n")
    assert paragraphs[0] == "# Fishing boat rescued off Hokkaido after engine failure"
    assert paragraphs[1] == "Date: 5 September 2025"
    assert paragraphs[2].startswith("The boat carried 14 crew members when it lost power")
    assert "\n" not in paragraphs[2] and "after a five-hour operation" in paragraphs[2]
    assert "ﬁ" not in crew.text and "fishing for squid" in crew.text
    assert paragraphs[3] == "## Background"


def test_two_column_pdf_reads_each_column_in_turn(printed: dict[str, Path]) -> None:
    doc = load_document(printed["columns"], "columns.pdf", LIMIT)
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "# Grid storage plan"
    items = [p for p in paragraphs if p.startswith("Item ")]
    assert [p.split(":")[0] for p in items] == [f"Item {n}" for n in range(1, 12)]
    # Every item whole, however the columns cut it.
    assert all(p.endswith("released on Monday.") and "\n" not in p for p in items)
    assert doc.date is None and doc.date_origin == ""


def test_hyphen_at_a_line_end_joins_only_a_word_the_document_writes_whole(
    printed: dict[str, Path],
) -> None:
    text = load_document(printed["columns"], "columns.pdf", LIMIT).text
    assert "A second reconnaissance and a five-hour public hearing" in text


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["a recon-", "naissance flight"], "a recon-naissance flight"),  # no evidence: kept
        (["the five-", "hour operation"], "the five-hour operation"),
        (["the North-", "East"], "the North-East"),
        (["soft recon\u00ad", "naissance"], "soft reconnaissance"),
        (["ends here.", "Next line"], "ends here. Next line"),
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines, frozenset()) == joined
    assert (
        join_lines(["a recon-", "naissance"], frozenset({"reconnaissance"})) == "a reconnaissance"
    )
