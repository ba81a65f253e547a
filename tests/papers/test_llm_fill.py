"""With an OpenAI-compatible backend the model fills the chronology, the conflicts and the
matrix cells from numbered passages, every sentence verified; against a FAKE chat-completions
server on loopback (tests/fake_openai.py: the real protocol, scripted replies), including
replies that fail verification and fall back to the rule-based structure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.corpus.index import Index
from service.papers.blocks import cited_numbers
from service.papers.matrix import NO_SOURCE
from service.papers.paper import DraftRequest, Paper
from service.wiring import build_answerer, build_writer
from tests.fake_openai import (
    INVENTED_EVENT,
    INVENTED_RISK,
    FakeOpenAI,
    fake_openai_server,
    passage_sentences,
)

SPOUSES = "How should Japan handle the repatriated Zainichi Koreans and Japanese spouses in talks?"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as server:
        yield server


@pytest.fixture(scope="module")
def paper(corpus_index: Index, fake: FakeOpenAI) -> Paper:
    settings = corpus_index.settings.model_copy(
        update={"llm": "openai", "llm_base_url": fake.base_url, "llm_model": "fake-model"}
    )
    writer = build_writer(build_answerer(corpus_index, settings), settings)
    return writer.draft(DraftRequest(tasking=SPOUSES, options=2, length="short"))


def test_the_model_is_asked_for_each_structure(paper: Paper, fake: FakeOpenAI) -> None:
    assert paper.backend == "openai"
    endings = [p.rstrip().rsplit("\n", 1)[-1] for p in fake.prompts]
    assert endings.count("Chronology:") == 1 and endings.count("Disagreements:") == 1
    assert endings.count("Row:") == len(paper.options)


def test_chronology_keeps_verified_model_lines_only(paper: Paper, fake: FakeOpenAI) -> None:
    # The fake's true line is a dated passage sentence: it is the whole chronology, since
    # the model's verified entries replace the rules' and the invented line fails.
    assert len(paper.chronology) == 1, paper.chronology
    (entry,) = paper.chronology
    assert entry.citations and entry.date[:4] in entry.text
    assert all(INVENTED_EVENT not in e.text for e in paper.chronology)


def test_invented_conflicts_fall_back_to_the_rules(paper: Paper) -> None:
    abouts = [c.about for c in paper.conflicts]
    assert "the geneva talks" not in abouts
    assert any("Calcutta" in a for a in abouts), abouts  # the rule-based conflict stands in
    assert all(s.citations for c in paper.conflicts for s in c.statements)


def test_matrix_cells_from_the_model_are_verified_or_fall_back(
    paper: Paper, fake: FakeOpenAI
) -> None:
    rows = [p for p in fake.prompts if p.rstrip().endswith("Row:")]
    for row, prompt in zip(paper.matrix, rows, strict=True):
        cells = {c.criterion: c for c in row.cells}
        leverage = cells["Leverage Japan holds"]
        # The model's copied sentence, verified and cited.
        assert leverage.text[:40] == passage_sentences(prompt)[0][1].lstrip("# ")[:40]
        assert leverage.kind == "claim" and leverage.citations and leverage.supported
        assert cells["DPRK stated position"].text == NO_SOURCE
        assert INVENTED_RISK not in cells["Main risk"].text
        assert cells["Agenda served and weight"].kind == "framing"
    assert {c.n for c in paper.citations} == cited_numbers(paper)
