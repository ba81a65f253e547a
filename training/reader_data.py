"""The reading model's data: every pair it trains, tunes and is judged on, split by group.

Splits are fixed by ``training/reader_config.yaml`` before any training: SNLI by premise
and QNLI by question (a seeded shuffle of the groups, 80 / 10 / 10), SQuAD 2.0 by whole
article (a held-out article takes its QNLI rows with it), our corpus's meaning pairs by
their own ``split`` field, and the held-out meaning pairs only ever in ``held_out``.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from service.text.sentences import sentence_spans

REPO = Path(__file__).resolve().parent.parent
CONFIG = Path(__file__).with_name("reader_config.yaml")
SPLITS = ("train", "tune", "held_out")
SNLI_LABELS = {"entailment": "entailment", "neutral": "neutral", "contradiction": "contradiction"}
QNLI_LABELS = {"entailment": "entailment", "not_entailment": "neutral"}


@dataclass(frozen=True)
class Example:
    """One labelled pair: ``first`` is the question or the passage, ``second`` the sentence
    or the claim; ``task`` is "qa" or "nli"; ``source`` names the data set."""

    first: str
    second: str
    label: str
    task: str
    source: str
    split: str
    kind: str = ""


def load_config(path: Path = CONFIG) -> dict[str, Any]:
    """The one config of the reading model: data, splits and hyper-parameters."""
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def _path(config: dict[str, Any], key: str) -> Path:
    return (REPO / config["data"][key]).resolve()


def _group_split(groups: Iterable[str], seed: int, shares: dict[str, float]) -> dict[str, str]:
    """Each distinct group -> a split, by a seeded shuffle of the sorted groups."""
    ordered = sorted(set(groups))
    random.Random(seed).shuffle(ordered)
    train_end = round(len(ordered) * shares["train"])
    tune_end = train_end + round(len(ordered) * shares["tune"])
    return {
        g: "train" if i < train_end else "tune" if i < tune_end else "held_out"
        for i, g in enumerate(ordered)
    }


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def snli_examples(config: dict[str, Any]) -> list[Example]:
    """SNLI pairs, split by premise."""
    rows = _jsonl(_path(config, "snli"))
    shares = config["splits"]["group_shares"]
    split_of = _group_split((str(r["premise_id"]) for r in rows), config["seed"], shares)
    return [
        Example(
            _detok(r["premise"]),
            _detok(r["hypothesis"]),
            SNLI_LABELS[r["label"]],
            "nli",
            "snli",
            split_of[str(r["premise_id"])],
        )
        for r in rows
    ]


def _detok(text: str) -> str:
    # SNLI ships tokenised text ("packages . "): join punctuation back as prose has it.
    for mark in (" .", " ,", " !", " ?", " 's", " n't", " ;", " :"):
        text = text.replace(mark, mark.strip() if mark[1] in ".,!?;:" else mark[1:])
    return " ".join(text.split())


def article_splits(config: dict[str, Any]) -> dict[str, str]:
    """SQuAD article -> split."""
    splits = config["splits"]
    return {
        **dict.fromkeys(splits["squad_train"], "train"),
        **dict.fromkeys(splits["squad_tune"], "tune"),
        **dict.fromkeys(splits["squad_held_out"], "held_out"),
    }


def qnli_examples(config: dict[str, Any]) -> list[Example]:
    """QNLI pairs: a SQuAD article's rows follow the article; the rest split by question."""
    rows = _jsonl(_path(config, "qnli"))
    by_article = article_splits(config)
    free = (r["question"] for r in rows if r["squad_article"] is None)
    split_of = _group_split(free, config["seed"] + 1, config["splits"]["group_shares"])
    return [
        Example(
            r["question"],
            r["sentence"],
            QNLI_LABELS[r["label"]],
            "qa",
            "qnli",
            by_article[r["squad_article"]] if r["squad_article"] else split_of[r["question"]],
        )
        for r in rows
    ]


