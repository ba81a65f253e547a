"""Untrusted files: content sniffing, zip bombs, malformed files (names: test_uploads.py)."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from service.corpus import safety
from service.corpus.load import load_document
from service.errors import IngestError
from tests.helpers import write_docx, write_pdf

LIMIT = 5_000_000


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("fake.pdf", b"Just text pretending to be a PDF.", "not a PDF (no %PDF- header)"),
        ("fake.docx", b"Plain text, not a zip.", "corrupt or unreadable DOCX (not a zip"),
        ("nul.txt", b"text\x00with a NUL byte", "binary content in a .txt file"),
        ("pdf-inside.md", b"%PDF-1.4\n1 0 obj", "binary content in a .md file"),
        ("zip-inside.html", b"PK\x03\x04\x14\x00", "binary content in a .html file"),
    ],
)
def test_content_must_match_the_extension(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        load_document(path, name, LIMIT)


def _docx_with(path: Path, extra: dict[str, bytes]) -> Path:
    write_docx(path, "Memo", [("Normal", "Talks resumed in March 2014.")])
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in extra.items():
            archive.writestr(name, data)
    return path


def test_docx_zip_bomb_is_refused_by_its_compression_ratio(tmp_path: Path) -> None:
    path = _docx_with(tmp_path / "bomb.docx", {"word/media/fill.bin": bytes(30_000_000)})
    assert path.stat().st_size < 200_000, "30 MB of zeros deflates to a small file"
    with pytest.raises(IngestError, match=r"word/media/fill.bin compresses [\d,]+:1"):
        load_document(path, "bomb.docx", LIMIT)


def test_docx_inflating_past_the_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "MAX_DOCX_UNCOMPRESSED", 1_000_000)
    noise = random.Random(1).randbytes(1_200_000)  # incompressible: the ratio stays near 1
    path = _docx_with(tmp_path / "big.docx", {"word/media/photo.bin": noise})
    with pytest.raises(IngestError, match=r"DOCX inflates to [\d,]+ bytes \(limit 1,000,000\)"):
        load_document(path, "big.docx", LIMIT)


def test_docx_with_too_many_parts_is_refused(tmp_path: Path) -> None:
    parts = {f"word/media/p{i}.xml": b"<a/>" for i in range(safety.MAX_DOCX_ENTRIES)}
    path = _docx_with(tmp_path / "many.docx", parts)
    with pytest.raises(IngestError, match=r"DOCX has [\d,]+ parts \(limit 2,000\)"):
        load_document(path, "many.docx", LIMIT)


def test_zip_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(IngestError, match=r"not a Word document \(no \[Content_Types\].xml\)"):
        load_document(path, "other.docx", LIMIT)


def test_docx_whose_document_part_is_not_xml_is_one_line_error(tmp_path: Path) -> None:
    source = write_docx(tmp_path / "ok.docx", "Memo", [("Normal", "Text.")])
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            broken = item.filename == "word/document.xml"
            new.writestr(item, b"<w:document><unclosed" if broken else old.read(item))
    with pytest.raises(IngestError, match="corrupt or unreadable DOCX") as caught:
        load_document(path, "broken.docx", LIMIT)
    assert "\n" not in str(caught.value)


def test_truncated_pdf_is_one_line_error(tmp_path: Path) -> None:
    whole = write_pdf(tmp_path / "whole.pdf", ["The committee was set up in July 2014."])
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole.read_bytes()[:200])
    with pytest.raises(IngestError, match=r"^cut.pdf: (corrupt or unreadable PDF|PDF has no)"):
        load_document(path, "cut.pdf", LIMIT)


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_randomly_corrupted_files_load_or_fail_with_an_ingest_error(
    tmp_path: Path, kind: str
) -> None:
    """Fuzz: flip bytes of a valid file; the loader may succeed or raise ``IngestError``,
    never anything else (which would be a crash of the ingest run or a 500)."""
    if kind == "pdf":
        valid = write_pdf(tmp_path / "v.pdf", ["Talks resumed in March 2014.", "More."])
    else:
        valid = write_docx(tmp_path / "v.docx", "Memo", [("Normal", "Talks resumed.")])
    original = valid.read_bytes()
    rng = random.Random(8)
    outcomes = {"loaded": 0, "refused": 0}
    for trial in range(60):
        mutated = bytearray(original)
        for _ in range(rng.randint(1, 12)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        path = tmp_path / f"m{trial}.{kind}"
        path.write_bytes(bytes(mutated))
        try:
            load_document(path, path.name, LIMIT)
            outcomes["loaded"] += 1
        except IngestError as exc:
            assert "\n" not in str(exc)
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0, outcomes
