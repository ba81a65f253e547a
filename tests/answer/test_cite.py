"""Citation quotes a person can read alone: a sentence that refers back shows its referent."""

from __future__ import annotations

from service.answer.cite import with_referent

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
