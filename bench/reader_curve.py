"""Answer rate against abstention when the reading model gates answers, per threshold.

For every question of a suite (searched as ``ask`` searches it), the best P(answers) the
reading model gives a passage sentence, over two pools: the sentences that meet the
question's rule constraints ("eligible", the rules' candidates), and every claim
sentence ("all"). A question is answered at threshold t when its best P reaches t. Also
whether that best sentence holds a gold span. Choose on tune suites only.

    .venv/bin/python bench/reader_curve.py --data-dir DIR --suite SUITE [--suite ...]
        [--model READER_DIR] [--thresholds 0.1,0.2,...]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from service.answer.extractive import _eligible
from service.answer.numbered import number_passages
from service.answer.passage_sentences import passage_sentences
from service.answer.question import question_parts
from service.config import Settings
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.evals.suite import EvalItem, load_suite
from service.retrieve.hybrid import search
from service.verify.reader import ReadingModel, load_reading_model

THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def best(reader: ReadingModel, index: Index, item: EvalItem) -> dict[str, tuple[float, bool]]:
    """Pool -> (best P(answers), whether that sentence holds the gold answer text)."""
    filters = SearchFilters(exclude_sources=tuple(item.exclude)) if item.exclude else None
    passages = number_passages(search(index, item.question, 6, filters))
    sentences = passage_sentences(passages)
    eligible = list(_eligible(question_parts(item.question), sentences))
    out = {}
    for name, pool in (("eligible", eligible), ("all", sentences)):
        if not pool:
            out[name] = (0.0, False)
            continue
        probs = reader.entailment([(item.question, s.text) for s in pool])
        top = int(np.argmax(probs))
        gold = bool(item.answer) and item.answer.lower() in pool[top].text.lower()
        out[name] = (float(probs[top]), gold)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--suite", type=Path, action="append", required=True)
    parser.add_argument("--model", type=Path, help="a reading model folder (default: packaged)")
    parser.add_argument("--thresholds", help="comma-separated (default: 0.2 to 0.9)")
    args = parser.parse_args()
    index = Index.open(Settings(data_dir=args.data_dir))
    reader = load_reading_model(args.model)
    thresholds = (
        tuple(float(t) for t in args.thresholds.split(",")) if args.thresholds else THRESHOLDS
    )
    rows = []
    for suite in args.suite:
        for item in load_suite(suite):
            rows.append((item.answerable, best(reader, index, item)))
    for pool in ("eligible", "all"):
        print(
            f"pool: {pool}  (answerable {sum(a for a, _ in rows)}, "
            f"unanswerable {sum(not a for a, _ in rows)})"
        )
        print("| t | answered | abstained | best holds answer |")
        print("|---|---|---|---|")
        for t in thresholds:
            yes = [b[pool][0] >= t for a, b in rows if a]
            no = [b[pool][0] < t for a, b in rows if not a]
            gold = [b[pool][1] and b[pool][0] >= t for a, b in rows if a]
            print(
                f"| {t} | {np.mean(yes):.3f} | {np.mean(no) if no else float('nan'):.3f} | "
                f"{np.mean(gold):.3f} |"
            )


if __name__ == "__main__":
    main()
