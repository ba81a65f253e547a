"""Answers verified by the LLM judge (``BRIEFING_SUPPORT_CHECKER=llm``) against the FAKE
OpenAI-compatible server (tests/fake_openai.py; its judge is scripted, tests/fake_judge.py):
what an answer asks together goes to the judge in one request, not one per sentence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.answer.answerer import Answerer
from service.answer.extractive import Candidate
from service.answer.numbered import NumberedPassage, Purpose, number_passages
from service.answer.result import SentenceEvent
from service.config import Settings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.retrieve.langchain_retriever import HybridRetriever
from service.verify.reader import ReadingModel
from service.wiring import build_verifier
from tests.conftest import FakeComposer
from tests.fake_openai import FakeOpenAI

QUESTION = "When and where did Japan and North Korea meet?"
DATES = "Japan and North Korea met in Stockholm, Sweden, from 26 to 28 May 2014"
RELEASED = "The agreed text was released on 29 May 2014"


class WholeComposer(FakeComposer):
    """A FAKE composer that writes its answer in one piece, as the extractive ones do."""

    def compose(
        self,
        question: str,
        passages: list[NumberedPassage],
        purpose: Purpose = "question",
        pool: list[Candidate] | None = None,
    ) -> Iterator[str]:
        self.prompts.append((question, passages))
        yield self.replies.pop(0)


@pytest.fixture
def judged(index: Index, docs_dir: Path, fake: FakeOpenAI, reader: ReadingModel) -> Index:
    ingest_paths(index, [docs_dir])
    return index


def _answerer(
    index: Index, fake: FakeOpenAI, reader: ReadingModel, reply: str, batch: int = 8
) -> Answerer:
    settings = index.settings.model_copy(
        update={"support_checker": "llm", "llm_base_url": fake.base_url, "llm_judge_batch": batch}
    )
    assert isinstance(settings, Settings)
    verifier = build_verifier(index.embedder, settings, reader)
    return Answerer(index, WholeComposer(reply), verifier)  # type: ignore[arg-type]


def _cited(index: Index, text: str) -> int:
    """The number the answerer gives the passage holding ``text`` for ``QUESTION``."""
    passages = number_passages(HybridRetriever(index=index, k=6).hits(QUESTION))
    return next(p.n for p in passages if text in p.hit.text)


def _judged(fake: FakeOpenAI) -> list[list[tuple[str, tuple[str, ...]]]]:
    """The claims, with their passages, of each request the judge received."""
    found = []
    for prompt in fake.prompts:
        items = json.loads(prompt.split("Claims:\n", 1)[1].rsplit("\n\nVerdicts:", 1)[0])
        found.append([(item["claim"], tuple(item["passages"])) for item in items])
    return found


def _claims(fake: FakeOpenAI) -> list[list[str]]:
    return [[claim for claim, _ in request] for request in _judged(fake)]


def test_an_answer_written_at_once_is_judged_in_one_request(
    judged: Index, fake: FakeOpenAI, reader: ReadingModel
) -> None:
    n = _cited(judged, DATES)
    reply = f"{DATES} [{n}]. {RELEASED} [{n}]."
    answer = _answerer(judged, fake, reader, reply).answer(QUESTION)
    assert [s.text for s in answer.sentences] == [f"{DATES}.", f"{RELEASED}."]
    assert _claims(fake) == [[f"{DATES}.", f"{RELEASED}."]]


def test_sentences_without_a_citation_are_tried_on_every_passage_in_one_request(
    judged: Index, fake: FakeOpenAI, reader: ReadingModel
) -> None:
    reply = f"{DATES}. {RELEASED} [99]."  # [99]: no such passage, dropped
    answer = _answerer(judged, fake, reader, reply, batch=64).answer(QUESTION)
    assert [s.text for s in answer.sentences] == [f"{DATES}.", f"{RELEASED}."]
    assert all(s.repaired and s.citations for s in answer.sentences)
    (request,) = _judged(fake)
    passages = {p for _, p in request}
    assert len(request) == 2 * len(passages) > 2  # each sentence against each passage


def test_a_failing_judge_is_not_asked_again_for_what_it_failed(
    judged: Index, fake: FakeOpenAI, reader: ReadingModel
) -> None:
    fake.replies.append(503)
    n = _cited(judged, DATES)
    reply = f"{DATES} [{n}]. {RELEASED} [{n}]."
    answer = _answerer(judged, fake, reader, reply).answer(QUESTION)
    asked = [pair for request in _judged(fake) for pair in request]
    assert _claims(fake)[0] == [f"{DATES}.", f"{RELEASED}."]
    assert len(asked) == len(set(asked))  # the fallback's judgments stood for the batch
    assert answer.sentences  # the reading model (and the rules' hard facts) verified


def test_a_streamed_answer_is_still_checked_a_sentence_at_a_time(
    judged: Index, fake: FakeOpenAI, reader: ReadingModel
) -> None:
    n = _cited(judged, DATES)
    answerer = _answerer(judged, fake, reader, "")
    answerer.composer = FakeComposer(f"{DATES} [{n}]. {RELEASED} [{n}].")  # 7 characters a piece
    events = answerer.stream(QUESTION)
    first = next(events)
    assert isinstance(first, SentenceEvent) and first.sentence.text == f"{DATES}."
    assert _claims(fake) == [[f"{DATES}."]]  # shown before the rest was written
    list(events)
    assert _claims(fake) == [[f"{DATES}."], [f"{RELEASED}."]]
