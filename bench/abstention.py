"""Calibrate abstention on a suite: how the coverage floor trades answer rate for abstention.

For every question: the hybrid search (k 6, as ``ask``, with the item's ``exclude``
filter, so the leave-one-out suite is asked as the eval runner asks it), then the
extractive candidates that meet the question's constraints
(``service.answer.question``); the best one's coverage of the question's content words
decides (``MIN_COVERAGE``). Prints, per floor, the answer rate on answerable questions
and the abstention accuracy on the others. Run it on a corpus nobody here wrote as well
as ours (README, "Abstention"); ``--without`` drops the questions of another suite, so
rules are tuned on the SQuAD questions outside the held-out sample:

    .venv/bin/python bench/abstention.py --data-dir DIR --suite evals/core.yaml
    .venv/bin/python bench/abstention.py --data-dir DIR --suite evals/squad/normans-rhine.yaml \
        --without evals/squad/normans-rhine-sample240.yaml

``DIR`` is a data dir where the suite's corpus is ingested.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from service.answer.extractive import candidates
from service.answer.numbered import number_passages
from service.answer.question import MIN_COVERAGE
from service.config import Settings
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.evals.suite import EvalItem, load_suite
from service.retrieve.hybrid import search

FLOORS = [0.0, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9]


def best_coverage(index: Index, item: EvalItem) -> float:
    """The best eligible candidate's coverage for ``item``; -1 when no sentence is eligible."""
    filters = SearchFilters(exclude_sources=tuple(item.exclude)) if item.exclude else None
    passages = number_passages(search(index, item.question, 6, filters))
    ranked = candidates(item.question, passages, index.embedder)
    return max((c.coverage for c in ranked), default=-1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--suite", type=Path, required=True)
    parser.add_argument("--without", type=Path, help="leave out this suite's question ids")
    parser.add_argument("--limit", type=int, default=0, help="first N of each kind (0: all)")
    args = parser.parse_args()
    index = Index.open(Settings(data_dir=args.data_dir))
    items = load_suite(args.suite)
    if args.without:
        held_out = {i.id for i in load_suite(args.without)}
        items = [i for i in items if i.id not in held_out]
    if args.limit:
        items = [i for i in items if i.answerable][: args.limit] + [
            i for i in items if not i.answerable
        ][: args.limit]
    best = [(item.answerable, best_coverage(index, item)) for item in items]
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
