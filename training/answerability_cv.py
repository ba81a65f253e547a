"""Question-grouped cross-validation of the answerability checks (service/answer/answerability.py).

Every question of evals/core, its leave-one-out suite and the SQuAD Normans/Rhine
questions outside the 240-question sample (never the sample) is searched as ``ask``
searches it; each sentence that meets its constraints is scored by both checks, each
fitted on the folds that do not hold the question (5 folds, grouped by the question's
text, so a core question and its leave-one-out twin share a fold). Prints pair AUCs,
the question-level AUC (the best sentence's probability, answerable against not) and,
per corpus, answer rate on answerable / abstention on unanswerable questions for the
scorer alone and with the word check, over a grid of floors:

    .venv/bin/python -m training.answerability_cv --core-data DIR --squad-data DIR
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from service.answer.answerability import pair_features, word_inputs
from service.answer.answerability_features import passage_texts, word_features
from service.answer.extractive import _eligible
from service.answer.numbered import number_passages
from service.answer.passage_sentences import passage_sentences
from service.answer.question import MIN_COVERAGE, question_parts
from service.config import Settings
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.evals.suite import load_suite
from service.retrieve.hybrid import search
from training.answerability import WORD_MODEL, _label

REPO = Path(__file__).resolve().parent.parent
FLOORS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5]
WORD_FLOORS = [0.0, 0.05, 0.1, 0.15, 0.2, 0.3]


@dataclass
class Row:
    """One eligible sentence of one question: both checks' inputs, its label (or None)."""

    corpus: str
    question: str
    item: str
    answerable: bool
    pair: np.ndarray
    word: np.ndarray
    label: int | None
    coverage: float


def suite_rows(
    data_dir: Path, suite: str, corpus: str, skip: set[str], spans: bool, limit: int = 0
) -> list[Row]:
    """Every eligible sentence of a suite's questions (the first ``limit``; 0: all), and
    one placeholder row per question, so that a question with none counts as abstaining."""
    index = Index.open(Settings(data_dir=data_dir))
    rows = []
    items = [i for i in load_suite(REPO / suite) if i.id not in skip]
    for item in items[: limit or len(items)]:
        filters = SearchFilters(exclude_sources=tuple(item.exclude)) if item.exclude else None
        passages = number_passages(search(index, item.question, 6, filters))
        parts = question_parts(item.question)
        pool = _eligible(parts, passage_sentences(passages))
        rows.append(
            Row(
                corpus,
                item.question,
                item.id,
                item.answerable,
                np.zeros(0),
                np.zeros(0),
                None,
                -1.0,
            )
        )
        if not pool:
            continue
        sentences = list(pool)
        query = np.asarray(index.embedder.embed_query(item.question))
        vectors = np.asarray(index.embedder.embed_documents([s.text for s in sentences]))
        coverages = np.array([pool[s][0] for s in sentences])
        pairs = pair_features(query, vectors, coverages)
        words = word_inputs(
            coverages,
            vectors @ query,
            word_features(
                parts,
                [s.text for s in sentences],
                [s.context for s in sentences],
                passage_texts(passages),
            ),
        )
        relevant, sources = set(item.gold) | set(item.also), {p.n: p.hit.source for p in passages}
        for s, pair, word, coverage in zip(sentences, pairs, words, coverages, strict=True):
            label = _label(item, s.text, sources[s.n] in relevant, spans)
            rows.append(
                Row(corpus, item.question, item.id, item.answerable, pair, word, label, coverage)
            )
    return rows


