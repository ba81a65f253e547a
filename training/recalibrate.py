"""Carry the service's thresholds on the reading model's scores to new weights.

A threshold on P(answers) or P(entailment) was chosen for one set of weights; new weights
score on another scale (the 2-epoch run answers 90% of the tune SQuAD questions at 0.18,
the first run at 0.32). For each threshold, this finds the score at which the new weights
pass the same share as the old weights did, so a swap changes what the model ranks well,
not how much it lets through: for a P(answers) threshold, the share of the tune SQuAD
articles' answerable questions whose best sentence reaches it (as the answer gate and
the frame check read a question's best sentence); for P(entailment), the share of the
tune split's claim pairs.

    python -m training.recalibrate --old service/verify/reader_model --new NEW_MODEL_DIR [--write]

It prints each carried threshold; ``--write`` saves them beside the new weights
(``thresholds.json``, which the service reads with them). The tune suites confirm them
before a swap.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

import numpy as np

from training.reader_data import all_examples, load_config
from training.reader_eval import squad_scores

# Which pairs each threshold of ``ReaderThresholds`` is read on.
TASKS = {"answers": "qa", "speaks": "qa", "entails": "nli"}


def matched(old: np.ndarray, new: np.ndarray, threshold: float) -> tuple[float, float]:
    """The new threshold that passes the share of pairs ``threshold`` passed, and that share."""
    share = float((old >= threshold).mean())
    if share == 0.0:
        return float(np.nextafter(new.max(), np.inf)), share
    return float(np.quantile(new, 1.0 - share)), share


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--write", action="store_true", help="save them beside the new weights")
    args = parser.parse_args()
    from service.verify.reader import ReaderThresholds, ReadingModel

    config = load_config()
    old, new = ReadingModel(args.old), ReadingModel(args.new)
    scores = {}
    for name, model in (("old", old), ("new", new)):
        best = squad_scores(model.probabilities, config, "tune")
        scores[("qa", name)] = best["best"][best["answerable"]]
    tune = [e for e in all_examples(config) if e.split == "tune" and e.task == "nli"]
    pairs = [(e.first, e.second) for e in tune]
    scores[("nli", "old")], scores[("nli", "new")] = old.entailment(pairs), new.entailment(pairs)
    carried_all = {}
    for name, value in asdict(old.thresholds).items():
        task = TASKS[name]
        before, after = scores[(task, "old")], scores[(task, "new")]
        carried, share = matched(before, after, value)
        carried_all[name] = round(carried, 3)
        print(f"{name}: {value} -> {carried:.3f} (passes {share:.3f} of {len(before)} {task})")
    if args.write:
        ReaderThresholds(**carried_all).write(args.new)
        print(f"wrote {args.new / 'thresholds.json'}")


if __name__ == "__main__":
    main()
