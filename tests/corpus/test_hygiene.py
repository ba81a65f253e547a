"""Corpus hygiene: documents speak of Japan, the DPRK and the record, never of this service,
the corpus, its sources or a "mission"; and a document's ``date`` (or its optional
``as_of``) is no earlier than the latest year its content mentions, so the date an
evidence table shows is the date of the content it quotes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from service.corpus.load import FRONT_MATTER

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DOCUMENTS = sorted(CORPUS.glob("*.md"))

# Sentences about the service or the corpus rather than about the world.
META = re.compile(
    r"\b(corpus|this service|the service|mission (framing|context|statement)|"
    r"sources (used|available) (for|in|here)|used here|the sources (record|say|give|do|"
    r"report|contain|document|found|used)|this fact sheet|this document)\b",
    re.I,
)
_YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
_RESOLUTIONS = re.compile(r"[Rr]esolutions?(?:\s+\d{4}\s*(?:,|and)?)*\s*$")


def _split(path: Path) -> tuple[dict[str, object], str]:
    raw = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(raw)
    assert match, f"{path.name}: no front matter"
    return yaml.safe_load(match.group(1)), raw[match.end() :]


def content_years(body: str) -> list[int]:
    """Years the text mentions; resolution numbers ("resolution 2094") are not years."""
    return [int(m[1]) for m in _YEAR.finditer(body)
            if not _RESOLUTIONS.search(body[max(0, m.start() - 60) : m.start()])]  # fmt: skip


def test_meta_pattern_flags_sentences_about_the_service() -> None:
    assert META.search("The mission framing for this service describes Seoul's step.")
    assert META.search("The sources used for this corpus do not identify the assets.")
    assert not META.search("Japan sent a fact-finding mission to Pyongyang in October 2002.")
    assert content_years("Resolution 2094 of 2013 widened sanctions.") == [2013]
    assert content_years("Resolutions 2087, 2094 and 2270 followed in 2016.") == [2016]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_no_sentence_speaks_of_the_service_or_the_corpus(path: Path) -> None:
    _, body = _split(path)
    flagged = [line.strip()[:160] for line in body.splitlines() if META.search(line)]
    assert not flagged, f"{path.name}: {flagged}"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_date_covers_the_latest_content(path: Path) -> None:
    meta, body = _split(path)
    date = meta["date"]
    as_of = meta.get("as_of", date)
    assert isinstance(date, dt.date) and isinstance(as_of, dt.date), path.name
    assert as_of >= date, f"{path.name}: as_of {as_of} is before date {date}"
    latest = max(content_years(body), default=0)
    assert latest <= as_of.year, f"{path.name}: mentions {latest} but is dated {date}" + (
        f" (as_of {as_of})" if "as_of" in meta else ""
    )
