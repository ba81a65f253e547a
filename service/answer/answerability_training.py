"""Training data and fitting for the answerability scorer (``service.answer.answerability``).

A pair is a question and a passage sentence that met the question's constraints, with
its coverage and a label: 1 when it states the answer (SQuAD: a gold span; evals/core:
a sentence of a gold document holding at least 30% of the reference answer's words),
0 when the question is unanswerable (SQuAD 2.0's adversarial questions, evals/core's
unanswerable and leave-one-out questions) or when an answerable SQuAD question's
sentence comes from another paragraph. Other sentences are left out: their label is
not known. Fitting is deterministic (lbfgs on fixed data), so rebuilt weights match the
committed ones to float precision.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from service.answer.answerability import pair_features
from service.answer.compose import NumberedPassage
from service.answer.extractive import passage_sentences
from service.answer.question import answers, question_parts
from service.corpus.lexical import tokenize
from service.evals.suite import EvalItem

# Share of the reference answer's words a core sentence must hold to count as its answer.
REFERENCE_SHARE = 0.3


@dataclass(frozen=True)
class Pair:
    """A question, a sentence that met its constraints, the sentence's coverage and label."""

    question: str
    sentence: str
    coverage: float
    label: int


def item_pairs(item: EvalItem, passages: list[NumberedPassage], spans: bool) -> list[Pair]:
    """The labelled pairs of one suite item (``spans``: a SQuAD item, labelled by its answer)."""
    parts = question_parts(item.question)
    relevant = set(item.gold) | set(item.also)
    sources = {p.n: p.hit.source for p in passages}
    found = []
    for s in passage_sentences(passages):
        coverage = answers(parts, s.text, s.context)
        if coverage is None:
            continue
        label = _label(item, s.text, sources[s.n] in relevant, spans)
        if label is not None:
            found.append(Pair(item.question, s.text, round(coverage, 4), label))
    return found


def _label(item: EvalItem, sentence: str, relevant: bool, spans: bool) -> int | None:
    if not item.answerable:
        return 0
    if spans:
        if not relevant:
            return 0
        return 1 if item.answer and item.answer.lower() in sentence.lower() else None
    if not relevant:
        return None  # our corpus states many facts twice: another document may answer too
    reference = set(tokenize(item.answer))
    held = len(reference & set(tokenize(sentence))) / max(1, len(reference))
    return 1 if reference and held >= REFERENCE_SHARE else None


def write_pairs(pairs: list[Pair], path: Path) -> None:
    """The pairs as gzipped JSON lines, sorted so that the file is reproducible."""
    rows = sorted({json.dumps(asdict(p), ensure_ascii=False, sort_keys=True) for p in pairs})
    # No name and no time in the gzip header: the same pairs give the same bytes.
    with path.open("wb") as raw, gzip.GzipFile("", "wb", fileobj=raw, mtime=0) as out:
        out.write(("\n".join(rows) + "\n").encode("utf-8"))


def read_pairs(path: Path) -> list[Pair]:
    """The pairs ``write_pairs`` wrote."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [Pair(**json.loads(line)) for line in lines if line.strip()]


def fit(pairs: list[Pair], embedder: Embeddings) -> dict[str, object]:
    """Logistic-regression weights over ``pair_features`` (balanced classes, C = 1)."""
    from sklearn.linear_model import LogisticRegression

    questions = sorted({p.question for p in pairs})
    sentences = sorted({p.sentence for p in pairs})
    qv = dict(zip(questions, np.asarray(embedder.embed_documents(questions)), strict=True))
    sv = dict(zip(sentences, np.asarray(embedder.embed_documents(sentences)), strict=True))
    features = np.vstack(
        [pair_features(qv[p.question], sv[p.sentence], np.array([p.coverage])) for p in pairs]
    )
    labels = np.array([p.label for p in pairs])
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000)
    model.fit(features, labels)
    return {
        "coef": [round(float(w), 6) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "pairs": len(pairs),
        "positives": int(labels.sum()),
    }
