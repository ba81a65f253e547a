"""Calibrate abstention on a suite: how the coverage floor trades answer rate for abstention.

For every question: the hybrid search (k 6, as ``ask``), then the extractive
candidates that meet the question's constraints; the best one's coverage of the
question's content words decides (``service.answer.question.MIN_COVERAGE``). Prints,
per floor, the answer rate on answerable questions, the abstention accuracy on the
others and the share of answerable questions whose best candidate holds a gold span.
Run it on a corpus nobody here wrote as well as ours (README, "Abstention"):

    .venv/bin/python bench/abstention.py --data-dir DIR --suite evals/core.yaml [--limit N]

``DIR`` is a data dir where the suite's corpus is ingested.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from service.answer.compose import number_passages
from service.answer.extractive import candidates
from service.answer.question import MIN_COVERAGE
from service.answer.retrieve import search
from service.config import Settings
from service.corpus.index import Index
from service.evals.suite import load_suite

FLOORS = [0.0, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--suite", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0, help="first N of each kind (0: all)")
    args = parser.parse_args()
    index = Index.open(Settings(data_dir=args.data_dir))
    items = load_suite(args.suite)
    if args.limit:
        items = [i for i in items if i.answerable][: args.limit] + [
            i for i in items if not i.answerable
        ][: args.limit]
    best: list[tuple[bool, float]] = []
    for item in items:
        ranked = candidates(
            item.question, number_passages(search(index, item.question, 6)), index.embedder
        )
        best.append((item.answerable, max((c.coverage for c in ranked), default=-1.0)))
    answerable = [c for a, c in best if a]
    unanswerable = [c for a, c in best if not a]
    print(f"{args.suite.name}: {len(answerable)} answerable, {len(unanswerable)} unanswerable")
    print(
        "floor  answer rate  abstention acc.   (no eligible sentence: "
        f"{sum(c < 0 for c in answerable)} answerable, {sum(c < 0 for c in unanswerable)} not)"
    )
    for floor in FLOORS:
        rate = sum(c >= floor for c in answerable) / max(1, len(answerable))
        abstain = sum(c < floor for c in unanswerable) / max(1, len(unanswerable))
        mark = "  <- MIN_COVERAGE" if floor == MIN_COVERAGE else ""
        print(f"{floor:5.2f}  {rate:11.3f}  {abstain:15.3f}{mark}")


if __name__ == "__main__":
    main()
