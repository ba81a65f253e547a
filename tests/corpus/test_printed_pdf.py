"""Issue 27's PDF, end to end: printed by Chromium, ingested beside the shipped corpus,
asked about, then titled and dated by an analyst on its page and through the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.accounts.audit import AuditLog
from service.corpus.anchors import reanchor
from service.corpus.chunk import doc_id_for
from service.corpus.corrections import validated
from service.corpus.index import Index
from service.corpus.ingest import correct_document, ingest_paths
from service.corpus.view import read_document
from service.errors import InvalidRequestError
from service.http.app import create_app
from service.wiring import build_answerer
from tests.corpus.printed import CREW, print_pdfs

QUESTION = "How many crew members did the boat carry?"


@pytest.fixture(scope="module")
def crew_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return print_pdfs(tmp_path_factory.mktemp("printed"), {"crew": CREW})["crew"]


@pytest.fixture(scope="module")
def with_pdf(corpus_copy: Index, crew_pdf: Path) -> Index:
    """The shipped corpus and the printed PDF, ingested as an upload would be."""
    report = ingest_paths(corpus_copy, [crew_pdf])
    assert report.ok and report.added == [str(crew_pdf)], report
    return corpus_copy


@pytest.fixture(scope="module")
def client(with_pdf: Index) -> Iterator[TestClient]:
    with TestClient(create_app(with_pdf.settings, index=with_pdf)) as test_client:
        yield test_client


def test_the_printed_pdf_question_is_answered_titled_and_dated(
    with_pdf: Index, crew_pdf: Path
) -> None:
    document = read_document(with_pdf, doc_id_for(str(crew_pdf)))
    assert document.title == "Fishing boat rescued off Hokkaido after engine failure"
    assert (document.date, document.date_origin, document.date_found) == (
        "2025-09-05", "text", "5 September 2025",
    )  # fmt: skip
    answer = build_answerer(with_pdf, with_pdf.settings).answer(QUESTION)
    assert not answer.abstained
    assert answer.sentences[0].text.startswith("The boat carried 14 crew members")
    cited = answer.citations[0]
    assert (cited.title, cited.date) == (document.title, "2025-09-05")


def test_the_document_page_says_the_date_was_extracted(
    client: TestClient, with_pdf: Index, crew_pdf: Path
) -> None:
    page = client.get(f"/corpus/documents/{doc_id_for(str(crew_pdf))}").text
    assert "extracted from the text, where it reads “5 September 2025”" in page
    assert "from the largest line" in page and "Correct the title or date" in page


def test_an_analysts_title_and_date_are_kept_audited_and_citations_still_open(
    client: TestClient, with_pdf: Index, crew_pdf: Path
) -> None:
    doc_id = doc_id_for(str(crew_pdf))
    before = read_document(with_pdf, doc_id)
    cited = build_answerer(with_pdf, with_pdf.settings).answer(QUESTION).citations[0]
    sent = client.post(f"/corpus/documents/{doc_id}/details",
                       data={"title": "Rausu rescue", "date": "2025-09-04"},
                       follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    after = read_document(with_pdf, doc_id)
    assert (after.title, after.date, after.title_origin, after.date_origin) == (
        "Rausu rescue", "2025-09-04", "analyst", "analyst",
    )  # fmt: skip
    assert "set by an analyst" in client.get(f"/corpus/documents/{doc_id}").text
    event = AuditLog(with_pdf.sessions).recent(1)[0]
    assert (event.action, event.target) == ("corpus_corrected", doc_id)
    # New chunk ids (they carry the title and date); the draft's citation re-anchors.
    assert {c.chunk_id for c in after.chunks}.isdisjoint(c.chunk_id for c in before.chunks)
    (moved,) = reanchor(with_pdf, [cited])
    assert moved.chunk_id in {c.chunk_id for c in after.chunks} and moved.quote == cited.quote
    # Ingesting the file again keeps the analyst's title and date.
    assert ingest_paths(with_pdf, [crew_pdf]).unchanged == [str(crew_pdf)]
    assert read_document(with_pdf, doc_id).title == "Rausu rescue"


def test_the_api_corrects_and_refuses_what_cannot_be_used(
    client: TestClient, crew_pdf: Path
) -> None:
    url = f"/api/documents/{doc_id_for(str(crew_pdf))}"
    done = client.patch(url, json={"title": "Rausu rescue, 14 crew", "date": ""})
    assert done.status_code == 200, done.text
    assert (done.json()["title"], done.json()["date"]) == ("Rausu rescue, 14 crew", None)
    bad = client.patch(url, json={"title": "Rausu", "date": "5 Sept"})
    assert bad.status_code == 422 and "date: '5 Sept' is not a YYYY-MM-DD date" in bad.text
    assert client.patch("/api/documents/0123456789abcdef", json={"title": "x"}).status_code == 404
    page = client.post(f"/corpus/documents/{doc_id_for(str(crew_pdf))}/details",
                       data={"title": "  ", "date": ""})  # fmt: skip
    assert page.status_code == 422 and "title: a document needs a title" in page.text


@pytest.mark.parametrize(
    ("title", "date", "reason"),
    [("", "", "title: a document needs a title"), ("T", "2025-02-30", "date: '2025-02-30'"),
     ("x" * 301, "", "title: at most 300 characters")],
)  # fmt: skip
def test_a_correction_names_the_field_it_refuses(title: str, date: str, reason: str) -> None:
    with pytest.raises(InvalidRequestError, match=reason):
        validated(title, date)


def test_a_correction_of_an_unknown_document_is_refused(with_pdf: Index) -> None:
    from service.errors import UnknownSourceError

    with pytest.raises(UnknownSourceError):
        correct_document(with_pdf, "0123456789abcdef", "T", "", "ana")
