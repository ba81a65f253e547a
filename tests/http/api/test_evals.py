"""``/api/evals``: stored runs listed newest first, one run with every question, two compared
(the compare page's figures), and 4xx for unknown, ambiguous or overlong run ids."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.corpus.index import Index
from service.evals.compare import compare_runs
from service.evals.runner import run_suite, select_items
from service.evals.runs import RunStore
from tests.http.api.conftest import signed_in

TINY = """
- id: t1
  question: How did Prime Minister Abe describe the DPRK's July 2015 postponement of its report?
  answer: As extremely regrettable.
  gold: [corpus/stockholm-process-chronology-2014-2016.md]
  also: [corpus/japanese-positions-statements.md]
- id: t2
  question: What is the recipe for a traditional Swedish cinnamon bun?
  answerable: false
"""


@pytest.fixture(scope="module")
def runs(corpus_copy: Index, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Two stored runs of a tiny suite through the real answer path: both questions, then t1."""
    suite = tmp_path_factory.mktemp("suites") / "tiny.yaml"
    suite.write_text(TINY, encoding="utf-8")
    store, ids = RunStore(corpus_copy.sessions), []
    for only in ([], ["t1"]):
        run = run_suite(corpus_copy, corpus_copy.settings, suite, select_items(suite, only))
        store.save(run)
        ids.append(run.id)
    return ids[0], ids[1]


@pytest.fixture(scope="module")
def vic(app: FastAPI) -> TestClient:
    """A viewer: reading runs needs no more (running them does)."""
    return signed_in(app, "vic")


def test_runs_are_listed_newest_first_with_their_summary(
    vic: TestClient, runs: tuple[str, str], corpus_copy: Index
) -> None:
    listed = vic.get("/api/evals/runs")
    assert listed.status_code == 200
    first, second = runs
    assert [r["id"] for r in listed.json()][:2] == [second, first]
    newest = listed.json()[0]
    assert newest["suite"] == "tiny" and newest["backend"] == "extractive"
    assert newest["questions"] == 1 and newest["metrics"]["hit@5"] == 1.0
    assert listed.json() == [r.as_json() for r in RunStore(corpus_copy.sessions).list()]
    assert vic.get("/api/evals/runs", params={"suite": "tiny"}).json() == listed.json()
    assert vic.get("/api/evals/runs", params={"suite": "other"}).json() == []


def test_a_run_has_its_metrics_and_every_question(vic: TestClient, runs: tuple[str, str]) -> None:
    run_id = runs[0]
    for ref in (run_id, run_id[:8]):  # an unambiguous prefix works as on the command line
        response = vic.get(f"/api/evals/runs/{ref}")
        assert response.status_code == 200, response.text
        run = response.json()
        assert run["id"] == run_id and run["questions"] == 2
    assert [r["item_id"] for r in run["results"]] == ["t1", "t2"]
    t1, t2 = run["results"]
    assert t1["metrics"]["hit@5"] == 1.0 and t1["answer"]["sentences"]
    assert t2["metrics"]["abstention_correct"] in (0.0, 1.0) and t2["answerable"] is False
    assert set(run["metrics"]) >= {"hit@5", "answer_f1", "latency_p50_ms"}
    assert run["fingerprint"]["digest"]


def test_compare_is_the_compare_pages_comparison(
    vic: TestClient, runs: tuple[str, str], corpus_copy: Index
) -> None:
    a, b = runs
    response = vic.get("/api/evals/compare", params={"a": a, "b": b[:6]})
    assert response.status_code == 200, response.text
    compared = response.json()
    store = RunStore(corpus_copy.sessions)
    expected = compare_runs(store.get(a), store.get(b)).as_json()
    assert {k: compared[k] for k in expected} == expected
    assert compared["missing_questions"] == ["t2"] and compared["same_fingerprint"] is True
    assert compared["a"]["id"] == a and compared["b"]["id"] == b and "results" not in compared["b"]


@pytest.mark.parametrize("ref", ["0000000000zz", "no-such-run", "%25", "_"])
def test_unknown_runs_are_404(vic: TestClient, runs: tuple[str, str], ref: str) -> None:
    got = vic.get(f"/api/evals/runs/{ref}")
    assert got.status_code == 404 and "not found" in got.json()["detail"], got.text
    compared = vic.get("/api/evals/compare", params={"a": runs[0], "b": ref})
    assert compared.status_code == 404 and ref in compared.json()["detail"]


def test_bad_query_values_are_422(vic: TestClient, runs: tuple[str, str]) -> None:
    a = runs[0]
    for params in (
        {"a": a},
        {"a": a, "b": ""},
        {"a": a, "b": "f" * 65},
        {"a": "f" * 10_000, "b": a},
    ):
        response = vic.get("/api/evals/compare", params=params)
        assert response.status_code in (414, 422), (params, response.text)
    assert vic.get(f"/api/evals/runs/{'f' * 65}").status_code == 422
    assert vic.get("/api/evals/runs", params={"suite": ""}).status_code == 422


def test_anyone_signed_out_gets_401(app: FastAPI, runs: tuple[str, str]) -> None:
    anonymous = TestClient(app)
    for path in ("/api/evals/runs", f"/api/evals/runs/{runs[0]}", "/api/evals/compare"):
        assert anonymous.get(path, params={"a": runs[0], "b": runs[1]}).status_code == 401
