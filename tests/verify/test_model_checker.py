"""The reading model trained here, as loaded by the service and as a ``SupportChecker``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from service.corpus.embed import LocalEmbeddings
from service.text.evidence import Passage
from service.verify.model_checker import ModelChecker, windows
from service.verify.protocol import Claim
from service.verify.reader import ReadingModel, missing_files
from service.verify.support import Verifier
from tests.verify.contract import SupportCheckerContract


class TestModelWithRulesMeetsTheContract(SupportCheckerContract):
    """The verifier with the reading model judging support (BRIEFING_SUPPORT_CHECKER=model)
    is a ``SupportChecker``. The model alone is not: it passes a changed number ("Seven of
    the 17" for "Five of the 17") and calls an unrelated claim a contradiction, so the
    rules' hard facts stay beside it (the contract's own tests show both)."""

    @pytest.fixture
    def checker(self, reader: ReadingModel, embedder: LocalEmbeddings) -> Verifier:
        return Verifier(embedder, reader=ModelChecker(reader))


def test_probabilities_are_distributions_in_order_and_cached(reader: ReadingModel) -> None:
    pairs = [
        ("Who chaired the committee?", "So Tae Ha chaired the Special Investigation Committee."),
        ("Who chaired the committee?", "Rice prices rose in Osaka during the summer."),
    ]
    first = reader.probabilities(pairs)
    assert first.shape == (2, 3)
    assert np.allclose(first.sum(axis=1), 1.0, atol=1e-4)
    assert first[0, 0] > first[1, 0]  # the answering sentence scores higher
    again = reader.probabilities(list(reversed(pairs)))
    assert np.allclose(again, first[::-1])


def test_missing_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    assert missing_files(tmp_path) == ["model.safetensors", "tokenizer.json"]
    with pytest.raises(FileNotFoundError, match=r"model.safetensors, tokenizer.json"):
        ReadingModel(tmp_path)


def test_windows_are_sentences_and_adjacent_pairs() -> None:
    passage = Passage("p", "One fact. Two facts. Three facts.", doc_start=10)
    texts = [w.text for w in windows([passage])]
    assert texts == [
        "One fact.",
        "Two facts.",
        "Three facts.",
        "One fact. Two facts.",
        "Two facts. Three facts.",
    ]
    quote = windows([passage])[1].quote()
    assert (quote.start, quote.end) == (20, 30)


def test_a_claim_is_judged_against_all_its_passages(reader: ReadingModel) -> None:
    checker = ModelChecker(reader)
    passages = (
        Passage("a", "The talks were held in Stockholm in May 2014."),
        Passage("b", "The DPRK agreed to set up a Special Investigation Committee."),
    )
    (judgment,) = checker.judge(
        [Claim("The DPRK agreed to set up an investigation committee.", passages)]
    )
    assert judgment.supported
    assert judgment.span is not None and judgment.span.passage == passages[1]
