"""Fitting the answerability scorer (training/): labels, the pairs file, and refits that
reproduce the committed weights and trees (the only place scikit-learn is imported)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from service.answer.answerability import WEIGHTS_PATH, WORD_MODEL_PATH, word_inputs, word_support
from service.answer.answerability_features import NAMES
from service.corpus.embed import LocalEmbeddings
from service.evals.suite import EvalItem
from training.answerability import (
    PAIRS_PATH,
    Pair,
    _label,
    fit,
    fit_word_model,
    read_pairs,
    word_model_json,
    write_pairs,
)


def test_labels_come_from_the_gold_span_or_the_reference() -> None:
    squad = EvalItem(id="s", question="Who ruled?", answer="Rollo", gold=["d.md"])
    assert _label(squad, "Rollo ruled Normandy.", True, spans=True) == 1
    assert _label(squad, "Rollo ruled Normandy.", False, spans=True) == 0
    assert _label(squad, "Normandy was ruled.", True, spans=True) is None
    core = EvalItem(id="c", question="Who chaired it?", answer="So Tae Ha chaired it.")
    assert _label(core, "So Tae Ha chaired the committee.", True, spans=False) == 1
    assert _label(core, "So Tae Ha chaired the committee.", False, spans=False) is None
    unanswerable = EvalItem(id="u", question="Who?", answerable=False)
    assert _label(unanswerable, "Anything at all.", True, spans=False) == 0


def test_pairs_file_round_trips(tmp_path: Path) -> None:
    pairs = [Pair("Who?", "B said.", 0.5, 0), Pair("Who?", "A said.", 1.0, 1, 0.7, (0.5, 1.0))]
    write_pairs(pairs + pairs[:1], tmp_path / "p.jsonl.gz")
    read = read_pairs(tmp_path / "p.jsonl.gz")  # duplicates dropped, order fixed
    assert sorted(read, key=repr) == sorted(pairs, key=repr)
    write_pairs(list(reversed(pairs)), tmp_path / "q.jsonl.gz")
    assert (tmp_path / "q.jsonl.gz").read_bytes() == (tmp_path / "p.jsonl.gz").read_bytes()


def test_retraining_reproduces_the_committed_weights(embedder: LocalEmbeddings) -> None:
    committed = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    refit = fit(read_pairs(PAIRS_PATH), embedder)
    assert refit["pairs"] == committed["pairs"]
    assert refit["positives"] == committed["positives"]
    assert refit["intercept"] == pytest.approx(committed["intercept"], abs=1e-3)
    assert np.asarray(refit["coef"]) == pytest.approx(np.asarray(committed["coef"]), abs=1e-3)


def test_every_committed_pair_keeps_what_the_word_check_reads() -> None:
    pairs = read_pairs(PAIRS_PATH)
    assert all(len(p.words) == len(NAMES) and -1.0 <= p.cosine <= 1.0 for p in pairs)
    # Both kinds of 0: unanswerable questions' sentences and other paragraphs' sentences.
    assert {(p.label, p.answerable) for p in pairs} == {(1, True), (0, True), (0, False)}


def test_the_word_check_refits_to_the_committed_trees_and_reads_them_as_sklearn_does() -> None:
    pairs = read_pairs(PAIRS_PATH)
    model = fit_word_model(pairs)
    committed = json.loads(WORD_MODEL_PATH.read_text(encoding="utf-8"))
    refit = word_model_json(model)
    assert refit["baseline"] == pytest.approx(committed["baseline"], abs=1e-6)
    assert len(refit["trees"]) == len(committed["trees"])
    for new, old in zip(refit["trees"], committed["trees"], strict=True):
        assert {k: v for k, v in new.items() if k not in ("threshold", "value")} == {
            k: v for k, v in old.items() if k not in ("threshold", "value")
        }
        assert new["threshold"] == pytest.approx(old["threshold"], abs=1e-6)
        assert new["value"] == pytest.approx(old["value"], abs=1e-6)
    coverages = np.array([p.coverage for p in pairs])
    cosines = np.array([p.cosine for p in pairs])
    rows = np.array([p.words for p in pairs])
    expected = model.predict_proba(word_inputs(coverages, cosines, rows))[:, 1]
    assert word_support(coverages, cosines, rows) == pytest.approx(expected, abs=1e-6)
