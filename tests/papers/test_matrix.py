"""The options matrix compares: a column never shows one claim (or a restatement of it) for
two options; an option whose only evidence another option's cell shows says how it differs,
or "No difference" plainly. Real MiniLM embeddings, hand-made papers."""

from __future__ import annotations

from service.corpus.embed import LocalEmbeddings
from service.papers.archetypes import Archetype, load_archetypes
from service.papers.matrix import CRITERIA, NO_SOURCE, build_matrix, compare_columns
from service.papers.paper import MatrixCell, MatrixRow, Option, Paper, Prose, Sentence
from tests.papers.samples import cite, paper

DPRK = "The DPRK said on 5 July 2014 that the abduction issue had been settled."
DPRK_AGAIN = "On 5 July 2014 the DPRK said that the abduction issue had been settled for good."
RISK = "The Special Investigation Committee was dissolved in February 2016 after the test."


def _paper(chosen: list[Archetype], claims: list[str]) -> Paper:
    made = paper()
    made.options = [Option(name=a.name) for a in chosen]
    sentences = [Sentence(text=t, citations=[i + 2]) for i, t in enumerate(claims)]
    made.options[0].pros = Prose(sentences=sentences)
    made.citations += [cite(i + 2, t) for i, t in enumerate(claims)]
    return made


def _column(rows: list[MatrixRow], label: str) -> list[MatrixCell]:
    return [next(c for c in row.cells if c.criterion == label) for row in rows]


def test_one_claim_is_shown_once_in_its_column(embedder: LocalEmbeddings) -> None:
    chosen = load_archetypes()[:3]
    rows = build_matrix(_paper(chosen, [DPRK, RISK]), chosen, {"abductions": 0.6}, embedder)
    dprk = _column(rows, "DPRK stated position")
    assert [c.text for c in dprk].count(DPRK) == 1
    others = [c for c in dprk if c.text != DPRK]
    holder = chosen[[c.text for c in dprk].index(DPRK)].name
    assert all(c.kind == "framing" for c in others)
    assert all(c.text == f"No difference from {holder} on the evidence." for c in others)
    risk = _column(rows, "Main risk")
    assert [c.text for c in risk].count(RISK) == 1
    # Where the option has its own framing for the criterion, the cell says how it differs.
    for cell, archetype in zip(risk, chosen, strict=True):
        if cell.text != RISK:
            assert "this option differs in approach" in cell.text
            assert archetype.risks.framing.split(". ")[0] in cell.text
    # A criterion no claim speaks to stays "No source." for every option.
    time = _column(rows, "Time to first deliverable")
    assert all(c.text == NO_SOURCE and c.kind == "none" for c in time)


def test_a_restatement_counts_as_the_same_claim(embedder: LocalEmbeddings) -> None:
    chosen = load_archetypes()[:2]
    rows = build_matrix(_paper(chosen, [DPRK, DPRK_AGAIN]), chosen, {}, embedder)
    dprk = _column(rows, "DPRK stated position")
    assert sum(c.kind == "claim" for c in dprk) == 1, [c.text for c in dprk]


def test_every_claim_cell_carries_its_criterions_cue(embedder: LocalEmbeddings) -> None:
    chosen = load_archetypes()[:3]
    rows = build_matrix(_paper(chosen, [DPRK, RISK]), chosen, {}, embedder)
    cues = {c.label: c.cue for c in CRITERIA}
    for row in rows:
        for cell in row.cells:
            if cell.kind == "claim":
                assert cues[cell.criterion].search(cell.text), (cell.criterion, cell.text)


def test_a_filled_matrix_with_repeats_is_made_to_compare(embedder: LocalEmbeddings) -> None:
    """Whatever filled the matrix (a chat model too), repeats in a column are replaced."""
    chosen = load_archetypes()[:3]
    label = "DPRK stated position"
    rows = [
        MatrixRow(option=a.name, option_path=f"options.{i}",
                  cells=[MatrixCell(criterion=label, text=DPRK, citations=[2])])
        for i, a in enumerate(chosen)
    ]  # fmt: skip
    compared = compare_columns(rows, chosen, embedder)
    assert [c.kind for c in _column(compared, label)] == ["claim", "framing", "framing"]
    assert (
        _column(compared, label)[1].text == f"No difference from {chosen[0].name} on the evidence."
    )
