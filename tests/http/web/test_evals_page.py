"""The Evals page: stored runs, a tiny suite run end to end with progress, the report,
a comparison, and the errors (unknown run 404, bad form 422, viewer 403, CSRF)."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.corpus.index import Index
from service.evals.runs import RunStore
from tests.http.web.conftest import HX, PASSWORD, is_full_page

TINY = """
- id: t1
  question: How did Prime Minister <b>Abe</b> describe the DPRK's July 2015 postponement of its
    report?
  answer: As extremely regrettable.
  gold: [corpus/stockholm-process-chronology-2014-2016.md]
  also: [corpus/japanese-positions-statements.md]
  tags: [abductions]
- id: t2
  question: What is the recipe for a traditional Swedish cinnamon bun?
  answerable: false
  tags: [off-topic]
"""


TINY_GATE = """suite: tiny
backend: extractive
minimum: {hit@5: 0.0}
maximum: {latency_p50_ms: 1000000}
target: {hit@5: 0.0, latency_p50_ms: 0.0}
"""


@pytest.fixture(scope="module")
def suites(client: TestClient, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run form's suite folder: a tiny suite and two files that are not suites."""
    folder = tmp_path_factory.mktemp("evals")
    (folder / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (folder / "thresholds-tiny.yaml").write_text(TINY_GATE, encoding="utf-8")
    (folder / "notes.txt").write_text("not a suite", encoding="utf-8")
    client.app.state.evals_dir = folder  # type: ignore[attr-defined]
    return folder


@pytest.fixture(scope="module")
def run_id(client: TestClient, suites: Path) -> str:
    """A run of the tiny suite started from the plain (no-JavaScript) form."""
    form = {"suite": "tiny.yaml", "backend": "extractive"}
    started = client.post("/evals", data=form, follow_redirects=False)
    assert started.status_code == 303
    job_url = started.headers["location"]
    assert re.fullmatch(r"/evals/jobs/[0-9a-f]{32}", job_url)
    page = client.get(job_url, follow_redirects=False)
    if page.status_code == 200:  # still running: the page reloads itself
        assert is_full_page(page.text) and '<meta http-equiv="refresh"' in page.text
        assert "of 2 questions done" in page.text
    location = _wait(client, job_url)
    assert re.fullmatch(r"/evals/[0-9a-f]{12}", location)
    return location.rsplit("/", 1)[1]


def _wait(client: TestClient, job_url: str) -> str:
    """Poll a job as htmx does until it redirects; the redirect's URL."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        poll = client.get(job_url, headers=HX)
        assert poll.status_code == 200
        if "hx-redirect" in poll.headers:
            return poll.headers["hx-redirect"]
        assert 'hx-trigger="every 1s"' in poll.text and "<progress" in poll.text
        time.sleep(0.3)
    raise AssertionError("the eval run did not finish")


def test_the_page_lists_runs_and_offers_only_suite_files(client: TestClient, run_id: str) -> None:
    page = client.get("/evals")
    assert page.status_code == 200 and is_full_page(page.text)
    assert 'aria-current="page">Evals</a>' in page.text
    assert f'<a href="/evals/{run_id}">{run_id}</a>' in page.text
    options = re.findall(r'<option value="([^"]+)">', page.text.split('name="suite"')[1])
    assert options[0] == "tiny.yaml" and "thresholds-tiny.yaml" not in page.text
    assert "notes.txt" not in page.text
    fragment = client.get("/evals", headers=HX)
    assert fragment.status_code == 200 and not is_full_page(fragment.text)
    assert run_id in fragment.text


def test_the_report_shows_metrics_charts_and_linked_citations(
    client: TestClient, run_id: str
) -> None:
    page = client.get(f"/evals/{run_id}")
    assert page.status_code == 200 and is_full_page(page.text)
    assert f"<h1>Eval run {run_id}: tiny</h1>" in page.text
    assert re.search(r"<td>hit@5</td><td class=\"num\">1\.000</td>", page.text)
    assert '<img alt="summary metrics" src="data:image/png;base64,' in page.text
    assert "&lt;b&gt;Abe&lt;/b&gt;" in page.text and "<b>Abe</b>" not in page.text
    link = re.search(r'href="(/corpus/documents/[^"]+)"', page.text)
    assert link is not None
    document = client.get(link.group(1).replace("&amp;", "&"))
    assert document.status_code == 200 and '<mark id="quote">' in document.text
    fragment = client.get(f"/evals/{run_id}", headers=HX)
    assert not is_full_page(fragment.text) and "data:image/png;base64," in fragment.text


def test_a_run_started_with_htmx_shows_progress(client: TestClient, suites: Path) -> None:
    form = {"suite": "tiny.yaml", "backend": "extractive", "only": "t2"}
    started = client.post("/evals", data=form, headers=HX)
    assert started.status_code == 202 and "of 1 questions done" in started.text
    job_url = re.search(r'hx-get="(/evals/jobs/[0-9a-f]+)"', started.text).group(1)  # type: ignore[union-attr]
    run = client.get(_wait(client, job_url))
    assert "t2: What is the recipe" in run.text and "t1:" not in run.text


def test_compare_shows_deltas_and_the_questions_that_got_worse(
    client: TestClient, corpus_copy: Index, run_id: str
) -> None:
    store = RunStore(corpus_copy.sessions)
    run = store.get(run_id)
    t1, t2 = run.results
    worse_t1 = replace(t1, metrics={**t1.metrics, "hit@5": 0.0})
    worse = replace(run, id=f"w{run_id[1:]}", results=[worse_t1, t2],
                    metrics={**run.metrics, "hit@5": run.metrics["hit@5"] - 0.5})  # fmt: skip
    store.save(worse)
    page = client.get("/evals/compare", params={"a": run_id, "b": worse.id})
    assert page.status_code == 200 and is_full_page(page.text)
    assert re.search(r'<td>hit@5</td>\s*<td class="num">1\.000</td>\s*<td class="num">0\.500</td>'
                     r'\s*<td class="num worse">-0\.500</td>', page.text)  # fmt: skip
    worse_list = page.text.split('<ul class="worse-questions">')[1].split("</ul>")[0]
    assert '<a href="#q-t1">t1</a>' in worse_list and "hit@5 1.00→0.00" in worse_list
    assert '<img alt="summary metrics"' in page.text and f"vs {run_id}" in page.text
    same = client.get("/evals/compare", params={"a": run_id, "b": run_id}, headers=HX)
    assert "None: no question scored lower" in same.text and not is_full_page(same.text)


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/evals/nope", 404, "run nope: not found"),
        ("/evals/compare?a=nope&b=nope", 404, "run nope: not found"),
        ("/evals/compare?a=x", 422, "b: Field required"),
        ("/evals/jobs/nope", 404, "eval job nope: not found"),
    ],
)
def test_unknown_runs_are_404_partials(
    client: TestClient, url: str, status: int, message: str
) -> None:
    response = client.get(url, headers=HX)
    assert response.status_code == status and message in response.text
    assert not is_full_page(response.text)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"suite": "../core.yaml"}, "suite: choose one of the suites in evals/ (tiny.yaml)"),
        ({"suite": "thresholds-tiny.yaml"}, "not &#39;thresholds-tiny.yaml&#39;"),
        ({"suite": "/etc/passwd"}, "not &#39;/etc/passwd&#39;"),
        ({"backend": "gpt9"}, "backend: choose one of extractive, local, openai"),
        ({"backend": "openai"}, "backend: &#39;openai&#39; needs BRIEFING_LLM_BASE_URL"),
        ({"limit": "0"}, "limit: a whole number of questions, at least 1"),
        ({"limit": "\u00b2"}, "limit: a whole number of questions, at least 1"),
        ({"limit": "99999999999999999999999999"}, "limit: at most"),
        ({"only": "t1, zz"}, "tiny.yaml: no question with id zz"),
    ],
)
def test_bad_run_forms_are_422_partials(
    client: TestClient, suites: Path, form: dict[str, str], message: str
) -> None:
    response = client.post("/evals", data={"suite": "tiny.yaml", "backend": "extractive", **form},
                           headers=HX)  # fmt: skip
    assert response.status_code == 422 and message in response.text
    assert str(suites) not in response.text and not is_full_page(response.text)


def _sign_in(client: TestClient, username: str) -> str:
    form = {"username": username, "password": PASSWORD, "next": "/evals"}
    assert client.post("/signin", data=form, follow_redirects=False).status_code == 303
    page = client.get("/evals").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_a_viewer_sees_runs_but_cannot_start_one(secured: TestClient) -> None:
    token = _sign_in(secured, "vera")
    page = secured.get("/evals")
    assert (
        page.status_code == 200 and "Stored runs" in page.text and 'name="suite"' not in page.text
    )
    form = {"suite": "core.yaml", "backend": "extractive", "limit": "1", "csrf_token": token}
    refused = secured.post("/evals", data=form, headers=HX)
    assert refused.status_code == 403 and "viewer role cannot do this (eval)" in refused.text


def test_starting_a_run_needs_the_csrf_token(secured: TestClient) -> None:
    token = _sign_in(secured, "admin")
    form = {"suite": "no-such.yaml", "backend": "extractive"}
    refused = secured.post("/evals", data=form, headers=HX)
    assert refused.status_code == 403 and "CSRF token missing or wrong" in refused.text
    checked = secured.post("/evals", data={**form, "csrf_token": token}, headers=HX)
    assert checked.status_code == 422  # past the CSRF check, refused for the unknown suite


def test_the_run_page_speaks_plain_words_and_links_each_question(
    client: TestClient, run_id: str
) -> None:
    page = client.get(f"/evals/{run_id}").text
    cards = page.split("In plain words")[1].split("</section>")[0]
    assert "Right source found" in cards and "found a right document in the top 5 results" in cards
    # Each metric against its target in words; "answers that answer" read first.
    assert cards.index("Answers that answer") < cards.index("Sentences supported")
    assert "pass: target at least 0.00" in cards and "short: target at most 0.00" in cards
    assert 'class="standing-short"' in cards and "no target" in cards
    for item_id in ("t1", "t2"):
        assert f'href="/evals/{run_id}/questions/{item_id}"' in page


def test_a_question_page_shows_the_answer_its_citations_and_what_was_expected(
    client: TestClient, run_id: str, corpus_copy: Index
) -> None:
    page = client.get(f"/evals/{run_id}/questions/t1")
    assert page.status_code == 200 and is_full_page(page.text)
    assert "How did Prime Minister &lt;b&gt;Abe&lt;/b&gt; describe" in page.text
    expected = page.text.split("What was expected")[1]
    assert "As extremely regrettable." in expected
    assert "corpus/stockholm-process-chronology-2014-2016.md" in expected
    assert (
        "Words as expected" in expected and "words in common with the expected answer" in expected
    )
    result = next(
        r for r in RunStore(corpus_copy.sessions).get(run_id).results if r.item_id == "t1"
    )
    for citation in result.answer["citations"]:
        assert f"?start={citation['start']}&amp;end={citation['end']}#quote" in page.text
    declined = client.get(f"/evals/{run_id}/questions/t2").text
    assert "To decline: the corpus does not answer this." in declined
    missing = client.get(f"/evals/{run_id}/questions/zz", headers=HX)
    assert (
        missing.status_code == 404 and f"question &#39;zz&#39;: not in run {run_id}" in missing.text
    )


def test_the_evals_page_explains_each_metric_and_draws_the_trend_across_runs(
    client: TestClient, run_id: str, corpus_copy: Index
) -> None:
    store = RunStore(corpus_copy.sessions)
    run = store.get(run_id)
    later = replace(run, id="e" * 12, created_at=run.created_at + dt.timedelta(minutes=1),
                    metrics={**run.metrics, "hit@5": 0.25})  # fmt: skip
    store.save(later)
    page = client.get("/evals").text
    assert (
        '<abbr title="found a right document in the top 5 results">Right source found</abbr>'
        in page
    )
    assert "What the numbers mean" in page and "Declined rightly" in page
    chart = page.split('<svg class="trend"')[1].split("</svg>")[0]
    assert "tiny: Right source found, Words as expected, Supported sentences across" in chart
    assert chart.count("<polyline") == 3 and "eeeeee" in chart
    store.delete(later.id)
