"""A tiny suite run end to end on the shipped corpus with the extractive backend:
scoring, storage, listing, comparison, report and export."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from service.corpus.index import Index
from service.errors import RunNotFoundError
from service.evals.compare import compare_runs
from service.evals.export import export_run
from service.evals.report import render_report
from service.evals.results import EvalRun
from service.evals.runner import SuiteRunner, run_suite, select_items
from service.evals.runs import RunStore
from service.verify.reader import ReadingModel
from service.wiring import build_answerer

TINY = """
- id: t1
  question: How many lower-house votes did Sanae Takaichi receive when she was elected prime
    minister?
  answer: 237 votes, where 233 were needed, on 21 October 2025.
  gold: [corpus/japan-leadership-2024-2025.md]
  tags: [regional-context]
- id: t2
  question: How did Prime Minister <b>Abe</b> describe the DPRK's July 2015 postponement of its
    report?
  answer: As extremely regrettable.
  gold: [corpus/stockholm-process-chronology-2014-2016.md]
  also: [corpus/japanese-positions-statements.md]
  tags: [abductions]
- id: t3
  question: What is the recipe for a traditional Swedish cinnamon bun?
  answerable: false
  tags: [off-topic]
"""


@pytest.fixture(scope="module")
def tiny_run(corpus_index: Index, tmp_path_factory: pytest.TempPathFactory) -> EvalRun:
    suite = tmp_path_factory.mktemp("suite") / "tiny.yaml"
    suite.write_text(TINY, encoding="utf-8")
    seen: list[tuple[int, int]] = []
    items = select_items(suite)
    run = run_suite(
        corpus_index, corpus_index.settings, suite, items, lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    return run


def test_tiny_suite_is_scored(tiny_run: EvalRun) -> None:
    t1, t2, t3 = tiny_run.results
    assert tiny_run.suite == "tiny" and tiny_run.backend == "extractive"
    assert t1.metrics["hit@5"] == 1.0 and t1.metrics["answered"] == 1.0
    assert "237" in t1.answer["text"]
    assert t1.metrics["answer_f1"] is not None and 0 < t1.metrics["answer_f1"] <= 1
    # The answerer shows only verified sentences, so their citations recall every one.
    for answered in (t1, t2):
        assert answered.metrics["citation_recall"] == 1.0
        assert 0 < answered.metrics["citation_precision"] <= 1  # type: ignore[operator]
        assert 0 < answered.metrics["groundedness"] <= 1  # type: ignore[operator]
    # The off-topic question: no retrieval metrics, abstention scored.
    assert "hit@5" not in t3.metrics
    assert t3.metrics["abstention_correct"] == float(t3.answer["abstained"])
    summary = tiny_run.metrics
    assert summary["hit@5"] == pytest.approx((t1.metrics["hit@5"] + t2.metrics["hit@5"]) / 2)
    assert summary["abstention_accuracy"] == t3.metrics["abstention_correct"]
    assert summary["latency_p95_ms"] >= summary["latency_p50_ms"] > 0
    prints = tiny_run.fingerprint
    assert prints["backend"] == "extractive" and "answer.txt" in prints["prompts"]
    assert len(prints["digest"]) == 16


def test_runs_are_stored_listed_and_found_by_prefix(tiny_run: EvalRun, index: Index) -> None:
    store = RunStore(index.sessions)
    store.save(tiny_run)
    loaded = store.get(tiny_run.id[:6])
    assert loaded.as_json() == tiny_run.as_json()
    assert [r.id for r in store.list()] == [tiny_run.id]
    assert store.list(suite="other") == []
    with pytest.raises(RunNotFoundError, match="run nope: not found"):
        store.get("nope")
    store.delete(tiny_run.id)
    assert store.list() == []


def test_compare_names_the_questions_that_got_worse(tiny_run: EvalRun) -> None:
    same = compare_runs(tiny_run, tiny_run)
    assert same.same_fingerprint and same.worse == []
    assert all(d.delta == 0 for d in same.deltas if d.delta is not None)
    t1, *rest = tiny_run.results
    worse_t1 = replace(t1, metrics={**t1.metrics, "hit@5": 0.0})
    worse = replace(tiny_run, id="b", results=[worse_t1, *rest], metrics={**tiny_run.metrics,
                    "hit@5": tiny_run.metrics["hit@5"] - 0.5})  # fmt: skip
    comparison = compare_runs(tiny_run, worse)
    assert [q.item_id for q in comparison.worse] == ["t1"]
    assert comparison.worse[0].drops == {"hit@5": (1.0, 0.0)}
    hit = next(d for d in comparison.deltas if d.name == "hit@5")
    assert hit.delta == pytest.approx(-0.5) and hit.worse
    json.dumps(comparison.as_json())  # serialisable


def test_report_is_self_contained_and_escaped(tiny_run: EvalRun) -> None:
    page = render_report(
        tiny_run, compare_runs(tiny_run, tiny_run), lambda s, a, b: f"/doc/{s}#{a}"
    )
    assert page.startswith("<!doctype html>")
    assert page.count('src="data:image/png;base64,') == 3
    assert "Prime Minister &lt;b&gt;Abe&lt;/b&gt;" in page and "<b>Abe</b>" not in page
    assert 'id="q-t1"' in page and 'href="#q-t1"' in page
    assert 'href="/doc/corpus/japan-leadership-2024-2025.md#' in page


def test_export_jsonl_and_csv(tiny_run: EvalRun) -> None:
    lines = export_run(tiny_run, "jsonl").splitlines()
    assert [json.loads(line)["item_id"] for line in lines] == ["t1", "t2", "t3"]
    rows = list(csv.DictReader(io.StringIO(export_run(tiny_run, "csv"))))
    assert [r["id"] for r in rows] == ["t1", "t2", "t3"]
    assert rows[0]["hit@5"] == "1.0" and rows[2]["hit@5"] == ""
    assert "japan-leadership-2024-2025.md" in rows[0]["cited_sources"]


def test_a_run_survives_a_json_round_trip(tiny_run: EvalRun, tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text(json.dumps(tiny_run.as_json()), encoding="utf-8")
    assert EvalRun.from_json(json.loads(path.read_text())).as_json() == tiny_run.as_json()


def test_a_model_ranked_run_answers_with_the_reading_model(corpus_index: Index) -> None:
    """BRIEFING_ANSWER_RANKER=model reaches the answers a suite scores, not only ``ask``."""
    settings = corpus_index.settings.model_copy(update={"answer_ranker": "model"})
    runner = SuiteRunner(corpus_index, build_answerer(corpus_index, settings))
    assert isinstance(runner.answerer.reader, ReadingModel)
    ruled = SuiteRunner(corpus_index, build_answerer(corpus_index, corpus_index.settings))
    assert ruled.answerer.reader is None
