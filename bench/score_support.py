"""Support checkers side by side on the meaning pairs: tune (our corpus's held-out rows)
and held-out (the pairs over SQuAD's Warsaw and Harvard_University, written by a helper
who did not build the reading model). A change is caught when the checker rejects it; a
faithful paraphrase passes when it accepts it. Choose on tune; held-out is reported as is.

    .venv/bin/python bench/score_support.py [--misses VARIANT]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from service.config import Settings
from service.corpus.embed import load_embedder
from service.text.evidence import Passage
from service.verify.model_checker import ModelChecker
from service.verify.protocol import Claim
from service.verify.reader import load_reading_model
from service.verify.support import Verifier

REPO = Path(__file__).resolve().parent.parent
SETS = {
    "tune": (
        REPO / "tests/data/meaning_pairs.jsonl",
        lambda r: r["corpus"] == "ours" and r["split"] == "held-out",
    ),
    "held-out": (REPO / "training/data/meaning_pairs_heldout.jsonl", lambda r: True),
}
Check = Callable[[str, Passage], bool]


def variants(verifier: Verifier, model: ModelChecker) -> dict[str, Check]:
    """Each way of deciding support, from the same two checkers."""

    def rules(sentence: str, passage: Passage) -> bool:
        return verifier.verify(sentence, [passage]).supported

    def read(sentence: str, passage: Passage) -> bool:
        return model.judge([Claim(sentence, (passage,))])[0].supported

    def read_and_facts(sentence: str, passage: Passage) -> bool:
        verdict = verifier.verify(sentence, [passage])
        return not verdict.missing and read(sentence, passage)

    def read_facts_meaning(sentence: str, passage: Passage) -> bool:
        verdict = verifier.verify(sentence, [passage])
        return not verdict.missing and not verdict.changes and read(sentence, passage)

    return {
        "rules": rules,
        "model": read,
        "model + facts": read_and_facts,
        "model + facts + meaning rules": read_facts_meaning,
    }


def score(check: Check, rows: list[dict]) -> tuple[dict[str, list[bool]], list[dict]]:
    """Right/wrong per kind (and overall), and the rows it got wrong."""
    right: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for row in rows:
        ok = check(row["sentence"], Passage(row["id"], row["passage"])) == row["label"]
        right[row["kind"]].append(ok)
        right["faithful passed" if row["label"] else "changes caught"].append(ok)
        if not ok:
            misses.append(row)
    return right, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", help="print the held-out misses of this variant")
    args = parser.parse_args()
    settings = Settings()
    verifier = Verifier(load_embedder(settings.resolved_embedding_model_path()))
    model = ModelChecker(load_reading_model(settings.reader_model_path))
    rows = {
        name: [r for r in map(json.loads, path.read_text().splitlines()) if keep(r)]
        for name, (path, keep) in SETS.items()
    }
    table: dict[str, dict[str, str]] = defaultdict(dict)
    for name, check in variants(verifier, model).items():
        started = time.monotonic()
        for split, pairs in rows.items():
            right, misses = score(check, pairs)
            for kind, oks in right.items():
                table[kind][f"{name} | {split}"] = f"{sum(oks) / len(oks):.2f}"
            if args.misses == name and split == "held-out":
                for m in misses:
                    print(f"miss {m['kind']:11} {m['label']!s:5} {m['sentence']}")
        print(f"{name}: {time.monotonic() - started:.0f} s", flush=True)
    columns = [f"{v} | {s}" for v in variants(verifier, model) for s in rows]
    print("| kind | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    order = sorted(table, key=lambda k: (" " in k, k))
    for kind in order:
        print(f"| {kind} | " + " | ".join(table[kind].get(c, "–") for c in columns) + " |")


if __name__ == "__main__":
    main()
