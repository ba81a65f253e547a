"""The answerability scorer: its features, its committed weights and what it tells apart."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from service.answer.answerability import (
    PAIRS_PATH,
    WEIGHTS_PATH,
    WORD_MODEL_PATH,
    answer_probability,
    pair_features,
    word_inputs,
    word_support,
)
from service.answer.answerability_features import NAMES, word_features
from service.answer.answerability_training import (
    Pair,
    _label,
    fit,
    fit_word_model,
    read_pairs,
    word_model_json,
    write_pairs,
)
from service.answer.question import answers, question_parts
from service.corpus.embed import LocalEmbeddings
from service.evals.suite import EvalItem


def _unit(v: list[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float64)
    return a / np.linalg.norm(a)


def test_pair_features_are_coverage_cosine_product_and_distance() -> None:
    q, s = _unit([1.0, 0.0, 0.0]), _unit([0.6, 0.8, 0.0])
    row = pair_features(q, np.array([s]), np.array([0.75]))[0]
    assert row[0] == 0.75  # coverage of the question's words
    assert row[1] == pytest.approx(0.6)  # cosine
    assert row[2:5] == pytest.approx([0.6, 0.0, 0.0])  # element-wise product
    assert row[5:8] == pytest.approx([0.4, 0.8, 0.0])  # absolute difference
    assert pair_features(q, np.array([s, q]), np.array([0.5, 1.0])).shape == (2, 8)


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


def test_the_answer_scores_above_a_sentence_about_something_else(
    embedder: LocalEmbeddings,
) -> None:
    question = "Who chaired the DPRK's Special Investigation Committee?"
    sentences = [
        "So Tae Ha, security counsellor of the National Defence Commission, chaired the "
        "Special Investigation Committee.",
        "Abe and key ministers judged that the DPRK's Special Investigation Committee could "
        "do real work.",
    ]
    q = np.asarray(embedder.embed_query(question))
    s = np.asarray(embedder.embed_documents(sentences))
    answering, other = answer_probability(q, s, np.array([1.0, 0.8]))
    assert answering > other


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


def test_the_word_check_scores_a_swapped_word_below_the_answer(
    embedder: LocalEmbeddings,
) -> None:
    passage = "Rhine\nCourse\nThe Rhine flows north from Lake Constance into Germany."
    sentence = "The Rhine flows north from Lake Constance into Germany."
    supports = []
    # SQuAD 2.0's edit of an answerable question: "flows" became "freezes".
    for question in ("Which way does the Rhine flow from Lake Constance?",
                     "Which way does the Rhine freeze from Lake Constance?"):  # fmt: skip
        parts = question_parts(question)
        coverage = answers(parts, sentence, "Rhine\nCourse")
        assert coverage is not None
        q = np.asarray(embedder.embed_query(question))
        cosine = np.asarray(embedder.embed_documents([sentence])) @ q
        rows = word_features(parts, [sentence], ["Rhine\nCourse"], [passage])
        supports.append(word_support(np.array([coverage]), cosine, rows)[0])
    answering, swapped = supports
    assert answering > swapped
