"""Score the Verifier on the labelled meaning pairs, per kind, corpus and split.

A change of meaning is *caught* when the verifier rejects it; a faithful paraphrase
is *passed* when the verifier accepts it. Prints one table per split with each kind's
rate on our corpus, on the SQuAD paragraphs, and on both.

    .venv/bin/python bench/score_meaning.py [--split held-out|calibration|all] [--misses]
                                            [--pairs FILE]

The checker is the service's, as the settings choose it: BRIEFING_SUPPORT_CHECKER=model
scores the reading model with the rules' hard facts binding (``service.wiring``).
``--pairs training/data/meaning_pairs_heldout.jsonl --split all`` scores the reading
model's held-out meaning pairs (Warsaw, Harvard_University), written by someone else.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from service.config import Settings
from service.corpus.embed import load_embedder
from service.text.evidence import Passage
from service.verify.support import Verifier
from service.wiring import build_reader, build_verifier

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "meaning_pairs.jsonl"


def load_pairs(split: str = "all", path: Path = PAIRS) -> list[dict]:
    """The labelled meaning pairs of one split (or all)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    pairs = [json.loads(line) for line in lines if line]
    return [p for p in pairs if split == "all" or p["split"] == split]


def correct(verifier: Verifier, pair: dict) -> bool:
    """Whether the verifier's verdict on ``pair`` matches its label."""
    verdict = verifier.verify(pair["sentence"], [Passage(pair["id"], pair["passage"])])
    return verdict.supported == pair["label"]


def table(verifier: Verifier, pairs: list[dict], show_misses: bool = False) -> str:
    """Per kind: share right on ours, on SQuAD, on both; then changes/faithful overall."""
    right: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for pair in pairs:
        ok = correct(verifier, pair)
        for corpus in (pair["corpus"], "both"):
            right[(pair["kind"], corpus)].append(ok)
            right[("changes caught" if not pair["label"] else "faithful passed", corpus)].append(ok)
        if show_misses and not ok:
            print(f"  miss {pair['kind']:15} {pair['id']} {pair['sentence']}")
    lines = ["| kind | ours | SQuAD | both |", "|---|---|---|---|"]
    for kind in sorted({k for k, _ in right}, key=lambda k: (" " in k, k)):
        cells = []
        for corpus in ("ours", "squad", "both"):
            values = right.get((kind, corpus), [])
            cells.append(f"{sum(values) / len(values):.2f} ({sum(values)}/{len(values)})"
                         if values else "–")  # fmt: skip
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="held-out", choices=["held-out", "calibration", "all"])
    parser.add_argument("--misses", action="store_true", help="print every wrong verdict")
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="a meaning-pair file")
    args = parser.parse_args()
    settings = Settings()
    embedder = load_embedder(settings.resolved_embedding_model_path())
    verifier = build_verifier(embedder, settings, build_reader(settings))
    print(f"support checker: {settings.support_checker}")
    print(table(verifier, load_pairs(args.split, args.pairs), args.misses))


if __name__ == "__main__":
    main()