def squad_articles(config: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Article title -> its paragraphs, from the eleven-article SQuAD 2.0 file."""
    data = json.loads(_path(config, "squad").read_text(encoding="utf-8"))["data"]
    return {a["title"]: a["paragraphs"] for a in data}


def _sentences(context: str) -> list[tuple[int, int]]:
    return sentence_spans(context)


def _containing(spans: list[tuple[int, int]], offset: int) -> int | None:
    return next((i for i, (s, e) in enumerate(spans) if s <= offset < e), None)


def squad_examples(config: dict[str, Any]) -> list[Example]:
    """Question/sentence pairs from SQuAD 2.0: the answer's sentence answers; another
    sentence of the paragraph does not; an unanswerable question's plausible-answer
    sentence does not (the adversarial near miss)."""
    rng = random.Random(config["seed"] + 2)
    others = config["sampling"]["squad_other_sentences"]
    out = []
    for title, paragraphs in sorted(squad_articles(config).items()):
        split = article_splits(config)[title]
        for paragraph in paragraphs:
            context = paragraph["context"]
            spans = _sentences(context)
            for qa in paragraph["qas"]:
                out += _question_pairs(qa, context, spans, split, rng, others)
    return out


def _question_pairs(
    qa: dict[str, Any],
    context: str,
    spans: list[tuple[int, int]],
    split: str,
    rng: random.Random,
    others: int,
) -> list[Example]:
    answers = qa["plausible_answers"] if qa["is_impossible"] else qa["answers"]
    if not answers:
        return []
    hit = _containing(spans, answers[0]["answer_start"])
    if hit is None:
        return []
    label = "neutral" if qa["is_impossible"] else "entailment"
    kind = "plausible" if qa["is_impossible"] else "answer"
    pairs = [
        Example(qa["question"], context[slice(*spans[hit])], label, "qa", "squad", split, kind)
    ]
    rest = [i for i in range(len(spans)) if i != hit]
    for i in rng.sample(rest, min(others, len(rest))):
        pairs.append(
            Example(
                qa["question"], context[slice(*spans[i])], "neutral", "qa", "squad", split, "other"
            )
        )
    return pairs


def meaning_examples(path: Path, split: str | None = None) -> list[Example]:
    """Meaning pairs (passage, sentence, label true/false, kind): a faithful sentence is
    entailed; a changed one contradicts its passage. ``split`` None keeps each row's own.
    Rows over the Normans/Rhine articles are left out everywhere: that text is the held-out
    SQuAD sample's."""
    out = []
    for row in _jsonl(path):
        if row.get("corpus") == "squad":
            continue  # Normans/Rhine paragraphs: the held-out SQuAD sample's text, never used
        own = {"calibration": "train", "held-out": "tune"}.get(row.get("split", ""), "held_out")
        label = "entailment" if row["label"] else "contradiction"
        out.append(
            Example(
                row["passage"],
                row["sentence"],
                label,
                "nli",
                path.stem,
                split or own,
                row.get("kind", ""),
            )
        )
    return out


def all_examples(config: dict[str, Any]) -> list[Example]:
    """Every pair of every split."""
    return [
        *snli_examples(config),
        *qnli_examples(config),
        *squad_examples(config),
        *meaning_examples(_path(config, "corpus_pairs")),
        *meaning_examples(_path(config, "held_out_pairs"), split="held_out"),
        *perturbed_examples(config),
    ]


def file_hash(path: Path) -> str:
    """sha256 of a data file, for the model card."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def summary(examples: list[Example]) -> dict[str, dict[str, int]]:
    """Counts by (source, split) and by label, for the model card."""
    counts: dict[str, Counter[str]] = {s: Counter() for s in SPLITS}
    for e in examples:
        counts[e.split][f"{e.source}:{e.label}"] += 1
    return {split: dict(sorted(c.items())) for split, c in counts.items()}


def perturbed_examples(config: dict[str, Any]) -> list[Example]:
    """Made pairs (``training.perturb``) from the train SQuAD articles and our corpus: a
    sentence (with the next one as context, half the time) against itself changed in one
    way (contradiction) or kept (entailment)."""
    from training.perturb import change, faithful

    rng = random.Random(config["seed"] + 3)
    per_text = config["sampling"]["perturbed_per_paragraph"]
    if not per_text:
        return []
    out = []
    for text, source in _perturbation_texts(config):
        spans = sentence_spans(text)
        sentences = [text[s:e] for s, e in spans if e - s >= 40]
        for i in rng.sample(range(len(sentences)), min(per_text, len(sentences))):
            premise = sentences[i]
            if i + 1 < len(sentences) and rng.random() < 0.5:
                premise += " " + sentences[i + 1]
            changed = change(sentences[i], rng)
            if changed:
                out.append(
                    Example(
                        premise, changed[0], "contradiction", "nli", source, "train", changed[1]
                    )
                )
            if rng.random() < 0.6:
                kept = faithful(sentences[i], rng)
                out.append(Example(premise, kept, "entailment", "nli", source, "train", "faithful"))
    return out


def _perturbation_texts(config: dict[str, Any]) -> list[tuple[str, str]]:
    from service.corpus.load import load_document

    train = set(config["splits"]["squad_train"])
    texts = [
        (p["context"], "perturbed-squad")
        for title, paragraphs in sorted(squad_articles(config).items())
        if title in train
        for p in paragraphs
    ]
    corpus = REPO / config["data"]["perturbed_corpus"]
    for path in sorted(corpus.glob("*.md")):
        text = load_document(path, path.name, 10_000_000).text
        texts += [(part, "perturbed-ours") for part in text.split("\n\n") if len(part) > 80]
    return texts
