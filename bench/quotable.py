"""Fragment, dateline and dangling rates of a saved eval run, read against the documents.

Runs saved before these checks existed (the committed baselines under evals/baselines/)
have the answers and citations but not the rates; this reads each cited document's
normalised text from disk and applies ``service.evals.quotable`` to the run's answers,
so a "before" figure needs no re-run. Run from the repository root (the runs' sources are
relative to it):

    .venv/bin/python bench/quotable.py evals/baselines/core-extractive.json [...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.corpus.load import load_document
from service.evals.quotable import quotability


def run_rates(path: Path) -> dict[str, float]:
    """The three rates over the run's answered questions (abstentions are not counted)."""
    run = json.loads(path.read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    totals = {"fragment": 0.0, "dateline": 0.0, "dangling": 0.0}
    answered = 0
    for result in run["results"]:
        answer = result["answer"]
        if answer["abstained"]:
            continue
        answered += 1
        cited = {}
        for c in answer["citations"]:
            if c["source"] not in texts:
                texts[c["source"]] = load_document(Path(c["source"]), c["source"], 10**8).text
            cited[c["n"]] = (c["quote"], texts[c["source"]])
        sentences = [(s["text"], s["citations"]) for s in answer["sentences"]]
        for name, value in quotability(sentences, cited).items():
            totals[name] += value
    return {f"{k}_rate": round(v / max(answered, 1), 4) for k, v in totals.items()} | {
        "answered": answered
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("runs", nargs="+", type=Path)
    for path in parser.parse_args().runs:
        print(path, json.dumps(run_rates(path)))


if __name__ == "__main__":
    main()
