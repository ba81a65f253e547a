"""Answers that answer the question, on the shipped corpus: the party and act asked about,
the heading as context, one sentence per fact, the direct answer first, no padding."""

from __future__ import annotations

import pytest

from service.answer.answerer import Answerer
from service.answer.composers import ExtractiveComposer
from service.answer.focus import (
    agent_match,
    asked_act,
    cause_match,
    focus_coverage,
    overlap,
    rarity,
    words,
)
from service.answer.numbered import number_passages
from service.answer.result import Answer
from service.corpus.index import Index
from service.retrieve.hybrid import search
from service.verify.support import Verifier


@pytest.fixture(scope="module")
def answerer(corpus_index: Index) -> Answerer:
    embedder = corpus_index.embedder
    return Answerer(corpus_index, ExtractiveComposer(embedder), Verifier(embedder))


def _ask(answerer: Answerer, question: str) -> Answer:
    answer = answerer.answer(question)
    assert not answer.abstained, question
    return answer


def test_the_asked_party_and_act_come_first(answerer: Answerer) -> None:
    answer = _ask(answerer, "What did North Korea promise in the Stockholm Agreement?")
    first = answer.sentences[0].text
    assert "the DPRK promised" in first or "the DPRK undertook" in first
    assert not any("point 5" in s.text or "point 2" in s.text for s in answer.sentences)


def test_agent_match_tells_who_did_the_act() -> None:
    act = asked_act("What did Pyongyang promise in Stockholm?")
    assert act is not None and act[0] == "dprk"
    assert agent_match(act, "In May 2014 the DPRK undertook a comprehensive survey.") == 1.0
    assert agent_match(act, "In point 5, Japan promised sincere discussions.") == -1.0
    assert agent_match(act, "The talks were held in Stockholm.") == 0.0
    assert asked_act("What did the committee find?") is None  # no party asked about


def test_the_chairman_is_named_from_his_section(answerer: Answerer) -> None:
    answer = _ask(answerer, "Who was the chairman of the Special Investigation Committee?")
    assert "So Tae Ha" in answer.sentences[0].text
    assert not any("vice-chairmen" in s.text for s in answer.sentences)


def test_one_sentence_per_fact(answerer: Answerer) -> None:
    answer = _ask(answerer, "How many abductees does Japan officially recognise?")
    recognising = [s.text for s in answer.sentences if "recognise" in s.text and "17" in s.text]
    assert len(recognising) == 1, answer.text


def test_a_factoid_question_gets_one_sentence_per_part(answerer: Answerer) -> None:
    single = _ask(answerer, "On what date did the DPRK announce that it was disbanding the "
                            "Special Investigation Committee?")  # fmt: skip
    assert len(single.sentences) == 1 and "12 February 2016" in single.sentences[0].text
    double = _ask(answerer, "How old was Megumi Yokota when she was abducted, and where did "
                            "her parents meet her daughter in 2014?")  # fmt: skip
    assert len(double.sentences) == 2
    assert "13" in double.text and "Ulan Bator" in double.text


def test_focus_weighs_the_words_that_single_out_the_answer(corpus_index: Index) -> None:
    question = "What kind of arches does Norman architecture have?"
    sentences = [
        "Norman architecture stands out as a new stage in the regions the Normans subdued.",
        "Norman architecture spread from Normandy to England and Sicily.",
        "Their style was characterised by rounded arches and massive proportions.",
    ]
    held = [words(s) for s in sentences]
    idf = rarity(held)
    scores = [focus_coverage(words(question), h, idf) for h in held]
    assert scores[2] > scores[0] and scores[2] > scores[1]


def test_near_duplicates_overlap() -> None:
    a = "Japan's government officially recognises 17 abductees, taken in 12 incidents."
    b = "Japan officially recognises 17 people, taken in 12 incidents, as abductees of the DPRK."
    assert overlap(a, b) >= 0.7
    assert overlap(a, "Five of the recognised abductees returned on 15 October 2002.") < 0.7


def test_drafting_queries_are_evidence_not_questions(answerer: Answerer) -> None:
    query = "how the Stockholm talks broke down"
    passages = number_passages(search(answerer.index, query, 6))
    events = list(answerer.respond(query, passages, purpose="evidence"))
    answer = events[-1].answer  # type: ignore[union-attr]
    assert answer.sentences, "a drafting query is not held to a question's constraints"


def test_a_why_question_prefers_a_stated_cause() -> None:
    because = "North Korea dissolved the committee because Japan reimposed sanctions."
    when = "Pyongyang dissolved the committee in February 2016."
    assert cause_match("Why did North Korea dissolve the committee?", because) == 1.0
    assert cause_match("When was it set up, and why was it dissolved?", because) == 1.0
    assert cause_match("Why did North Korea dissolve the committee?", when) == 0.0
    assert cause_match("When did North Korea dissolve the committee?", because) == 0.0
