"""Whether a sentence that meets a question's constraints answers it: a small learned scorer.

The rules in ``service.answer.question`` catch near misses that show in the words (a
wrong year, a missing name, an unstated qualifier). What they cannot see is a sentence
that shares the question's words but says something else about them: a role reversed,
an event beside the one asked about. This scorer reads the question and the sentence
as MiniLM sees them: a logistic regression over the sentence's coverage of the
question's words, the cosine, and the element-wise product and absolute difference of
the two vectors (the usual pair features of sentence encoders). It costs a dot product
over vectors the extractive composer computes anyway.

It is trained (``training/fit_answerability.py``) on pairs from two corpora: evals/core
(answerable questions with their supporting sentence; unanswerable and leave-one-out
questions with every sentence that met their constraints) and the SQuAD 2.0
Normans/Rhine questions outside the 240-question sample, which is held out for
reporting. The pairs are committed (``training/data/answerability_pairs.jsonl.gz``), so the weights
(``answerability.json``) can be rebuilt and checked by a test.

A second check reads the words (``service.answer.answerability_features``): a gradient
boosted classifier over the coverage, the cosine and which of the question's words the
sentence, its context and the retrieved passages hold. It is trained on the same pairs
less the other-paragraph sentences of answerable questions (what it must tell apart is an
answerable question from its near miss, not one paragraph from another), saved as its
trees (``answerability_words.json``, rebuilt from the committed pairs and checked by a
test) and evaluated here with numpy; a sentence must pass both checks.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from service.answer.answerability_features import word_features
from service.answer.question import Asked
from service.package_data import package_dir

WEIGHTS_PATH = package_dir("service.answer") / "answerability.json"
WORD_MODEL_PATH = package_dir("service.answer") / "answerability_words.json"
# A sentence whose answer probability is below this does not answer. Chosen on evals/core
# (5-fold by question) and the SQuAD questions outside the held-out sample: the highest
# value that keeps the answer rate on answerable questions (README, "Abstention").
MIN_ANSWERABILITY = 0.3
# The word check's floor, chosen the same way (question-grouped cross-validation).
MIN_WORD_SUPPORT = 0.1


def pair_features(question: np.ndarray, sentences: np.ndarray, coverages: np.ndarray) -> np.ndarray:
    """One row per sentence: coverage, cosine, then ``q * s`` and ``|q - s|`` (unit vectors)."""
    sentences = np.atleast_2d(sentences)
    cosine = sentences @ question
    return np.hstack(
        [
            np.asarray(coverages, dtype=np.float64).reshape(-1, 1),
            cosine.reshape(-1, 1),
            sentences * question,
            np.abs(sentences - question),
        ]
    )


@lru_cache(maxsize=1)
def _weights(path: Path = WEIGHTS_PATH) -> tuple[np.ndarray, float]:
    saved = json.loads(path.read_text(encoding="utf-8"))
    return np.asarray(saved["coef"], dtype=np.float64), float(saved["intercept"])


def answer_probability(
    question: np.ndarray, sentences: np.ndarray, coverages: np.ndarray
) -> np.ndarray:
    """The scorer's probability that each sentence answers the question."""
    coef, intercept = _weights()
    logits = pair_features(question, sentences, coverages) @ coef + intercept
    return 1.0 / (1.0 + np.exp(-logits))


def word_inputs(coverages: np.ndarray, cosines: np.ndarray, word_rows: np.ndarray) -> np.ndarray:
    """The word check's input rows: coverage, cosine, then ``answerability_features.NAMES``."""
    return np.column_stack(
        [np.asarray(coverages, np.float64), np.asarray(cosines, np.float64), word_rows]
    )


@lru_cache(maxsize=1)
def _word_trees(path: Path = WORD_MODEL_PATH) -> tuple[float, dict[str, np.ndarray]]:
    """The saved trees as arrays of shape (trees, nodes), padded with leaves of value 0."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    trees, width = saved["trees"], max(len(t["leaf"]) for t in saved["trees"])
    padded = {}
    for key, fill in (
        ("feature", 0),
        ("threshold", 0.0),
        ("left", 0),
        ("right", 0),
        ("leaf", True),
        ("value", 0.0),
    ):
        padded[key] = np.array([t[key] + [fill] * (width - len(t[key])) for t in trees])
    return float(saved["baseline"]), padded


def word_support(coverages: np.ndarray, cosines: np.ndarray, word_rows: np.ndarray) -> np.ndarray:
    """The word check's probability that each sentence answers (``word_inputs``): every
    tree walked at once from its root to a leaf, the leaves' values summed onto the
    baseline, as a logistic."""
    inputs = word_inputs(coverages, cosines, word_rows)
    baseline, tree = _word_trees()
    count, width = tree["leaf"].shape
    flat = {key: values.ravel() for key, values in tree.items()}
    roots = np.arange(count) * width  # node i of tree t is flat index t * width + i
    node = np.broadcast_to(roots, (len(inputs), count)).copy()
    rows = np.arange(len(inputs))[:, None] * inputs.shape[1]
    inner = ~flat["leaf"][node]
    while inner.any():
        left = inputs.ravel()[rows + flat["feature"][node]] <= flat["threshold"][node]
        child = roots + np.where(left, flat["left"][node], flat["right"][node])
        node = np.where(inner, child, node)
        inner = ~flat["leaf"][node]
    logits = baseline + flat["value"][node].sum(axis=1)
    return np.asarray(1.0 / (1.0 + np.exp(-logits)))


def accepts(
    parts: list[Asked],
    query: np.ndarray,
    vectors: np.ndarray,
    coverages: np.ndarray,
    sentences: tuple[list[str], list[str]],
    passages: list[str],
) -> np.ndarray:
    """Whether each sentence (``sentences``: texts and contexts, with unit ``vectors`` and
    ``coverages``) passes both checks against the retrieved ``passages`` (``passage_texts``)."""
    texts, contexts = sentences
    odds = answer_probability(query, vectors, coverages)
    rows = word_features(parts, texts, contexts, passages)
    support = word_support(coverages, vectors @ query, rows)
    return (odds >= MIN_ANSWERABILITY) & (support >= MIN_WORD_SUPPORT)
