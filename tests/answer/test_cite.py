"""Quotes a person can read alone: a sentence that refers back shows its referent, and a
dateline places a passage's sentences without being quoted."""

from __future__ import annotations

from service.answer.cite import with_referent
from service.answer.numbered import NumberedPassage
from service.answer.passage_sentences import passage_sentences
from service.corpus.documents import SearchHit

CHUNK = (
    "## Second summit\n\nThe family of Charles R. Jenkins, a former U.S. Army sergeant, "
    "stayed behind. He feared he would be handed over to the U.S. military."
)


def _quote(sentence: str, chunk_start: int = 100) -> tuple[str, int, int]:
    at = CHUNK.index(sentence)
    return with_referent(CHUNK, chunk_start, chunk_start + at, chunk_start + at + len(sentence))


def test_a_sentence_that_refers_back_is_quoted_with_the_sentence_before_it() -> None:
    text, start, end = _quote("He feared he would be handed over to the U.S. military.")
    assert text == CHUNK[CHUNK.index("The family") :]
    assert (start, end) == (100 + CHUNK.index("The family"), 100 + len(CHUNK))


def test_a_sentence_that_names_its_subject_is_quoted_alone() -> None:
    sentence = "The family of Charles R. Jenkins, a former U.S. Army sergeant, stayed behind."
    assert _quote(sentence)[0] == sentence


def test_a_first_sentence_that_refers_back_shows_its_heading() -> None:
    chunk = "## Jenkins\n\nHe stayed behind."
    assert with_referent(chunk, 0, 12, len(chunk)) == (chunk[3:], 3, len(chunk))


def test_a_dateline_is_context_of_the_passage_sentences_and_never_one_of_them() -> None:
    text = (
        "TOKYO, July 4, 2014 (Reuters) - Japan lifted some of its sanctions on North Korea "
        "on Friday.\n\n(Reporting by Kiyoshi Takenaka; Editing by Paul Tait)"
    )
    hit = SearchHit("news.md", "d", "c", 0.0, 0, len(text), text, title="Sanctions lifted")
    [sentence] = passage_sentences([NumberedPassage(1, hit)])
    assert sentence.text == "Japan lifted some of its sanctions on North Korea on Friday."
    assert "TOKYO, July 4, 2014 (Reuters) -" in sentence.context
