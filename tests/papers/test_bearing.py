"""Evidence that bears on its place (issue 31): the place's question, the committed reading
model's judgment at a threshold, the rules without the model, and the choice of kinds
and thresholds that ``bench/decide.py --bearing`` makes on the labelled pairs."""

from __future__ import annotations

import numpy as np
import pytest

from bench.bearing import choose, figures, load_cases
from service.corpus.agendas import load_agendas
from service.corpus.index import Index
from service.papers.bearing import BEARS, JUDGED, Bearing, place_question
from service.papers.paper import DraftRequest
from service.papers.section_writer import SectionWriter
from service.verify.reader import ReadingModel
from service.wiring import build_answerer

MORATORIUM = (
    "Kim Jong Il promised in September 2002 and again in May 2004 to extend the missile moratorium."
)
AID = (
    "Japan resumed food aid in 1997, froze it in 1998, pledged a large package in 2004, and "
    "promised in 2014 only to consider aid at an appropriate time."
)
RETURNS = "The 1959-1984 return project took 93,340 people from Japan to the DPRK."


def test_each_place_asks_its_own_question() -> None:
    assert place_question("agenda", "status", "Humanitarian aid") == (
        "What is the current state of Humanitarian aid?"
    )
    assert "'Decline the summit'" in place_question("option", "risks", "Decline the summit")
    with pytest.raises(KeyError):
        place_question("agenda", "pros", "Humanitarian aid")


def test_the_model_drops_a_sentence_off_its_agenda(reader: ReadingModel) -> None:
    bearing = Bearing(reader, {"agenda": 0.3})
    question = bearing.question("agenda", "status", "Humanitarian aid")
    assert question is not None
    assert bearing.keep("agenda", question, [AID, RETURNS]) == [True, False]


def test_a_kind_without_a_threshold_is_not_judged(reader: ReadingModel) -> None:
    bearing = Bearing(reader, {"agenda": 0.3})
    assert bearing.question("option", "risks", "Decline the summit") is None
    assert bearing.question("criterion", "risk", "Decline the summit") is None


def test_without_the_model_every_sentence_stands() -> None:
    bearing = Bearing(None, {"agenda": 0.99})
    assert bearing.judged_by == "rules"
    assert bearing.question("agenda", "status", "Nuclear and missile restraint") is None
    assert bearing.keep("agenda", "What is the state of X?", [MORATORIUM, AID]) == [True, True]


def test_the_papers_apply_only_the_kinds_held_out_confirmed() -> None:
    assert set(JUDGED) <= set(BEARS)
    assert set(Bearing(None).thresholds) == set(JUDGED)


def test_the_threshold_is_the_best_balanced_one_on_tune_the_lowest_of_equals() -> None:
    scores = np.array([0.9, 0.8, 0.4, 0.2, 0.1])
    labels = np.array([True, True, True, False, False])
    assert choose(scores, labels) == pytest.approx(0.205)
    assert figures(scores, labels, 0.205)["balanced"] == 1.0


def test_the_labelled_pairs_have_both_halves_and_both_labels() -> None:
    cases = load_cases()
    for split in ("tune", "held-out"):
        labels = {c["bears"] for c in cases if c["split"] == split}
        assert labels == {True, False}
    for case in cases:
        place_question(str(case["kind"]), str(case["field"]), str(case["place"]))


def test_an_agenda_block_keeps_only_what_bears_on_it(
    corpus_index: Index, reader: ReadingModel
) -> None:
    """The section writer applies the judgment where a kind has a threshold: at 0 every
    sentence bears, at 1 none does (the block is then a gap)."""
    answerer = build_answerer(corpus_index, corpus_index.settings)
    agenda = load_agendas(corpus_index.settings.agendas_path).peripheral[0]
    request = DraftRequest(tasking="Options for the spouses' home visits")
    found = []
    for threshold in (0.0, 1.0):
        writer = SectionWriter(answerer, request, [], reader=reader)
        writer.bearing = Bearing(reader, {"agenda": threshold})
        found.append(writer.prose("agenda", agenda.description, agenda, 0.5, place="status"))
    assert found[0].claims and not found[1].claims
