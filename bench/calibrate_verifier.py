"""Calibrate the citation verifier's thresholds on the labelled sentence-passage pairs.

Computes each pair's signals once (MiniLM similarity, word coverage, missing facts),
grid-searches the two thresholds for the best F0.5 (precision counts double: an
unsupported sentence shown as supported is the failure we must not have) on the
even-numbered pairs, and reports precision/recall on the odd-numbered (held-out)
pairs and on all pairs, per kind. Copy the chosen thresholds into service/verify/support.py.

    .venv/bin/python bench/calibrate_verifier.py
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from service.config import Settings
from service.corpus.embed import load_embedder
from service.text.evidence import Passage
from service.verify.support import COVERAGE_THRESHOLD, SEMANTIC_THRESHOLD, Verifier

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "verifier_pairs.jsonl"


def load_pairs() -> list[dict[str, object]]:
    """The labelled pairs, one dict per line."""
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line]


def score(predicted: list[bool], labels: list[bool]) -> tuple[float, float, float]:
    """Precision, recall and F0.5 of ``predicted`` against ``labels``."""
    tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
    fp = sum(p and not y for p, y in zip(predicted, labels, strict=True))
    fn = sum(y and not p for p, y in zip(predicted, labels, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    beta2 = 0.25
    f = (1 + beta2) * precision * recall / (beta2 * precision + recall) if tp else 0.0
    return precision, recall, f


def main() -> None:
    pairs = load_pairs()
    verifier = Verifier(load_embedder(Settings().resolved_embedding_model_path()))
    signals = []
    for pair in pairs:
        passage = Passage(str(pair["id"]), str(pair["passage"]))
        verdict = verifier.verify(str(pair["sentence"]), [passage])
        # The hard check: facts present and meaning unchanged (no thresholds to tune there).
        hard = not verdict.missing and not verdict.changes
        signals.append((verdict.semantic, verdict.coverage, hard))
    labels = [bool(p["label"]) for p in pairs]

    def predict(sem: float, cov: float, idx: list[int]) -> list[bool]:
        return [signals[i][2] and signals[i][0] >= sem and signals[i][1] >= cov for i in idx]

    train = [i for i in range(len(pairs)) if i % 2 == 0]
    test = [i for i in range(len(pairs)) if i % 2 == 1]
    grid = [(s / 100, c / 100) for s in range(30, 95, 2) for c in range(30, 100, 5)]
    best = max(grid, key=lambda g: score(predict(*g, train), [labels[i] for i in train])[2])
    print(f"pairs: {len(pairs)} ({sum(labels)} supported); facts and meaning checks reject "
          f"{sum(not s[2] for s in signals)}")  # fmt: skip
    print(f"chosen on even pairs: semantic >= {best[0]:.2f}, coverage >= {best[1]:.2f}")
    committed = (SEMANTIC_THRESHOLD, COVERAGE_THRESHOLD)
    print(f"committed: semantic >= {committed[0]:.2f}, coverage >= {committed[1]:.2f}")
    for name, idx in (("held-out (odd)", test), ("all", list(range(len(pairs))))):
        p, r, f = score(predict(*committed, idx), [labels[i] for i in idx])
        print(f"{name:16} committed: precision {p:.3f}  recall {r:.3f}  F0.5 {f:.3f}")
        p, r, f = score(predict(*best, idx), [labels[i] for i in idx])
        print(f"{name:16} precision {p:.3f}  recall {r:.3f}  F0.5 {f:.3f}  (n={len(idx)})")
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, pair in enumerate(pairs):
        by_kind[str(pair["kind"])].append(i)
    print("per kind (all pairs, committed thresholds): share judged supported")
    for kind, idx in sorted(by_kind.items()):
        accepted = sum(predict(*committed, idx))
        print(f"  {kind:20} {accepted:3d}/{len(idx):3d}  (label {labels[idx[0]]})")


if __name__ == "__main__":
    main()
