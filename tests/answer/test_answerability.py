"""The answerability scorer: its features, its committed weights and what it tells apart."""

from __future__ import annotations

import numpy as np
import pytest

from service.answer.answerability import (
    answer_probability,
    pair_features,
    word_support,
)
from service.answer.answerability_features import word_features
from service.answer.question import answers, question_parts
from service.corpus.embed import LocalEmbeddings


def _unit(v: list[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float64)
    return a / np.linalg.norm(a)


def test_pair_features_are_coverage_cosine_product_and_distance() -> None:
    q, s = _unit([1.0, 0.0, 0.0]), _unit([0.6, 0.8, 0.0])
    row = pair_features(q, np.array([s]), np.array([0.75]))[0]
    assert row[0] == 0.75  # coverage of the question's words
    assert row[1] == pytest.approx(0.6)  # cosine
    assert row[2:5] == pytest.approx([0.6, 0.0, 0.0])  # element-wise product
    assert row[5:8] == pytest.approx([0.4, 0.8, 0.0])  # absolute difference
    assert pair_features(q, np.array([s, q]), np.array([0.5, 1.0])).shape == (2, 8)


def test_the_answer_scores_above_a_sentence_about_something_else(
    embedder: LocalEmbeddings,
) -> None:
    question = "Who chaired the DPRK's Special Investigation Committee?"
    sentences = [
        "So Tae Ha, security counsellor of the National Defence Commission, chaired the "
        "Special Investigation Committee.",
        "Abe and key ministers judged that the DPRK's Special Investigation Committee could "
        "do real work.",
    ]
    q = np.asarray(embedder.embed_query(question))
    s = np.asarray(embedder.embed_documents(sentences))
    answering, other = answer_probability(q, s, np.array([1.0, 0.8]))
    assert answering > other


def test_the_word_check_scores_a_swapped_word_below_the_answer(
    embedder: LocalEmbeddings,
) -> None:
    passage = "Rhine\nCourse\nThe Rhine flows north from Lake Constance into Germany."
    sentence = "The Rhine flows north from Lake Constance into Germany."
    supports = []
    # SQuAD 2.0's edit of an answerable question: "flows" became "freezes".
    for question in ("Which way does the Rhine flow from Lake Constance?",
                     "Which way does the Rhine freeze from Lake Constance?"):  # fmt: skip
        parts = question_parts(question)
        coverage = answers(parts, sentence, "Rhine\nCourse")
        assert coverage is not None
        q = np.asarray(embedder.embed_query(question))
        cosine = np.asarray(embedder.embed_documents([sentence])) @ q
        rows = word_features(parts, [sentence], ["Rhine\nCourse"], [passage])
        supports.append(word_support(np.array([coverage]), cosine, rows)[0])
    answering, swapped = supports
    assert answering > swapped
