"""Loaders: every supported format to normalised text, every bad file to one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.corpus.load import load_document, normalise_text
from service.errors import IngestError
from tests.conftest import STOCKHOLM, write_md
from tests.helpers import write_docx, write_pdf

LIMIT = 1_000_000


def test_normalise_text_unifies_line_ends_and_blank_runs() -> None:
    assert normalise_text("a\r\nb  \r\n\n\n\nc\t d\u00a0e") == "a\nb\n\nc  d e"


def test_control_characters_are_stripped_at_load(tmp_path: Path) -> None:
    path = tmp_path / "bell.txt"
    path.write_text("Talks\x01 resumed\x0bin May\x7f.\r\nNext\tline\ufffe.\n", encoding="utf-8")
    document = load_document(path, "bell.txt", 1_000_000)
    assert document.text == "Talks resumed in May.\nNext line."


def test_load_markdown_reads_front_matter(tmp_path: Path) -> None:
    path = write_md(tmp_path / "s.md", "Stockholm talks", STOCKHOLM)
    doc = load_document(path, "s.md", LIMIT)
    assert doc.title == "Stockholm talks"
    assert doc.doc_type == "fact-sheet"
    assert doc.date == "2014-05-29"
    assert doc.tags == ("abductions",)
    assert doc.text.startswith("# The Stockholm talks")
    assert "---" not in doc.text


def test_load_markdown_without_front_matter_takes_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("intro line\n\n# Real title\n\nbody", encoding="utf-8")
    assert load_document(path, "plain.md", LIMIT).title == "Real title"


def test_load_markdown_rejects_broken_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\nbody", encoding="utf-8")
    with pytest.raises(IngestError, match=r"bad.md: invalid YAML front matter"):
        load_document(path, "bad.md", LIMIT)


def test_load_markdown_rejects_tags_that_are_not_a_list(tmp_path: Path) -> None:
    path = tmp_path / "tags.md"
    path.write_text("---\ntitle: T\ntags: 5\n---\nbody", encoding="utf-8")
    with pytest.raises(IngestError, match="'tags' must be a list"):
        load_document(path, "tags.md", LIMIT)


def test_load_text(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Grave visits began in August 2012.\r\nMore text.", encoding="utf-8")
    doc = load_document(path, "note.txt", LIMIT)
    assert doc.text == "Grave visits began in August 2012.\nMore text."
    assert doc.title == "Grave visits began in August 2012."


def test_load_html_keeps_headings_and_drops_scripts(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Sanctions</title><script>alert(1)</script></head><body>"
        "<h2>Travel</h2><p>The travel ban was lifted on 4 July 2014.</p></body></html>",
        encoding="utf-8",
    )
    doc = load_document(path, "page.html", LIMIT)
    assert doc.title == "Sanctions"
    assert doc.text == "## Travel\n\nThe travel ban was lifted on 4 July 2014."


def test_load_pdf_text_layer_by_page(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "report.pdf", ["The committee was set up in July 2014."])
    doc = load_document(path, "report.pdf", LIMIT)
    assert doc.text.startswith("## Page 1")
    assert "The committee was set up in July 2014." in doc.text


def test_load_docx_maps_heading_styles(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "memo.docx",
        "Memo",
        [("Heading 1", "Background"), ("Normal", "Talks resumed in March 2014.")],
    )
    doc = load_document(path, "memo.docx", LIMIT)
    assert doc.text == "# Memo\n\n## Background\n\nTalks resumed in March 2014."


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("data.xyz", b"something", "unsupported file type '.xyz'"),
        ("empty.md", b"", "file is empty"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "corrupt or unreadable PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip", "corrupt or unreadable DOCX"),
        ("latin1.txt", "caf\u00e9".encode("latin-1"), "not valid UTF-8"),
        ("blank.txt", b"   \n\n  ", "no text could be extracted"),
    ],
)
def test_load_bad_file_names_file_and_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        load_document(path, name, LIMIT)
    assert str(caught.value).startswith(f"{name}: ")
    assert reason in str(caught.value)


def test_load_rejects_file_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 2048, encoding="utf-8")
    with pytest.raises(IngestError, match=r"big.txt: file is 2,048 bytes, over the 1,000-byte"):
        load_document(path, "big.txt", 1000)
