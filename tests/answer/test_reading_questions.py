"""Questions an analyst asks that word rules read wrongly, answered with the reading model
ranking the sentences (BRIEFING_ANSWER_RANKER=model): a why-question gets a cause, a
how-many question a count, a two-part question a sentence per part (or which part no
source states), and a question dated by month and year is met by a document dated then."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.answer.answerer import Answerer
from service.answer.composers import ExtractiveComposer
from service.answer.result import Answer
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.verify.reader import ReadingModel
from service.verify.support import Verifier

COMMITTEE = (
    "# The Special Investigation Committee"
    "\n"
    "\n"
    "North Korea set up the Special Investigation Committee in July 2014 under the Stockholm "
    "agreement. The committee had four subcommittees, one for each group of Japanese "
    "nationals it was to investigate."
    "\n"
    "\n"
    "Pyongyang dissolved the committee in February 2016. North Korea dissolved the committee "
    "because Japan had reimposed its own sanctions after a nuclear test and a rocket launch."
    "\n"
    "\n"
)

WAGES = (
    "TOKYO (Kyodo) — Japan's largest union group said on Friday that pay rises agreed in this"
    " year's spring wage talks averaged 5.28 percent, the biggest in 33 years. The first "
    "tally by the group covered 771 unions."
    "\n"
    "\n"
    "The central bank is watching the wage talks closely."
    "\n"
    "\n"
)


def _doc(folder: Path, name: str, title: str, date: str, body: str) -> None:
    front = f"---\ntitle: {title}\ndoc_type: news\ndate: {date}\n---\n"
    (folder / name).write_text(front + body, encoding="utf-8")


@pytest.fixture(scope="module")
def answerer(
    tmp_path_factory: pytest.TempPathFactory, reader: ReadingModel, embedder: object
) -> Answerer:
    from service.config import Settings

    root = tmp_path_factory.mktemp("reading")
    docs = root / "docs"
    docs.mkdir()
    _doc(docs, "committee.md", "Special Investigation Committee", "2016-02-12", COMMITTEE)
    _doc(docs, "wages.md", "Unions report biggest pay rises in decades", "2024-03-15", WAGES)
    settings = Settings(data_dir=root / "data", chroma_url=None, database_url=None,
                        llm="extractive", auth="off")  # fmt: skip
    index = Index.open(settings, embedder=embedder)  # type: ignore[arg-type]
    assert ingest_paths(index, [docs]).ok
    composer = ExtractiveComposer(index.embedder, reader)
    return Answerer(index, composer, Verifier(index.embedder), reader)


def _sentences(answer: Answer) -> list[str]:
    return [s.text for s in answer.sentences]


def test_a_why_question_is_answered_with_the_cause(answerer: Answerer) -> None:
    answer = answerer.answer("Why did North Korea dissolve the committee?")
    assert not answer.abstained
    assert "because Japan had reimposed" in _sentences(answer)[0]


def test_a_how_many_question_is_answered_with_the_count(answerer: Answerer) -> None:
    answer = answerer.answer("How many subcommittees did the committee have?")
    assert not answer.abstained
    assert "four subcommittees" in _sentences(answer)[0]


def test_a_two_part_question_gets_a_sentence_per_part(answerer: Answerer) -> None:
    answer = answerer.answer("When was the committee set up, and why was it dissolved?")
    said = " ".join(_sentences(answer))
    assert "July 2014" in said
    assert "because Japan had reimposed" in said
    assert answer.unstated == []


def test_a_two_part_question_says_which_part_no_source_states(answerer: Answerer) -> None:
    answer = answerer.answer(
        "When was the committee set up, and who chaired its remains subcommittee?"
    )
    assert not answer.abstained
    assert "July 2014" in " ".join(_sentences(answer))
    assert answer.unstated == ["who chaired its remains subcommittee"]
    assert answer.text.endswith("No source states: who chaired its remains subcommittee.")


def test_a_month_and_year_are_met_by_the_documents_date(answerer: Answerer) -> None:
    # The article is dated 15 March 2024; its sentences say only "on Friday".
    answer = answerer.answer(
        "In March 2024, what average pay rise did Japan's largest union group report?"
    )
    assert not answer.abstained, answer.text
    assert "5.28 percent" in _sentences(answer)[0]


def test_a_month_the_document_is_not_dated_in_is_still_unstated(answerer: Answerer) -> None:
    answer = answerer.answer(
        "In March 2023, what average pay rise did Japan's largest union group report?"
    )
    assert answer.abstained
    assert "2023" in answer.unstated
