"""The reading model's figures on each split: SNLI and QNLI accuracy, SQuAD answerable vs
unanswerable (best sentence of the gold paragraph), and meaning pairs caught / passed.

The SQuAD answer threshold is chosen on the tune split only (the score that answers 90%
of its answerable questions) and then applied unchanged to train and held-out.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from training.reader_data import SPLITS, Example, article_splits, sentence_spans, squad_articles

Predict = Callable[[Sequence[tuple[str, str]]], np.ndarray]
ANSWERED_SHARE = 0.9  # of the tune split's answerable questions
TRAIN_SAMPLE = 2000


def predict(
    model: Any, tokenizer: Any, pairs: Sequence[tuple[str, str]], max_length: int, batch: int = 64
) -> np.ndarray:
    """Label probabilities (entailment, neutral, contradiction) for each pair."""
    out = []
    with torch.inference_mode():
        for start in range(0, len(pairs), batch):
            chunk = pairs[start : start + batch]
            inputs = tokenizer(
                [a for a, _ in chunk],
                [b for _, b in chunk],
                truncation=True,
                max_length=max_length,
                padding=True,
                return_tensors="pt",
            )
            out.append(torch.softmax(model(**inputs).logits.float(), dim=-1).numpy())
    return np.concatenate(out) if out else np.zeros((0, 3))


def _sample(rows: list[Example], n: int, seed: int) -> list[Example]:
    return rows if len(rows) <= n else random.Random(seed).sample(rows, n)


def _accuracy(predict_fn: Predict, rows: list[Example], labels: list[str], binary: bool) -> float:
    if not rows:
        return float("nan")
    probs = predict_fn([(e.first, e.second) for e in rows])
    if binary:
        hits = (probs[:, 0] >= 0.5) == np.array([e.label == "entailment" for e in rows])
    else:
        hits = probs.argmax(axis=1) == np.array([labels.index(e.label) for e in rows])
    return round(float(hits.mean()), 4)


def _auc(scores: np.ndarray, positive: np.ndarray) -> float:
    pos, neg = scores[positive], scores[~positive]
    if not len(pos) or not len(neg):
        return float("nan")
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return round(float(wins / (len(pos) * len(neg))), 4)


def squad_scores(
    predict_fn: Predict, config: dict[str, Any], split: str, limit: int | None = None
) -> dict[str, np.ndarray]:
    """Per question of the split's articles: the best sentence score, whether it is
    answerable, and whether the best sentence holds the answer."""
    questions = []
    for title, paragraphs in squad_articles(config).items():
        if article_splits(config)[title] != split:
            continue
        for paragraph in paragraphs:
            spans = sentence_spans(paragraph["context"])
            sentences = [paragraph["context"][s:e] for s, e in spans]
            questions += [(qa, spans, sentences) for qa in paragraph["qas"]]
    if limit:
        questions = random.Random(config["seed"]).sample(questions, min(limit, len(questions)))
    pairs = [(qa["question"], s) for qa, _, sentences in questions for s in sentences]
    probs = predict_fn(pairs)[:, 0]
    best, answerable, gold = [], [], []
    cursor = 0
    for qa, spans, sentences in questions:
        scores = probs[cursor : cursor + len(sentences)]
        cursor += len(sentences)
        top = int(scores.argmax())
        best.append(float(scores[top]))
        answerable.append(not qa["is_impossible"])
        starts = [a["answer_start"] for a in qa["answers"]]
        gold.append(any(spans[top][0] <= s < spans[top][1] for s in starts))
    return {"best": np.array(best), "answerable": np.array(answerable), "gold": np.array(gold)}


def _squad_figures(scores: dict[str, np.ndarray], threshold: float) -> dict[str, float]:
    answerable = scores["answerable"]
    answered = scores["best"] >= threshold
    return {
        "questions": len(answerable),
        "auc": _auc(scores["best"], answerable),
        "answered": round(float(answered[answerable].mean()), 4),
        "abstention": round(float((~answered[~answerable]).mean()), 4),
        "gold_sentence_top1": round(float(scores["gold"][answerable].mean()), 4),
    }


def _meaning(predict_fn: Predict, rows: list[Example]) -> dict[str, Any]:
    if not rows:
        return {}
    probs = predict_fn([(e.first, e.second) for e in rows])[:, 0]
    passed = probs >= 0.5
    faithful = np.array([e.label == "entailment" for e in rows])
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for row, ok in zip(rows, passed, strict=True):
        if row.label != "entailment":
            by_kind[row.kind].append(not ok)
    return {
        "pairs": len(rows),
        "faithful_passed": round(float(passed[faithful].mean()), 4),
        "changes_caught": round(float((~passed[~faithful]).mean()), 4),
        "caught_by_kind": {k: round(float(np.mean(v)), 4) for k, v in sorted(by_kind.items())},
    }


def evaluate(
    predict_fn: Predict, config: dict[str, Any], examples: list[Example]
) -> dict[str, Any]:
    """Every figure on train (a sample), tune and held-out, side by side."""
    labels = config["labels"]
    seed = config["seed"]
    tune_scores = squad_scores(predict_fn, config, "tune")
    answerable = tune_scores["best"][tune_scores["answerable"]]
    threshold = float(np.quantile(answerable, 1 - ANSWERED_SHARE))
    figures: dict[str, Any] = {"squad_threshold_from_tune": round(threshold, 4)}
    for split in SPLITS:
        rows = [e for e in examples if e.split == split]
        snli = _sample([e for e in rows if e.source == "snli"], TRAIN_SAMPLE, seed)
        qnli = _sample([e for e in rows if e.source == "qnli"], TRAIN_SAMPLE, seed)
        scores = (
            tune_scores
            if split == "tune"
            else squad_scores(predict_fn, config, split, limit=600 if split == "train" else None)
        )
        figures[split] = {
            "snli_accuracy": _accuracy(predict_fn, snli, labels, binary=False),
            "qnli_accuracy": _accuracy(predict_fn, qnli, labels, binary=True),
            "squad": _squad_figures(scores, threshold),
            "meaning_ours": _meaning(predict_fn, [e for e in rows if e.source == "meaning_pairs"]),
            "meaning_held_out": _meaning(
                predict_fn, [e for e in rows if e.source == "meaning_pairs_heldout"]
            ),
        }
    return figures
