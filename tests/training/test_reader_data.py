"""The reading model's data: the held-out pairs are the committed ones, and no held-out
text reaches training."""

from __future__ import annotations

import json

from service.verify.reader import packaged_model_dir
from training.reader_data import (
    REPO,
    all_examples,
    article_splits,
    file_hash,
    load_config,
    squad_articles,
)


def test_the_held_out_pairs_are_the_ones_the_model_card_names() -> None:
    config = load_config()
    path = REPO / config["data"]["held_out_pairs"]
    card = (packaged_model_dir() / "README.md").read_text(encoding="utf-8")
    assert file_hash(path) in card
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    contexts = {
        title: [p["context"] for p in paragraphs]
        for title, paragraphs in squad_articles(config).items()
    }
    assert len(rows) == 462
    assert all(any(r["passage"] in c for c in contexts[r["article"]]) for r in rows)
    assert {r["article"] for r in rows} == set(config["splits"]["squad_held_out"])


def test_no_held_out_article_or_normans_rhine_text_is_trained_on() -> None:
    config = load_config()
    examples = all_examples(config)
    held_out = {t for t, s in article_splits(config).items() if s == "held_out"}
    held_text = {p["context"] for t in held_out for p in squad_articles(config)[t]}
    trained = [e for e in examples if e.split == "train"]
    assert not any(e.first in held_text or e.second in held_text for e in trained)
    ours = REPO / config["data"]["corpus_pairs"]
    rows = [json.loads(line) for line in ours.read_text(encoding="utf-8").splitlines()]
    used = [e for e in examples if e.source == "meaning_pairs"]
    assert len(used) == sum(r["corpus"] == "ours" for r in rows) < len(rows)
    assert {e.split for e in examples if e.source == "meaning_pairs_heldout"} == {"held_out"}
