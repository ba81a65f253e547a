"""Build the answerability scorer's training pairs and weights (service/answer/answerability.py).

Pairs come from evals/core and its leave-one-out suite over our corpus, and from the
SQuAD 2.0 Normans/Rhine questions outside the 240-question sample (held out for
reporting) over their own corpus; each question is searched as ``ask`` searches it (k 6,
the item's ``exclude`` filter). Writes the pairs, the scorer's weights and the word
check's trees as the package data of ``service.answer``; the pairs go to training/data/:

    .venv/bin/python -m training.fit_answerability --core-data DIR --squad-data DIR
    .venv/bin/python -m training.fit_answerability --refit   # weights from the committed pairs

``DIR``s are data dirs where ``corpus`` and ``evals/squad/corpus`` are ingested.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from service.answer.answerability import WEIGHTS_PATH, WORD_MODEL_PATH
from service.answer.numbered import number_passages
from service.config import Settings
from service.corpus.embed import load_embedder
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.evals.suite import load_suite
from service.retrieve.hybrid import search
from training.answerability import (
    PAIRS_PATH,
    Pair,
    fit,
    fit_word_model,
    item_pairs,
    read_pairs,
    word_model_json,
    write_pairs,
)

REPO = Path(__file__).resolve().parent.parent
CORE = ["evals/core.yaml", "evals/core-leave-one-out.yaml"]
SQUAD = "evals/squad/normans-rhine.yaml"
HELD_OUT = "evals/squad/normans-rhine-sample240.yaml"


def suite_pairs(data_dir: Path, suite: Path, skip: set[str], spans: bool) -> list[Pair]:
    """Every labelled pair of a suite's questions (except ``skip``) over ``data_dir``."""
    index = Index.open(Settings(data_dir=data_dir))
    embedder = index.embedder
    pairs = []
    for item in load_suite(suite):
        if item.id in skip:
            continue
        filters = SearchFilters(exclude_sources=tuple(item.exclude)) if item.exclude else None
        passages = number_passages(search(index, item.question, 6, filters))
        pairs += item_pairs(item, passages, spans, embedder)
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--core-data", type=Path)
    parser.add_argument("--squad-data", type=Path)
    parser.add_argument("--refit", action="store_true", help="refit from the committed pairs")
    args = parser.parse_args()
    if not args.refit:
        if not (args.core_data and args.squad_data):
            parser.error("--core-data and --squad-data are needed (or --refit)")
        held_out = {i.id for i in load_suite(REPO / HELD_OUT)}
        pairs = [p for s in CORE for p in suite_pairs(args.core_data, REPO / s, set(), False)]
        pairs += suite_pairs(args.squad_data, REPO / SQUAD, held_out, True)
        write_pairs(pairs, PAIRS_PATH)
    pairs = read_pairs(PAIRS_PATH)
    weights = fit(pairs, load_embedder(Settings().resolved_embedding_model_path()))
    WEIGHTS_PATH.write_text(json.dumps(weights) + "\n", encoding="utf-8")
    trees = word_model_json(fit_word_model(pairs))
    WORD_MODEL_PATH.write_text(json.dumps(trees) + "\n", encoding="utf-8")
    print(f"{len(pairs)} pairs ({weights['positives']} answering) -> {WEIGHTS_PATH.name}")


if __name__ == "__main__":
    main()
