"""A question that assumes a year or number the sources state otherwise is told so first,
with the sentence that states it, cited and verified; nothing else is claimed."""

from __future__ import annotations

import pytest

from service.answer.answerer import Answerer
from service.answer.composers import ExtractiveComposer
from service.answer.numbered import number_passages
from service.answer.premise import Correction, corrections
from service.answer.question import question_parts
from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.retrieve.hybrid import search
from service.verify.support import Verifier

RETURN = (
    "# The return of five abductees\n\n"
    "Five abductees returned to Japan on 15 October 2002 aboard a government-chartered "
    "plane. Their families met them at Haneda airport.\n\n"
    "The DPRK admitted to 13 abductions at the summit of 17 September 2002.\n"
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbeddings) -> Index:
    root = tmp_path_factory.mktemp("premise")
    (root / "docs").mkdir()
    front = "---\ntitle: Abductees return\ndoc_type: fact-sheet\ndate: 2025-01-10\n---\n"
    (root / "docs" / "return.md").write_text(front + RETURN, encoding="utf-8")
    settings = Settings(data_dir=root / "data", chroma_url=None, database_url=None,
                        llm="extractive", auth="off")  # fmt: skip
    built = Index.open(settings, embedder=embedder)
    assert ingest_paths(built, [root / "docs"]).ok
    return built


def _answerer(index: Index) -> Answerer:
    return Answerer(index, ExtractiveComposer(index.embedder), Verifier(index.embedder))


def test_a_wrong_year_is_corrected_with_the_stated_one(index: Index) -> None:
    answer = _answerer(index).answer("Why did five abductees return to Japan in 2004?")
    assert answer.abstained and not answer.sentences
    (assumed, sentence), *_ = answer.corrections
    assert assumed == "2004"
    assert "15 October 2002" in sentence.text and sentence.citations == [1]
    assert answer.text.startswith("The sources do not say 2004; they say: Five abductees")
    assert answer.citations[0].quote.startswith("Five abductees returned")
    assert answer.as_json()["corrections"][0]["assumed"] == "2004"


def test_a_count_is_not_corrected(index: Index) -> None:
    # Counts are not read as premises: ordinals and paragraph numbers read as counts.
    question = "Why did the DPRK admit to 15 abductions in 2002?"
    assert _corrections(index, question) == []


def test_a_question_without_a_premise_gets_no_correction(index: Index) -> None:
    question = "Who won the 2025 Tokyo gubernatorial election?"
    assert _corrections(index, question) == []
    answer = _answerer(index).answer(question)
    assert answer.abstained and answer.corrections == []
    assert answer.text.startswith("The corpus does not cover this question.")


def test_a_year_is_not_corrected_by_a_sentence_about_something_else(index: Index) -> None:
    # "The DPRK admitted to 13 abductions ... 2002" shares too few of the question's words.
    question = "Why did Japan's families association hold a rally in Niigata in 2004?"
    assert _corrections(index, question) == []


def test_the_ask_page_says_the_premise_is_wrong_and_cites(index: Index) -> None:
    from service.http.web.templating import render_string

    answer = _answerer(index).answer("Why did five abductees return to Japan in 2004?")
    html = render_string("partials/answer_done.html", {"answer": answer})
    assert "Not as asked." in html
    assert "The sources do not say 2004; they say: Five abductees returned" in html
    assert "<h2>Sources</h2>" in html


def test_the_ask_page_names_an_unanswered_part(index: Index) -> None:
    from service.http.web.templating import render_string

    answer = _answerer(index).answer(
        "When did five abductees return to Japan, and who flew the plane?"
    )
    html = render_string("partials/answer_done.html", {"answer": answer})
    assert not answer.abstained
    assert "No source states: who flew the plane." in html


def _corrections(index: Index, question: str) -> list[Correction]:
    """The corrections of ``question`` from what the index retrieves for it."""
    passages = number_passages(search(index, question, 6))
    return corrections(question_parts(question), passages)
