"""The CI gate: evals/core, its leave-one-out suite, the held-out SQuAD sample, the news
and the Japanese suites must meet every committed threshold; thresholds stay tied to the
committed baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.corpus.index import Index
from service.evals.gate import gate_failures, load_thresholds
from service.evals.results import EvalRun, summarise
from service.evals.runner import run_suite, select_items
from tests.conftest import REPO

THRESHOLDS = REPO / "evals" / "thresholds.yaml"
# Core questions asked without their documents; the SQuAD sample over its own corpus.
CORE_GATES = [THRESHOLDS, REPO / "evals" / "thresholds-leave-one-out.yaml"]
SQUAD_GATE = REPO / "evals" / "thresholds-squad.yaml"
NEWS_GATE = REPO / "evals" / "thresholds-news.yaml"
JAPANESE_GATE = REPO / "evals" / "thresholds-japanese.yaml"
GATES = [*CORE_GATES, SQUAD_GATE, NEWS_GATE, JAPANESE_GATE]
# Largest allowed gap between the baseline and a threshold (see the thresholds file).
MARGIN = 0.05


def baseline(thresholds: Path = THRESHOLDS) -> EvalRun:
    limits = load_thresholds(thresholds)
    name = Path(limits.suite).name  # "squad/normans-rhine-sample240" -> its file name
    path = REPO / "evals" / "baselines" / f"{name}-{limits.backend}.json"
    return EvalRun.from_json(json.loads(path.read_text(encoding="utf-8")))


def test_gate_failures_name_metric_value_and_threshold() -> None:
    assert gate_failures({"hit@5": 0.96}, {"hit@5": 0.95}) == []
    assert gate_failures({"hit@5": 0.95}, {"hit@5": 0.95}) == []
    assert gate_failures({"hit@5": 0.9}, {"hit@5": 0.95, "groundedness": 0.9}) == [
        "hit@5 = 0.900 is below its threshold 0.950",
        "groundedness: missing from the run (threshold 0.900)",
    ]
    assert gate_failures({"fragment_rate": 0.02}, {}, {"fragment_rate": 0.0}) == [
        "fragment_rate = 0.020 is above its ceiling 0.000"
    ]
    assert gate_failures({"fragment_rate": 0.0}, {}, {"fragment_rate": 0.0}) == []


@pytest.mark.parametrize("thresholds", GATES, ids=lambda p: p.stem)
def test_thresholds_are_the_baseline_less_a_small_margin(thresholds: Path) -> None:
    limits = load_thresholds(thresholds)
    gated = set(limits.questions)
    run = baseline(thresholds)
    measured = summarise([r for r in run.results if not gated or r.item_id in gated])
    for name, floor in limits.minimum.items():
        assert measured[name] - MARGIN <= floor <= measured[name], (name, measured[name], floor)
    for name, ceiling in limits.maximum.items():
        assert measured[name] <= ceiling <= measured[name] + MARGIN, (name, measured[name], ceiling)


def _meets_the_gate(index: Index, thresholds: Path) -> None:
    limits = load_thresholds(thresholds)
    settings = index.settings.model_copy(update={"llm": limits.backend})
    suite = REPO / "evals" / f"{limits.suite}.yaml"
    run = run_suite(index, settings, suite, select_items(suite, limits.questions))
    failures = gate_failures(run.metrics, limits.minimum, limits.maximum)
    if failures:
        pytest.fail("eval gate failed:\n" + "\n".join(failures), pytrace=False)


@pytest.mark.parametrize("thresholds", CORE_GATES, ids=lambda p: p.stem)
def test_core_suite_meets_the_committed_thresholds(corpus_index: Index, thresholds: Path) -> None:
    _meets_the_gate(corpus_index, thresholds)


def test_held_out_squad_sample_meets_the_committed_thresholds(squad_index: Index) -> None:
    _meets_the_gate(squad_index, SQUAD_GATE)


def test_news_suite_meets_the_committed_thresholds(news_index: Index) -> None:
    _meets_the_gate(news_index, NEWS_GATE)


def test_japanese_suite_meets_the_committed_thresholds(japanese_index: Index) -> None:
    _meets_the_gate(japanese_index, JAPANESE_GATE)
