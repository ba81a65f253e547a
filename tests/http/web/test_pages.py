"""Every page and partial: the whole page without ``HX-Request``, a fragment with it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from service.corpus.index import Index
from tests.http.web.conftest import HX, is_full_page


def _both(client: TestClient, url: str) -> tuple[str, str]:
    page, fragment = client.get(url), client.get(url, headers=HX)
    assert page.status_code == 200, page.text
    assert fragment.status_code == 200, fragment.text
    assert is_full_page(page.text), url
    assert not is_full_page(fragment.text), url
    return page.text, fragment.text


def test_home_redirects_to_corpus(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/corpus"


def test_corpus_lists_documents_with_type_date_tags_and_chunks(
    client: TestClient, corpus_copy: Index
) -> None:
    page, fragment = _both(client, "/corpus")
    documents = corpus_copy.registry.list_documents()
    stockholm = next(d for d in documents if d.source.endswith("stockholm-agreement-2014.md"))
    for body in (page, fragment):
        assert f'href="/corpus/documents/{stockholm.doc_id}"' in body
        assert f"{len(documents)} documents" in body
    row = page.split(f"/corpus/documents/{stockholm.doc_id}")[1].split("</tr>")[0]
    assert stockholm.doc_type in row and str(stockholm.date) in row
    assert f'<td class="num">{stockholm.chunk_count}</td>' in row
    assert all(f'<span class="tag">{tag}</span>' in row for tag in stockholm.tags)
    assert 'name="files"' in page and 'enctype="multipart/form-data"' in page


def test_documents_table_partial(client: TestClient) -> None:
    page, fragment = _both(client, "/corpus/documents")
    assert fragment.lstrip().startswith("<table") and "Add documents" in page


def test_document_shows_chunk_boundaries_and_highlighted_span_on_demand(
    client: TestClient, corpus_copy: Index
) -> None:
    # Chunk boundaries are on demand (?chunks=true); the plain URL renders the document.
    document = next(d for d in corpus_copy.registry.list_documents() if d.chunk_count > 2)
    text = corpus_copy.registry.find(document.doc_id).text  # type: ignore[union-attr]
    url = f"/corpus/documents/{document.doc_id}?start=5&end=40&chunks=true"
    page, fragment = _both(client, url)
    for body in (page, fragment):
        assert body.count('class="chunk-mark" id="chunk-') == document.chunk_count
        assert body.count('<mark id="quote">') == 1
    assert 'class="overlap"' in page  # chunks overlap by 150 characters
    quoted = page.split('<mark id="quote">')[1].split("</mark>")[0]
    assert quoted.replace("&#39;", "'").replace("&amp;", "&") == text[5:40]
    assert "Read the document" in page and 'class="doc-rendered"' not in page


def test_document_reads_as_rendered_markdown_with_the_quote_marked(
    client: TestClient, corpus_copy: Index
) -> None:
    document = next(d for d in corpus_copy.registry.list_documents()
                    if d.source.endswith("stockholm-agreement-2014.md"))  # fmt: skip
    text = corpus_copy.registry.find(document.doc_id).text  # type: ignore[union-attr]
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    sentence = next(line for line in text.splitlines() if len(line) > 80 and line[0].isalpha())
    start = text.index(sentence)
    url = f"/corpus/documents/{document.doc_id}?start={start}&end={start + 40}"
    page, fragment = _both(client, url)
    for body in (page, fragment):
        assert f"<h3>{escape(heading[3:])}</h3>" in body  # "##" is a heading, one level down
        assert "## " not in body.split('class="doc-rendered"')[1]
        assert 'class="chunk-mark"' not in body and "Show chunk boundaries" in body
    quoted = page.split('<mark id="quote">')[1].split("</mark>")[0]
    assert quoted == str(escape(sentence[:40].strip()))
    for fact in ("Source status", document.doc_type, str(document.date)):
        assert fact in page.split('class="doc-facts"')[1].split("</dl>")[0]


def test_passage_partial_highlights_the_quote(client: TestClient, corpus_copy: Index) -> None:
    entry = corpus_copy.registry.chunk_entries()[3]
    start, end = entry.start + 10, entry.start + 60
    url = f"/passages/{entry.chunk_id}?start={start}&end={end}&n=4"
    _page, fragment = _both(client, url)
    assert "[4] " in fragment and str(escape(entry.title)) in fragment
    assert fragment.count("<mark>") == 1
    assert f"/corpus/documents/{entry.doc_id}?start={start}&end={end}#quote" in fragment


def test_ask_page_and_streamed_answer_partial(client: TestClient) -> None:
    page, _fragment = _both(client, "/ask")
    assert 'name="q"' in page and 'name="doc_type"' in page and 'name="tag"' in page
    streamed = client.get("/ask", params={"q": "When were the Stockholm talks held?"}, headers=HX)
    assert streamed.status_code == 200
    assert 'sse-connect="/ask/stream?q=When+were+the+Stockholm+talks+held%3F' in streamed.text
    assert 'sse-close="done"' in streamed.text and not is_full_page(streamed.text)


def test_drafts_page_has_list_and_form_with_agenda_sliders(
    client: TestClient, draft: dict[str, Any]
) -> None:
    page, fragment = _both(client, "/drafts")
    assert f'href="/drafts/{draft["id"]}"' in fragment
    for agenda_id in ("abductions", "remains-and-graves", "repatriates-and-spouses"):
        assert f'type="range" id="weight-{agenda_id}" name="weight-{agenda_id}"' in page
    assert 'name="options"' in page and 'name="constraints"' in page


def test_editor_page_shows_each_block_with_chips_and_actions(
    client: TestClient, draft: dict[str, Any]
) -> None:
    page, fragment = _both(client, f"/drafts/{draft['id']}")
    paper = draft["paper"]
    assert 'id="block-bluf"' in fragment and 'id="block-options-0-sequencing-0"' in fragment
    assert f'id="block-agendas-{paper["agendas"][0]["agenda_id"]}-status"' in page
    first = paper["citations"][0]
    assert f'href="/passages/{first["chunk_id"]}?start={first["start"]}&end={first["end"]}' in page
    assert f"/api/drafts/{draft['id']}/export?format=docx" in page
    assert page.count(">Regenerate</button>") == page.count('class="block"')


def test_block_partials(client: TestClient, draft: dict[str, Any]) -> None:
    base = f"/drafts/{draft['id']}/sections/background"
    view = client.get(base, headers=HX)
    assert view.status_code == 200 and view.text.lstrip().startswith('<section class="block"')
    plain = client.get(base, follow_redirects=False)
    assert plain.status_code == 303
    assert plain.headers["location"] == f"/drafts/{draft['id']}#block-background"
    page, fragment = _both(client, f"{base}/edit")
    assert '<textarea id="text-background" name="text"' in fragment
    assert 'class="block editing"' in page and 'id="block-bluf"' in page


def test_citation_search_partial(client: TestClient, draft: dict[str, Any]) -> None:
    url = f"/drafts/{draft['id']}/sections/background/citations/search?q=Stockholm+2014"
    page, fragment = _both(client, url)
    assert fragment.count('name="chunk_id"') == 5
    assert '<details class="cite-panel" open>' in page


def test_versions_and_diff_pages(client: TestClient, draft: dict[str, Any]) -> None:
    _page, fragment = _both(client, f"/drafts/{draft['id']}/versions")
    assert "generation" in fragment and f"/drafts/{draft['id']}?version=1" in fragment
    _page, fragment = _both(client, f"/drafts/{draft['id']}/diff?from=1&to=1")
    assert "No differences" in fragment


@pytest.mark.parametrize("name", ["htmx/htmx.min.js", "htmx-ext-sse/sse.min.js"])
def test_vendor_files_come_from_the_npm_packages(client: TestClient, name: str) -> None:
    response = client.get(f"/static/vendor/{name}")
    assert response.status_code == 200 and len(response.content) > 1000


def test_static_files(client: TestClient) -> None:
    assert client.get("/static/app.css").status_code == 200
    assert "draft-version" in client.get("/static/app.js").text
