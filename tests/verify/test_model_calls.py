"""Drafting's calls to the embedding model: a claim is checked against several passages at
once, so their windows go to the model in one call, and the extractive composer embeds a
question with its sentences; the verdicts and vectors are the same either way. Facts are
read once per text."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from service.answer.extractive import _embed
from service.corpus.embed import LocalEmbeddings
from service.text.evidence import Passage
from service.verify.facts import extract_facts
from service.verify.support import Verifier

PASSAGES = [
    Passage("a", "Japan and the DPRK met in Stockholm in May 2014. They agreed on a survey."),
    Passage("b", "The DPRK dissolved the committee in February 2016. Talks stopped."),
    Passage("c", "Japan lifted some measures on 4 July 2014. The trade ban stayed."),
]
CLAIM = "The DPRK dissolved the committee in February 2016."


@pytest.fixture
def calls(embedder: LocalEmbeddings, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many texts each call to the model (past the vector cache) embeds."""
    model, made = embedder.warm_up(), []
    original = type(model).embed_documents

    def counted(self: object, texts: list[str]) -> list[list[float]]:
        made.append(len(texts))
        return original(self, texts)  # type: ignore[arg-type]

    monkeypatch.setattr(type(model), "embed_documents", counted)
    embedder.clear_cache()
    yield made
    embedder.clear_cache()


def test_a_claims_passages_are_embedded_in_one_call(
    embedder: LocalEmbeddings, calls: list[int]
) -> None:
    together = Verifier(embedder).verify(CLAIM, PASSAGES)
    assert calls == [9], "every window of the three passages at once (the claim is one)"
    calls.clear()
    embedder.clear_cache()
    one_by_one = Verifier(embedder)
    for passage in PASSAGES:
        one_by_one.verify(CLAIM, [passage])
    assert len(calls) == 4
    alone = one_by_one.verify(CLAIM, PASSAGES)  # from its cache: no call
    assert len(calls) == 4
    assert (alone.supported, alone.quote) == (together.supported, together.quote)
    assert alone.semantic == pytest.approx(together.semantic, abs=1e-5)


def test_a_question_is_embedded_with_its_sentences(
    embedder: LocalEmbeddings, calls: list[int]
) -> None:
    texts = [p.text for p in PASSAGES]
    vectors, query = _embed(embedder, "When were the talks held?", texts)
    assert calls == [4]
    embedder.clear_cache()
    alone = np.asarray(embedder.embed_query("When were the talks held?"))
    assert vectors.shape == (3, alone.shape[0]) and np.allclose(query, alone, atol=1e-5)


def test_facts_are_read_once_per_text() -> None:
    text = "In May 2014 Japan and the DPRK agreed in Stockholm."
    assert extract_facts(text) is extract_facts(text)
