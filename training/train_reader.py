"""Train the reading model and report it on every split (python -m training.train_reader).

One MiniLM cross-encoder (the packaged all-MiniLM-L6-v2 encoder with a new 3-label head)
for both judgments: does a sentence answer a question, and does a passage support,
contradict or not mention a claim. Seeded; data, splits and hyper-parameters come from
``training/reader_config.yaml``. Writes fp16 safetensors, the tokenizer, ``metrics.json``
and the model card to ``--out``.

    python -m training.train_reader --measure 256      # pairs/s only, nothing saved
    python -m training.train_reader --out service/verify/reader_model
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    PreTrainedTokenizerBase,
    get_linear_schedule_with_warmup,
)

from service.config import Settings
from training.reader_card import write_card
from training.reader_data import Example, all_examples, load_config, summary
from training.reader_eval import evaluate, predict

Batch = list[Example]


def _seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _encode(tokenizer: PreTrainedTokenizerBase, batch: Batch, max_length: int) -> Any:
    return tokenizer(
        [e.first for e in batch],
        [e.second for e in batch],
        truncation=True,
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )


def batches(examples: list[Example], size: int, seed: int) -> list[Batch]:
    """Seeded batches of similar length (less padding: pairs range from 10 to 128 tokens):
    shuffle, sort each window of 50 batches by length, cut, shuffle the batches."""
    order = list(examples)
    random.Random(seed).shuffle(order)
    window = size * 50
    out: list[Batch] = []
    for start in range(0, len(order), window):
        part = sorted(order[start : start + window], key=lambda e: len(e.first) + len(e.second))
        out += [part[i : i + size] for i in range(0, len(part), size)]
    random.Random(seed + 1).shuffle(out)
    return out


def train(
    config: dict[str, Any], examples: list[Example], limit: int | None
) -> tuple[Any, Any, dict[str, Any]]:
    """The fitted model and tokenizer, with what the run took."""
    _seed(config["seed"])
    base = Settings().resolved_embedding_model_path()
    labels = config["labels"]
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    if config.get("freeze_word_embeddings"):
        # Half the encoder's parameters; the pre-trained vocabulary stays as it is, and
        # AdamW no longer updates a 30,522 x 384 matrix every step.
        model.get_input_embeddings().weight.requires_grad_(False)
    # A model for one judgment trains on that task's pairs only; every split is still
    # evaluated, so what it loses on the other task is on its card.
    tasks = set(config.get("tasks", ["qa", "nli"]))
    train_set = [e for e in examples if e.split == "train" and e.task in tasks]
    if limit:
        train_set = random.Random(config["seed"]).sample(train_set, limit)
    size, epochs = config["batch_size"], 1 if limit else config["epochs"]
    steps = math.ceil(len(train_set) / size) * epochs
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(
        trainable, lr=config["learning_rate"], weight_decay=config["weight_decay"]
    )
    schedule = get_linear_schedule_with_warmup(
        optimiser, int(steps * config["warmup_share"]), steps
    )
    label_id = {label: i for i, label in enumerate(labels)}
    model.train()
    started, done = time.monotonic(), 0
    for epoch in range(epochs):
        for step, batch in enumerate(batches(train_set, size, config["seed"] + 10 * epoch)):
            inputs = _encode(tokenizer, batch, config["max_length"])
            target = torch.tensor([label_id[e.label] for e in batch])
            loss = torch.nn.functional.cross_entropy(model(**inputs).logits, target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimiser.step(), schedule.step(), optimiser.zero_grad()
            done += len(batch)
            if step % 25 == 0:
                rate = done / (time.monotonic() - started)
                left = (len(train_set) * epochs - done) / rate / 60
                print(
                    f"epoch {epoch + 1} step {step} loss {loss.item():.3f} "
                    f"{rate:.1f} pairs/s, ~{left:.0f} min left",
                    flush=True,
                )
    seconds = time.monotonic() - started
    model.eval()
    return (
        model,
        tokenizer,
        {
            "train_pairs": len(train_set),
            "tasks": sorted(tasks),
            "epochs": epochs,
            "seconds": round(seconds),
            "pairs_per_s": round(done / seconds, 1),
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", type=int, help="train on this many pairs and stop")
    parser.add_argument("--out", type=Path, default=Path("service/verify/reader_model"))
    parser.add_argument("--tasks", help="train on these tasks only (qa, nli; comma-separated)")
    parser.add_argument("--epochs", type=int, help="override the config's epochs")
    args = parser.parse_args()
    torch.set_num_threads(2)
    config = load_config()
    if args.tasks:
        config["tasks"] = args.tasks.split(",")
    if args.epochs:
        config["epochs"] = args.epochs
    examples = all_examples(config)
    print(json.dumps(summary(examples), indent=1))
    model, tokenizer, run = train(config, examples, args.measure)
    print(run)
    if args.measure:
        return
    metrics = evaluate(
        lambda pairs: predict(model, tokenizer, pairs, config["max_length"]), config, examples
    )
    args.out.mkdir(parents=True, exist_ok=True)
    model.half().save_pretrained(args.out, safe_serialization=True)
    tokenizer.save_pretrained(args.out)
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    record = {"run": run, "commit": commit, "metrics": metrics, "counts": summary(examples)}
    (args.out / "metrics.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    write_card(args.out, config, record)
    print(json.dumps(metrics, indent=1))


if __name__ == "__main__":
    main()
