"""Papers steered by the tasking, on the shipped corpus with the default backend: three
taskings of our own, under default weights (or weights set against what they name).
Each paper is checked for what the tasking names, for gaps instead of empty prose, for
zero repeated claims, and for a sorted, cited chronology; the repatriation tasking must
surface the Calcutta Agreement's disputed signing date (12 vs 13 August 1959)."""

from __future__ import annotations

import re

import pytest

from service.corpus.index import Index
from service.papers.blocks import cited_numbers, prose_paths
from service.papers.paper import DraftRequest, Paper
from service.papers.repeats import ClaimLedger
from service.papers.writer import PaperWriter
from service.wiring import build_answerer, build_writer

SEOUL = "How should Japan re-engage North Korea after the 2025 change of government in Seoul?"
GRAVES = "Should Japan offer grave visits first?"
SPOUSES = "How should Japan handle the repatriated Zainichi Koreans and Japanese spouses in talks?"


@pytest.fixture(scope="module")
def writer(corpus_index: Index) -> PaperWriter:
    return build_writer(build_answerer(corpus_index, corpus_index.settings), corpus_index.settings)


@pytest.fixture(scope="module")
def papers(writer: PaperWriter) -> dict[str, Paper]:
    # The graves tasking is drafted with its own agenda at the weight the form suggests for
    # an agenda the tasking names (issue 29: weights are used as given, never floored).
    requests = {
        SEOUL: DraftRequest(tasking=SEOUL, options=2, length="short"),
        GRAVES: DraftRequest(
            tasking=GRAVES, options=2, length="short", weights={"remains-and-graves": 0.5}
        ),
        SPOUSES: DraftRequest(tasking=SPOUSES, options=2, length="short"),
    }
    return {tasking: writer.draft(request) for tasking, request in requests.items()}


def _claims(paper: Paper) -> list[str]:
    return [s.text for prose in prose_paths(paper).values() for s in prose.claims]


def test_seoul_tasking_steers_bluf_background_and_options(papers: dict[str, Paper]) -> None:
    paper = papers[SEOUL]
    assert "Seoul-parallel window with multilateral coordination" in [o.name for o in paper.options]
    first = paper.bluf.sentences[0]
    assert first.kind == "claim" and first.citations
    assert first.lead.startswith("Japan should re-engage North Korea after the 2025 change")
    assert first.lead.rstrip(":") in paper.recommendation.sentences[0].text
    # The BLUF's evidence comes from the tasking's time frame, not Japan's 1959 position.
    evidence = paper.bluf.claims[0].text
    assert "2025" in evidence and "1959" not in evidence, evidence
    background = " ".join(s.text for s in paper.background.claims)
    # The tasking's actor and its time frame lead the background.
    first = paper.background.claims[0].text
    assert re.search(r"South Korea|Seoul|Lee Jae-myung|Lee\b", first), background
    assert "2025" in first, background


def test_naming_an_agenda_brings_it_in(papers: dict[str, Paper]) -> None:
    paper = papers[GRAVES]
    remains = next(a for a in paper.agendas if a.agenda_id == "remains-and-graves")
    assert remains.weight >= 0.5 and remains.status.claims
    assert "Humanitarian-first confidence building" in [o.name for o in paper.options]
    assert paper.bluf.sentences[0].lead.startswith(("Yes: Japan should offer grave visits",
                                                    "No: Japan should lead with"))  # fmt: skip


def test_repatriation_tasking_finds_the_calcutta_conflict(papers: dict[str, Paper]) -> None:
    paper = papers[SPOUSES]
    assert any(a.agenda_id == "repatriates-and-spouses" for a in paper.agendas)
    calcutta = [c for c in paper.conflicts if "Calcutta" in c.about]
    assert calcutta, paper.conflicts
    assert {s.value for s in calcutta[0].statements} == {"1959-08-12", "1959-08-13"}
    assert all(s.citations for s in calcutta[0].statements)
    # Beyond dates: the two estimates of the Japanese spouses who went north.
    spouses = [c for c in paper.conflicts if c.about == "the number of Japanese spouses"]
    assert spouses and spouses[0].kind == "number", paper.conflicts
    assert {s.value for s in spouses[0].statements} == {"about 1,830", "about 1,800"}
    assert all(s.citations for s in spouses[0].statements)


@pytest.mark.parametrize("tasking", [SEOUL, GRAVES, SPOUSES])
def test_no_repeated_claims(papers: dict[str, Paper], writer: PaperWriter, tasking: str) -> None:
    claims = _claims(papers[tasking])
    assert len(claims) == len(set(claims))
    ledger = ClaimLedger(writer.answerer.index.embedder)
    for text in claims:
        assert not ledger.is_repeat(text), text
        ledger.add(text)


@pytest.mark.parametrize("tasking", [SEOUL, GRAVES, SPOUSES])
def test_gaps_stand_for_empty_blocks(papers: dict[str, Paper], tasking: str) -> None:
    paper = papers[tasking]
    gaps = {g.path for g in paper.gaps}
    # Light agendas (below 0.5 in a short paper) get no leverage or linkage block at all.
    gaps |= {f"agendas.{a.agenda_id}.{part}" for a in paper.agendas if a.weight < 0.5
             for part in ("leverage", "linkage")}  # fmt: skip
    for path, prose in prose_paths(paper).items():
        # A block with framing (BLUF, recommendation, option parts) still reads as a block;
        # one with nothing at all must be listed as a gap.
        framed = any(s.kind == "framing" for s in prose.sentences)
        assert prose.claims or framed or path in gaps, path
    assert all(g.text.startswith("No source") for g in paper.gaps)


@pytest.mark.parametrize("tasking", [SEOUL, GRAVES, SPOUSES])
def test_chronology_is_dated_sorted_and_cited(papers: dict[str, Paper], tasking: str) -> None:
    paper = papers[tasking]
    assert paper.chronology
    dates = [e.date for e in paper.chronology]
    assert dates == sorted(dates)
    assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d) for d in dates)
    by_n = {c.n: c for c in paper.citations}
    for entry in paper.chronology:
        assert entry.citations and all(n in by_n for n in entry.citations)
    assert {c.n for c in paper.citations} == cited_numbers(paper)
