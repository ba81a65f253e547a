"""The Ask page: HTML server-sent events with citation chips, abstentions, escaping, errors."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from service.answer.answerer import WIDENED, Answerer
from service.answer.languages import lexical_note
from service.answer.result import Answer
from service.corpus.index import Index
from service.corpus.review import mark_source
from service.http.web.ask import sse
from service.http.web.templating import render_string
from service.wiring import build_answerer
from tests.http.web.conftest import HX, is_full_page

QUESTION = "When and where were the Stockholm talks held?"
CHIP = r'class="chip" href="/passages/(\w+)\?start=(\d+)&end=(\d+)&n=(\d+)"'


def _events(body: str) -> list[tuple[str, str]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = block.splitlines()
        name = lines[0].removeprefix("event: ")
        data = "\n".join(line.removeprefix("data: ") for line in lines[1:])
        events.append((name, data))
    return events


def test_stream_sends_each_verified_sentence_with_chips_then_sources(
    client: TestClient, corpus_copy: Index
) -> None:
    response = client.get("/ask/stream", params={"q": QUESTION})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.text)
    names = [name for name, _ in events]
    assert names[-1] == "done" and set(names[:-1]) == {"sentence"}
    answer = build_answerer(corpus_copy, corpus_copy.settings).answer(QUESTION)
    assert len(names) - 1 == len(answer.sentences)  # exactly the verified ones, no others
    for (_, html), sentence in zip(events, answer.sentences, strict=False):
        assert html.startswith('<span class="sentence">')
        chips = re.findall(CHIP, html)
        cited = [answer.citations[n - 1] for n in sentence.citations]
        assert chips == [(c.chunk_id, str(c.start), str(c.end), str(c.n)) for c in cited]
    assert "<h2>Sources</h2>" in events[-1][1]


def test_a_question_the_corpus_does_not_cover_abstains_plainly(client: TestClient) -> None:
    response = client.get("/ask/stream", params={"q": "What is the boiling point of mercury?"})
    events = _events(response.text)
    assert [name for name, _ in events] == ["done"]
    assert "The corpus does not cover this question" in events[0][1]
    page = client.get("/ask", params={"q": "What is the boiling point of mercury?"})
    assert 'class="notice abstain"' in page.text and 'class="chip"' not in page.text


def test_a_japanese_question_is_declined_in_japanese(client: TestClient) -> None:
    # The shipped corpus is English: nothing quotable answers a Japanese question.
    response = client.get("/ask/stream", params={"q": "拉致被害者は何人ですか。"})
    events = _events(response.text)
    assert [name for name, _ in events] == ["done"]
    assert '<span lang="ja">資料にはこの質問に答える記述がありません。' in events[0][1]


def test_without_javascript_the_page_answers_in_one_go(
    client: TestClient, corpus_copy: Index
) -> None:
    page = client.get("/ask", params={"q": QUESTION})
    assert page.status_code == 200 and is_full_page(page.text)
    answer = Answerer.answer(build_answerer(corpus_copy, corpus_copy.settings), QUESTION)
    assert page.text.count('<span class="sentence">') == len(answer.sentences)
    assert f"{QUESTION}</textarea>" in page.text


def test_filters_reach_the_answerer(client: TestClient) -> None:
    params = {"q": QUESTION, "doc_type": "no-such-type"}
    events = _events(client.get("/ask/stream", params=params).text)
    assert [name for name, _ in events] == ["done"]  # nothing retrieved: abstains
    fragment = client.get("/ask", params=params, headers=HX).text
    assert "doc_type=no-such-type" in fragment


def test_reviewed_sources_only_leaves_unreviewed_documents_out(
    client: TestClient, corpus_copy: Index
) -> None:
    answer = build_answerer(corpus_copy, corpus_copy.settings).answer(QUESTION)
    cited = {c.source for c in answer.citations}
    chunks = {c.chunk_id for c in answer.citations}
    assert cited, "the question is answered from the shipped corpus"
    for source in cited:
        mark_source(corpus_copy, source, "unreviewed", "cli")
    try:
        params = {"q": QUESTION, "reviewed_only": "true"}
        page = client.get("/ask", params=params).text
        assert 'name="reviewed_only" value="true" checked' in page
        assert not any(f"/passages/{chunk}" in page for chunk in chunks), "unreviewed, cited"
        # Unfiltered, reviewed sources answer first; the unreviewed ones only when they
        # cannot, and then the answer says so.
        everything = client.get("/ask", params={"q": QUESTION}).text
        widened = "No reviewed source answers this question" in everything
        assert widened or not any(f"/passages/{chunk}" in everything for chunk in chunks)
        fragment = client.get("/ask", params=params, headers=HX).text
        assert "reviewed_only=true" in fragment  # the stream keeps the filter
    finally:
        for source in cited:
            mark_source(corpus_copy, source, "reviewed", "cli")


def test_markup_in_a_question_is_escaped(client: TestClient) -> None:
    question = "<script>alert(1)</script> When were the Stockholm talks held?"
    page = client.get("/ask", params={"q": question})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    fragment = client.get("/ask", params={"q": question}, headers=HX)
    assert "<script>alert" not in fragment.text and "%3Cscript%3E" in fragment.text


def test_bad_questions_get_422_partials(client: TestClient) -> None:
    for params in ({"q": "   "}, {"q": "x" * 5000}, {"q": QUESTION, "date_from": "May 2014"}):
        fragment = client.get("/ask", params=params, headers=HX)
        assert fragment.status_code == 422, params
        assert 'class="notice error"' in fragment.text and not is_full_page(fragment.text)
    assert client.get("/ask/stream", params={"q": ""}).status_code == 422
    assert "date_from: &#39;May 2014&#39; is not a YYYY-MM-DD date" in fragment.text
    week = client.get("/ask", params={"q": QUESTION, "date_from": "2014-W01-1"}, headers=HX)
    assert week.status_code == 422 and "is not a YYYY-MM-DD date" in week.text


def test_sse_puts_every_line_in_a_data_field() -> None:
    assert sse("done", "<p>a</p>\n<p>b</p>") == "event: done\ndata: <p>a</p>\ndata: <p>b</p>\n\n"
    assert sse("done", "") == "event: done\ndata: \n\n"


def test_each_note_is_marked_with_its_own_language() -> None:
    answer = Answer("拉致被害者は何人ですか。", language="ja", notes=[lexical_note("ja"), WIDENED])
    html = render_string("partials/answer_done.html", {"answer": answer})
    assert f'lang="ja">{lexical_note("ja")}</p>' in html
    assert f'lang="en">{WIDENED}</p>' in html
