"""Draft metrics on a hand-made paper with known values."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from service.evals.drafts import citation_coverage, score_paper, weight_adherence
from service.papers.paper import AgendaSection, DraftRequest, Paper, Prose, Sentence
from service.text.evidence import Citation, Passage

CHUNKS = {key: Passage(key, f"text of {key}") for key in ("c1", "c2", "c3")}


def claim(text: str, *citations: int) -> Sentence:
    return Sentence(text=text, citations=list(citations))


def supports(sentence: str, passages: Sequence[Passage]) -> bool:
    # Hand-made truth: only sentences containing "true" are supported, by anything cited.
    return "true" in sentence and bool(passages)


def citation(n: int, chunk: str) -> Citation:
    return Citation(n=n, source=f"{chunk}.md", doc_id=chunk, chunk_id=chunk, quote="q",
                         start=0, end=1)  # fmt: skip


def paper() -> Paper:
    framing = Sentence(text="Weight 0.6.", kind="framing")
    return Paper(
        title="t",
        request=DraftRequest(tasking="t"),
        bluf=Prose(sentences=[framing, claim("true bluf", 1)]),
        background=Prose(sentences=[claim("true background", 2), claim("false background", 3)]),
        agendas=[
            # 3 cited claims under a weight of 0.6, 1 under 0.2 (and one uncited).
            AgendaSection(
                agenda_id="remains",
                name="Remains",
                weight=0.6,
                status=Prose(sentences=[claim("true a", 1), claim("true b", 2)]),
                leverage=Prose(sentences=[claim("true c", 3)]),
            ),
            AgendaSection(
                agenda_id="yodo",
                name="Yodo-go",
                weight=0.2,
                status=Prose(sentences=[claim("true d", 1), claim("uncited")]),
            ),
        ],
        citations=[citation(1, "c1"), citation(2, "c2"), citation(3, "c3")],
    )


def test_weight_adherence_known_values() -> None:
    assert weight_adherence({"a": 3, "b": 1}, {"a": 0.75, "b": 0.25}) == pytest.approx(1.0)
    assert weight_adherence({"a": 1}, {"a": 0.5, "b": 0.5}) == pytest.approx(0.5)
    assert weight_adherence({"b": 2}, {"a": 1.0}) is None  # no evidence where weighted
    assert weight_adherence({}, {}) is None


def test_citation_coverage() -> None:
    assert citation_coverage([Prose(sentences=[claim("x", 1), claim("y")])]) == 0.5
    assert citation_coverage([Prose(sentences=[Sentence(text="f", kind="framing")])]) is None


def test_score_paper() -> None:
    scores = score_paper(paper(), CHUNKS, supports)
    # Claims: bluf 1, background 2, remains 3, yodo 2 -> 8; supported: all "true" ones cited -> 6.
    assert scores.claims == 8
    assert scores.supported_share == pytest.approx(6 / 8)
    assert scores.coverage["bluf"] == 1.0
    assert scores.coverage["agenda yodo"] == 0.5
    assert "recommendation" not in scores.coverage  # no claims there
    assert scores.evidence_share == pytest.approx({"remains": 0.75, "yodo": 0.25})
    assert scores.weight_share == pytest.approx({"remains": 0.75, "yodo": 0.25})
    assert scores.weight_adherence == pytest.approx(1.0)
