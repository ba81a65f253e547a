"""Schemathesis over the OpenAPI schema: generated requests to every route never get a 5xx.

``POST /api/drafts`` is left out: each valid request generates a whole paper (tens of
seconds to minutes on CPU), so even a handful of examples would dominate the suite;
its validation is covered by tests/http/api/test_drafts.py and its success path by the
drafting tests. Every other route is fuzzed, the draft routes against a real draft, the
eval run routes against a real run and document reads against a real document (document
removal only with generated ids: a real one is removed in tests/http/api/test_documents.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from service.config import Settings
from service.corpus.index import Index
from service.evals.runner import run_suite, select_items
from service.evals.runs import RunStore
from service.http.app import create_app
from service.papers.paper import DraftRequest, Paper, Prose, Sentence
from service.papers.store import DraftStore
from service.wiring import build_answerer


@pytest.fixture(scope="module")
def client(corpus_copy: Index) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_copy.settings, index=corpus_copy)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def draft_id(corpus_copy: Index) -> str:
    """A saved draft whose background is a real cited answer (edits get re-verified)."""
    answerer = build_answerer(corpus_copy, corpus_copy.settings)
    answer = answerer.answer("When and where were the Stockholm talks held?")
    citations = list(answer.citations)
    sentences = [Sentence(text=s.text, citations=list(s.citations)) for s in answer.sentences]
    paper = Paper(title="Fuzzing target", request=DraftRequest(tasking="Fuzz the draft routes"),
                  background=Prose(sentences=sentences), citations=citations)  # fmt: skip
    return DraftStore(corpus_copy.sessions).create(paper, author="fuzz").draft_id


@pytest.fixture(scope="module")
def run_id(corpus_copy: Index, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A stored eval run of one question (the run routes read it back)."""
    suite = tmp_path_factory.mktemp("suites") / "one.yaml"
    suite.write_text(
        "- id: q1\n  question: When was the Stockholm Agreement signed?\n"
        "  gold: [corpus/stockholm-agreement-2014.md]\n",
        encoding="utf-8",
    )
    run = run_suite(corpus_copy, corpus_copy.settings, suite, select_items(suite))
    RunStore(corpus_copy.sessions).save(run)
    return run.id


# The schema is the app's own; building the app opens nothing (the lifespan does).
schema = schemathesis.openapi.from_dict(
    create_app(Settings(llm="extractive", auth="off", secret_key="schema only")).openapi()
)
schema = schema.exclude(method="POST", path="/api/drafts")


@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))  # fmt: skip
def test_no_generated_request_gets_a_server_error(
    case: Any, client: TestClient, draft_id: str, run_id: str, corpus_copy: Index
) -> None:
    parameters = case.path_parameters or {}
    if "draft_id" in parameters:
        parameters["draft_id"] = draft_id
    if "run_id" in parameters:
        parameters["run_id"] = run_id
    if "doc_id" in parameters and case.method == "GET":  # generated ids only for DELETE
        parameters["doc_id"] = corpus_copy.registry.list_documents()[0].doc_id
    if case.path.endswith("/compare") and case.query and "a" in case.query:
        case.query["a"] = run_id  # so b's generated values meet a real run
    # Through a TestClient rather than case.call(): the app's lifespan must run once,
    # over the shared corpus index (schemathesis' lazy fixture loader does not work
    # with pytest 9).
    kwargs = case.as_transport_kwargs(base_url=str(client.base_url))
    if kwargs.get("files"):  # uploads: a generated "file" may be a number; send its text
        kwargs["files"] = [_as_file(part) for part in kwargs["files"]]
    response = client.request(**kwargs)
    response.request.read()  # a multipart body is a stream that schemathesis re-reads
    case.validate_response(response, checks=[not_a_server_error])


def _as_file(part: Any) -> Any:
    """A generated multipart part with its content as bytes (re-readable for the check)."""
    name, value = part
    if isinstance(value, tuple):
        filename, content, *rest = value
        data = content if isinstance(content, bytes) else str(content).encode()
        return name, (filename, data, *rest)
    return name, value if isinstance(value, bytes | str) else str(value)
