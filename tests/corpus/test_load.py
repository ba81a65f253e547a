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


def test_load_pdf_joins_a_paragraph_s_lines(tmp_path: Path) -> None:
    lines = ["The committee was set up in", "July 2014 after the talks."]
    doc = load_document(write_pdf(tmp_path / "report.pdf", lines), "report.pdf", LIMIT)
    assert doc.text == "The committee was set up in July 2014 after the talks."
    assert (doc.title, doc.title_origin) == ("report", "file name")


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


def test_normalise_text_folds_compatibility_forms_but_keeps_cjk_punctuation() -> None:
    assert normalise_text("ﬁshing oﬀ ｶﾀ １２ soft\u00adhyphen") == "fishing off カタ 12 softhyphen"
    assert (
        normalise_text("拉致被害者は何人ですか？（確認）！") == "拉致被害者は何人ですか？（確認）！"
    )


def test_front_matter_date_wins_and_says_so(tmp_path: Path) -> None:
    doc = load_document(write_md(tmp_path / "s.md", "Stockholm talks", STOCKHOLM), "s.md", LIMIT)
    assert (doc.date_origin, doc.date_found, doc.title_origin) == (
        "front matter",
        "",
        "front matter",
    )


@pytest.mark.parametrize(
    ("opening", "iso", "found"),
    [
        ("Date: 5 September 2025", "2025-09-05", "5 September 2025"),
        ("TOKYO, Sept. 5, 2025 (Kyodo) — Talks resumed.", "2025-09-05", "Sept. 5, 2025"),
        ("Friday, 5 September 2025", "2025-09-05", "5 September 2025"),
    ],
)
def test_markdown_without_a_front_matter_date_is_dated_from_its_text(
    tmp_path: Path, opening: str, iso: str, found: str
) -> None:
    path = tmp_path / "wire.md"
    path.write_text(f"# Talks\n\n{opening}\n\nBody text.", encoding="utf-8")
    doc = load_document(path, "wire.md", LIMIT)
    assert (doc.date, doc.date_found, doc.date_origin) == (iso, found, "text")


def test_docx_junk_title_property_loses_to_its_title_heading(tmp_path: Path) -> None:
    import docx

    path = write_docx(tmp_path / "memo.docx", "Memo on talks", [("Normal", "Talks resumed.")])
    word = docx.Document(str(path))
    word.core_properties.title = "Microsoft Word - memo.docx"
    word.save(str(path))
    doc = load_document(path, "memo.docx", LIMIT, named="memo.docx")
    assert (doc.title, doc.title_origin) == ("Memo on talks", "heading")


def test_html_leaves_page_furniture_out_and_takes_headline_and_date(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Boat rescued | Daily Wire</title>"
        '<meta property="article:published_time" content="2025-09-05T08:00:00Z"></head><body>'
        '<nav><a href="/">Home</a><a href="/world">World</a></nav>'
        '<div class="cookie-banner"><p>We use cookies.</p></div>'
        "<main><h1>Boat rescued</h1><p>The boat carried 14 crew members.</p></main>"
        "<footer><p>Copyright Daily Wire.</p></footer></body></html>",
        encoding="utf-8",
    )
    doc = load_document(path, "page.html", LIMIT)
    assert doc.text == "# Boat rescued\n\nThe boat carried 14 crew members."
    assert (doc.title, doc.date, doc.date_origin) == ("Boat rescued", "2025-09-05", "page metadata")
