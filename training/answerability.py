"""Training data and fitting for the answerability scorer (``service.answer.answerability``).

A pair is a question and a passage sentence that met the question's constraints, with
its coverage and a label: 1 when it states the answer (SQuAD: a gold span; evals/core:
a sentence of a gold document holding at least 30% of the reference answer's words),
0 when the question is unanswerable (SQuAD 2.0's adversarial questions, evals/core's
unanswerable and leave-one-out questions) or when an answerable SQuAD question's
sentence comes from another paragraph. Other sentences are left out: their label is
not known. Each pair keeps what the word check reads, computed when the pair was made
(its cosine and ``answerability_features.word_features``), and whether its question is
answerable. Fitting is deterministic (lbfgs on fixed data; the word check's boosting
with a fixed seed), so rebuilt weights match the committed ones to float precision.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from service.answer.answerability import pair_features, word_inputs
from service.answer.answerability_features import passage_texts, word_features
from service.answer.numbered import NumberedPassage
from service.answer.passage_sentences import passage_sentences
from service.answer.question import answers, question_parts
from service.evals.suite import EvalItem
from service.text.tokens import tokenize

# The committed training pairs (the scorer's weights are package data under service/answer/).
PAIRS_PATH = Path(__file__).parent / "data" / "answerability_pairs.jsonl.gz"

if TYPE_CHECKING:
    from sklearn.ensemble import HistGradientBoostingClassifier

# The word check's boosting: small trees, many samples a leaf, a fixed seed (deterministic).
WORD_MODEL: dict[str, Any] = {
    "max_iter": 200,
    "learning_rate": 0.05,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
    "class_weight": "balanced",
    "random_state": 0,
    "early_stopping": False,
}
# Share of the reference answer's words a core sentence must hold to count as its answer.
REFERENCE_SHARE = 0.3


@dataclass(frozen=True)
class Pair:
    """A question, a sentence that met its constraints, the sentence's coverage and label,
    and what the word check reads: the cosine and the word features (``word_features``)."""

    question: str
    sentence: str
    coverage: float
    label: int
    cosine: float = 0.0
    words: tuple[float, ...] = ()
    answerable: bool = True  # a 0 of an answerable question: another paragraph's sentence


def item_pairs(
    item: EvalItem, passages: list[NumberedPassage], spans: bool, embedder: Embeddings
) -> list[Pair]:
    """The labelled pairs of one suite item (``spans``: a SQuAD item, labelled by its answer)."""
    parts = question_parts(item.question)
    relevant = set(item.gold) | set(item.also)
    sources = {p.n: p.hit.source for p in passages}
    met = []
    for s in passage_sentences(passages):
        coverage = answers(parts, s.text, s.context)
        if coverage is None:
            continue
        label = _label(item, s.text, sources[s.n] in relevant, spans)
        if label is not None:
            met.append((s, coverage, label))
    if not met:
        return []
    query = np.asarray(embedder.embed_query(item.question))
    cosines = np.asarray(embedder.embed_documents([s.text for s, _, _ in met])) @ query
    rows = word_features(
        parts, [s.text for s, _, _ in met], [s.context for s, _, _ in met], passage_texts(passages)
    )
    return [
        Pair(item.question, s.text, round(coverage, 4), label, round(float(cosine), 4),
             tuple(round(float(x), 4) for x in row), item.answerable)
        for (s, coverage, label), cosine, row in zip(met, cosines, rows, strict=True)
    ]  # fmt: skip


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
        rows = [json.loads(line) for line in lines if line.strip()]
    return [Pair(**{**row, "words": tuple(row.get("words", ()))}) for row in rows]


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


def fit_word_model(pairs: list[Pair]) -> HistGradientBoostingClassifier:
    """The word check (``answerability.word_support``): gradient boosting over
    ``word_inputs``, trained without other paragraphs' sentences; a fixed seed."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    kept = [p for p in pairs if p.label == 1 or not p.answerable]
    inputs = word_inputs(
        np.array([p.coverage for p in kept]),
        np.array([p.cosine for p in kept]),
        np.array([p.words for p in kept]),
    )
    model = HistGradientBoostingClassifier(**WORD_MODEL)
    return model.fit(inputs, np.array([p.label for p in kept]))


def word_model_json(model: HistGradientBoostingClassifier) -> dict[str, Any]:
    """The fitted word check as data: its baseline and, per tree, each node's split feature
    and threshold (left when the input is at most it), children, leaf flag and value."""
    trees = []
    for (tree,) in model._predictors:
        nodes = tree.nodes
        trees.append(
            {
                "feature": nodes["feature_idx"].tolist(),
                "threshold": [round(float(x), 8) for x in nodes["num_threshold"]],
                "left": nodes["left"].tolist(),
                "right": nodes["right"].tolist(),
                "leaf": nodes["is_leaf"].astype(bool).tolist(),
                "value": [round(float(x), 8) for x in nodes["value"]],
            }
        )
    return {"baseline": round(float(model._baseline_prediction[0][0]), 8), "trees": trees}