def cross_validated(rows: list[Row]) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's out-of-fold probability from the scorer and from the word check."""
    scored = [i for i, r in enumerate(rows) if r.coverage >= 0]
    groups = [rows[i].question for i in scored]
    odds, support = np.zeros(len(rows)), np.zeros(len(rows))
    for train, test in GroupKFold(5).split(scored, groups=groups):
        fit_rows = [rows[scored[i]] for i in train if rows[scored[i]].label is not None]
        words = [r for r in fit_rows if r.label == 1 or not r.answerable]
        scorer = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000)
        scorer.fit(np.vstack([r.pair for r in fit_rows]), [r.label for r in fit_rows])
        checker = HistGradientBoostingClassifier(**WORD_MODEL)
        checker.fit(np.vstack([r.word for r in words]), [r.label for r in words])
        held = [scored[i] for i in test]
        odds[held] = scorer.predict_proba(np.vstack([rows[i].pair for i in held]))[:, 1]
        support[held] = checker.predict_proba(np.vstack([rows[i].word for i in held]))[:, 1]
    return odds, support


def rates(rows: list[Row], passed: np.ndarray) -> str:
    """Answer rate on answerable / abstention on unanswerable questions of ``rows``."""
    answered: dict[str, tuple[bool, bool]] = {}
    for r, ok in zip(rows, passed, strict=True):
        was = answered.get(r.item, (r.answerable, False))[1]
        answered[r.item] = (r.answerable, was or bool(ok and r.coverage >= MIN_COVERAGE))
    yes = [a for q, a in answered.values() if q]
    no = [not a for q, a in answered.values() if not q]
    return (
        f"{np.mean(yes) if yes else float('nan'):.3f} / {np.mean(no) if no else float('nan'):.3f}"
    )


def question_auc(rows: list[Row], p: np.ndarray, corpora: tuple[str, ...]) -> float:
    """AUC of each question's best eligible probability, answerable against not."""
    best: dict[tuple[str, str], tuple[bool, float]] = {}
    for r, x in zip(rows, p, strict=True):
        if r.corpus in corpora:
            keep = x if r.coverage >= MIN_COVERAGE else 0.0
            was = best.get((r.corpus, r.item), (r.answerable, 0.0))[1]
            best[(r.corpus, r.item)] = (r.answerable, max(was, keep))
    return float(roc_auc_score([a for a, _ in best.values()], [x for _, x in best.values()]))


def report(rows: list[Row], odds: np.ndarray, support: np.ndarray) -> None:
    """Pair and question AUCs, then the floors' grid per corpus."""
    labelled = [i for i, r in enumerate(rows) if r.label is not None]
    for name, p in (("scorer", odds), ("word check", support), ("both", np.minimum(odds, support))):
        pair_auc = roc_auc_score([rows[i].label for i in labelled], p[labelled])
        core, squad = question_auc(rows, p, ("core", "loo")), question_auc(rows, p, ("squad",))
        print(
            f"{name}: pair AUC {pair_auc:.3f}; question AUC core+loo {core:.3f}, squad {squad:.3f}"
        )
    corpora = ("core", "loo", "squad")
    print("scorer floor, word floor: " + ", ".join(f"{c} rate / abstain" for c in corpora))
    for floor in FLOORS:
        for word in WORD_FLOORS:
            passed = (odds >= floor) & (support >= word)
            each = [
                rates([r for r in rows if r.corpus == c], passed[[r.corpus == c for r in rows]])
                for c in corpora
            ]
            print(f"{floor:.2f} {word:.2f}: " + ", ".join(each))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--core-data", type=Path, required=True)
    parser.add_argument("--squad-data", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0, help="first N of each suite (0: all)")
    args = parser.parse_args()
    held_out = {i.id for i in load_suite(REPO / "evals/squad/normans-rhine-sample240.yaml")}
    core, squad = args.core_data, args.squad_data
    rows = suite_rows(core, "evals/core.yaml", "core", set(), False, args.limit)
    rows += suite_rows(core, "evals/core-leave-one-out.yaml", "loo", set(), False, args.limit)
    rows += suite_rows(squad, "evals/squad/normans-rhine.yaml", "squad", held_out, True, args.limit)
    odds, support = cross_validated(rows)
    report(rows, odds, support)


if __name__ == "__main__":
    main()
