"""Support checkers side by side on the meaning pairs: tune (our corpus's held-out rows)
and held-out (the pairs over SQuAD's Warsaw and Harvard_University, written by a helper
who did not build the reading model). A change is caught when the checker rejects it; a
faithful paraphrase passes when it accepts it. Choose on tune; held-out is reported as is.

    .venv/bin/python bench/score_support.py [--misses VARIANT]
    .venv/bin/python bench/score_support.py --curve [--model DIR]

``--curve`` prints changes caught against faithful passed for the model alone (the best
window's P(entailment), as ``ModelChecker`` scores a claim) at each threshold: where
the model stands on the trade-off, not only at its 0.5.
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


CURVE = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def curve(model: ModelChecker, rows: dict[str, list[dict]]) -> None:
    """Changes caught / faithful passed by the model alone, per threshold and split."""
    print("| threshold | " + " | ".join(f"{split}: caught / passed" for split in rows) + " |")
    print("|---" * (len(rows) + 1) + "|")
    scores = {}
    for split, pairs in rows.items():
        # One call per split: the checker batches every claim's pairs for the model.
        claims = [Claim(r["sentence"], (Passage(r["id"], r["passage"]),)) for r in pairs]
        judged = model.judge(claims)
        scores[split] = [(j.score, bool(r["label"])) for j, r in zip(judged, pairs, strict=True)]
    for t in CURVE:
        cells = []
        for pairs in scores.values():
            caught = [p < t for p, faithful in pairs if not faithful]
            passed = [p >= t for p, faithful in pairs if faithful]
            cells.append(f"{sum(caught) / len(caught):.2f} / {sum(passed) / len(passed):.2f}")
        print(f"| {t} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", help="print the held-out misses of this variant")
    parser.add_argument("--curve", action="store_true", help="the model alone, per threshold")
    parser.add_argument("--model", type=Path, help="a reading model folder (default: settings)")
    args = parser.parse_args()
    settings = Settings()
    model = ModelChecker(load_reading_model(args.model or settings.reader_model_path))
    rows = {
        name: [r for r in map(json.loads, path.read_text().splitlines()) if keep(r)]
        for name, (path, keep) in SETS.items()
    }
    if args.curve:
        curve(model, rows)
        return
    verifier = Verifier(load_embedder(settings.resolved_embedding_model_path()))
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
