"""Whether a sentence that meets a question's constraints answers it: a small learned scorer.

The rules in ``service.answer.question`` catch near misses that show in the words (a
wrong year, a missing name, an unstated qualifier). What they cannot see is a sentence
that shares the question's words but says something else about them: a role reversed,
an event beside the one asked about. This scorer reads the question and the sentence
as MiniLM sees them: a logistic regression over the sentence's coverage of the
question's words, the cosine, and the element-wise product and absolute difference of
the two vectors (the usual pair features of sentence encoders). It costs a dot product
over vectors the extractive composer computes anyway.

It is trained (``bench/train_answerability.py``) on pairs from two corpora: evals/core
(answerable questions with their supporting sentence; unanswerable and leave-one-out
questions with every sentence that met their constraints) and the SQuAD 2.0
Normans/Rhine questions outside the 240-question sample, which is held out for
reporting. The pairs are committed (``answerability_pairs.jsonl.gz``), so the weights
(``answerability.json``) can be rebuilt and checked by a test.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS_PATH = Path(__file__).with_name("answerability.json")
PAIRS_PATH = Path(__file__).with_name("answerability_pairs.jsonl.gz")
# A sentence whose answer probability is below this does not answer. Chosen on evals/core
# (5-fold by question) and the SQuAD questions outside the held-out sample: the highest
# value that keeps the answer rate on answerable questions (README, "Abstention").
MIN_ANSWERABILITY = 0.3


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
