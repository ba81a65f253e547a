"""The chronology lists events: each once, only dated events (no "Risk:" lines, no analysts'
assessments), the key events the tasking stands on, and a document's own date (when a
proposal was made) kept apart from the dates it mentions (what it proposes). The date rules
alone, then the chronology of the summit tasking on the shipped corpus, with an uploaded
proposal."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.papers.dates import later_than, same_date, same_year
from service.papers.paper import ChronologyEntry, DraftRequest
from service.papers.repeats import ClaimLedger
from service.papers.section_writer import SectionWriter
from service.papers.timeline import TimelineBuilder, _Dated
from service.wiring import build_answerer, build_writer

SUMMIT = (
    "Options for Tokyo if Pyongyang proposes a leaders' summit conditional on Japan dropping "
    "the abductions precondition, with a decision needed before the G7"
)
PROPOSAL = (
    "Pyongyang proposes a leaders' summit in Pyongyang in April 2026, conditional on Tokyo "
    "dropping the abductions precondition."
)


def test_dates_compare_at_the_precision_both_give() -> None:
    assert later_than("2026-04", "2025-11-12") and not later_than("2025-11", "2025-11-12")
    assert not later_than("2024-02-15", "") and not later_than("1959", "1959-08-13")
    assert same_date("2024-02", "2024-02-15") and same_date("2024", "2024-02-15")
    assert not same_date("2024-02-14", "2024-02-15") and not same_date("2024-03", "2024-02")
    assert same_year("2002-09-17", "2002") and same_year("2002-01", "2002-12-31")
    assert not same_year("2002-12-31", "2003-01-01")


def test_a_proposal_is_dated_when_made_not_when_it_proposes() -> None:
    made = _Dated(1, PROPOSAL, (("2026-04", False),), doc_date="2025-11-12")
    assert (made.event_date, made.mentions) == ("2025-11-12", "2026-04")
    past = _Dated(1, "Talks were held in May 2014.", (("2014-05", False),), "2018-09-30")
    assert (past.event_date, past.mentions) == ("2014-05", "")


def _chronology(index: Index, tasking: str, reviewed_only: bool = True) -> list[ChronologyEntry]:
    answerer = build_answerer(index, index.settings)
    catalogue = build_writer(answerer, index.settings).catalogue
    request = DraftRequest(tasking=tasking, reviewed_only=reviewed_only)
    return TimelineBuilder(SectionWriter(answerer, request, []), catalogue).chronology()


@pytest.fixture(scope="module")
def summit(corpus_index: Index) -> list[ChronologyEntry]:
    return _chronology(corpus_index, SUMMIT)


def test_the_chronology_lists_dated_events_only(summit: list[ChronologyEntry]) -> None:
    assert summit
    for entry in summit:
        assert not entry.text.startswith(("Risk:", "Leverage:", "Assessment:")), entry.text
    assert [e.date for e in summit] == sorted(e.date for e in summit)


def test_one_event_is_listed_once(summit: list[ChronologyEntry], corpus_index: Index) -> None:
    for i, entry in enumerate(summit):
        near = [e.text for e in summit[:i] if same_date(e.date, entry.date)]
        assert not ClaimLedger(corpus_index.embedder, near).is_repeat(entry.text), entry.text


def test_the_key_events_are_present(summit: list[ChronologyEntry]) -> None:
    """The 2014 Stockholm Agreement and its 2016 collapse, which the corpus holds."""
    assert any(e.date.startswith("2014-05") for e in summit), [e.date for e in summit]
    assert any(e.date.startswith("2016-02") for e in summit), [e.date for e in summit]


def test_an_uploaded_proposal_keeps_its_own_date(writable_corpus: Index, tmp_path: Path) -> None:
    path = tmp_path / "proposal.md"
    path.write_text(
        f"---\ntitle: DPRK summit proposal\ndoc_type: statement\ndate: 2025-11-12\n"
        f"tags: [abductions]\n---\n{PROPOSAL}\n",
        encoding="utf-8",
    )
    assert ingest_paths(writable_corpus, [path]).ok
    entries = _chronology(writable_corpus, SUMMIT, reviewed_only=False)
    (proposal,) = [e for e in entries if e.text == PROPOSAL]
    assert (proposal.date, proposal.mentions) == ("2025-11-12", "2026-04")
