"""A source's label before a sentence ("Risk: ...", "Leverage: ...", "Link to the core: ...")
is the source's structure, not the claim: the prose, the matrix and the conflicts carry the
claim without it (the chronology leaves such a line out: tests/papers/test_timeline.py).
The shape alone, then a paper drafted on the shipped corpus, whose analysis document labels
its sentences that way."""

from __future__ import annotations

import pytest

from service.corpus.index import Index
from service.papers.blocks import prose_paths
from service.papers.labels import source_label, without_label
from service.papers.paper import DraftRequest, Paper
from service.papers.writer import PaperWriter
from service.text.evidence import Passage
from service.wiring import build_answerer, build_writer


@pytest.mark.parametrize(
    ("text", "label", "claim"),
    [
        ("Risk: the DPRK could offer remains progress.", "Risk",
         "The DPRK could offer remains progress."),
        ("Link to the core: the 1997 visits ran through the Red Cross.", "Link to the core",
         "The 1997 visits ran through the Red Cross."),
        ("Assessment:  aid given early reduces leverage.", "Assessment",
         "Aid given early reduces leverage."),
    ],
)  # fmt: skip
def test_a_label_is_dropped_from_its_claim(text: str, label: str, claim: str) -> None:
    assert source_label(text) == label
    assert without_label(text) == claim


@pytest.mark.parametrize(
    "text",
    [
        "The DPRK said: the abduction issue has been resolved.",  # a name, not a label
        'Kim said: "We will not discuss it."',  # someone's words
        "In 2014: the parties met in Stockholm.",
        "Japan lifted some measures on 4 July 2014.",
        "A long label of many words here: is not a label.",
    ],
)
def test_what_is_not_a_label_is_kept(text: str) -> None:
    assert source_label(text) == ""
    assert without_label(text) == text


@pytest.fixture(scope="module")
def writer(corpus_index: Index) -> PaperWriter:
    return build_writer(build_answerer(corpus_index, corpus_index.settings), corpus_index.settings)


@pytest.fixture(scope="module")
def spouses(writer: PaperWriter) -> Paper:
    """A tasking whose evidence is in the analysis document's labelled paragraphs."""
    tasking = "How can Japan secure home visits for the Japanese spouses in the DPRK?"
    weights = {"repatriates-and-spouses": 0.9, "remains-and-graves": 0.8}
    return writer.draft(DraftRequest(tasking=tasking, weights=weights, options=2, length="short"))


def test_claims_and_cells_carry_no_source_label(spouses: Paper, writer: PaperWriter) -> None:
    claims = [s for prose in prose_paths(spouses).values() for s in prose.claims]
    cells = [c for row in spouses.matrix for c in row.cells if c.kind == "claim"]
    statements = [s for conflict in spouses.conflicts for s in conflict.statements]
    texts = [s.text for s in claims] + [c.text for c in cells] + [s.text for s in statements]
    for text in texts:
        assert not source_label(text), text
    # The labelled source sentences are there, as claims that still verify against the
    # quote (which keeps the source's label: it is the source's text).
    by_n = {c.n: c for c in spouses.citations}
    labelled = [s for s in claims if any(source_label(by_n[n].quote) for n in s.citations)]
    assert labelled, "the tasking should cite the analysis document's labelled sentences"
    for sentence in labelled:
        cited = [by_n[n] for n in sentence.citations]
        quotes = [Passage(c.chunk_id, c.quote, c.start) for c in cited]
        assert writer.answerer.verifier.verify(sentence.text, quotes).supported, sentence.text
