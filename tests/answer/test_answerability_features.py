"""The word features the answerability word check reads (answerability_features.py)."""

from __future__ import annotations

import pytest

from service.answer.answerability_features import NAMES, word_features
from service.answer.question import question_parts

PASSAGE = "Normans\nHistory\nRollo ruled the duchy of Normandy. The duchy grew under his heirs."


def _row(question: str, sentence: str, context: str = "Normans\nHistory\n") -> dict[str, float]:
    row = word_features(question_parts(question), [sentence], [context], [PASSAGE])[0]
    return dict(zip(NAMES, row, strict=True))


def test_a_sentence_holding_every_question_word_in_order_scores_full() -> None:
    row = _row("Who ruled the duchy of Normandy?", "Rollo ruled the duchy of Normandy.")
    assert row == {
        "rare_coverage": 1.0,
        "rarest_missing": 0.0,
        "absent": 0.0,
        "sentence_coverage": 1.0,
        "bigram_coverage": 1.0,
    }


def test_a_swapped_word_no_passage_uses_is_seen() -> None:
    # SQuAD 2.0's edit: "ruled" became "destroyed", a word no retrieved passage has.
    row = _row("Who destroyed the duchy of Normandy?", "Rollo ruled the duchy of Normandy.")
    assert row["absent"] == 1.0
    assert row["rarest_missing"] == 1.0  # the missing word is as rare as a word can be
    assert row["rare_coverage"] < 2 / 3  # the rare word weighs more than the topic words
    assert row["sentence_coverage"] == pytest.approx(2 / 3)
    assert row["bigram_coverage"] == 0.5  # "duchy of Normandy" kept, "destroyed the duchy" not


def test_words_held_only_by_the_context_count_for_coverage_not_for_the_sentence() -> None:
    row = _row("Who ruled the duchy of Normandy?", "He ruled the duchy.", "Normans\nNormandy\n")
    assert row["rare_coverage"] == 1.0
    assert row["sentence_coverage"] == pytest.approx(2 / 3)


def test_no_sentences_give_no_rows() -> None:
    assert word_features(question_parts("Who ruled?"), [], [], [PASSAGE]).shape == (0, len(NAMES))
