"""A block as editable lines and back: markers, framing lines, limits."""

from __future__ import annotations

import pytest

from service.errors import InvalidRequestError
from service.papers.edit_text import MAX_EDIT_CHARS, prose_to_text, text_to_sentences
from service.papers.paper import Prose, Sentence


def test_round_trip_keeps_kinds_markers_and_order() -> None:
    framing = Sentence(text="Pursue the phased package.", kind="framing")
    claim = Sentence(text="Talks were held in May 2014.", citations=[2, 5])
    bare = Sentence(text="No marker here", citations=[3])
    prose = Prose(sentences=[framing, claim, bare])
    text = prose_to_text(prose)
    assert (
        text
        == "~ Pursue the phased package.\nTalks were held in May 2014 [2][5].\nNo marker here [3]"
    )
    assert text_to_sentences(text) == prose.sentences


def test_lines_are_parsed_as_an_analyst_writes_them() -> None:
    text = "  First claim [1] and more [4].\n\n~Framing without a space\n[2] [2] Repeated marker.\n"
    assert text_to_sentences(text) == [
        Sentence(text="First claim and more.", citations=[1, 4]),
        Sentence(text="Framing without a space", kind="framing"),
        Sentence(text="Repeated marker.", citations=[2]),
    ]
    assert text_to_sentences("[1]\n   \n") == []  # a line of markers only says nothing


def test_markup_is_kept_as_text() -> None:
    sentences = text_to_sentences("<script>alert(1)</script> happened [1].")
    assert sentences[0].text == "<script>alert(1)</script> happened."  # escaped when shown


@pytest.mark.parametrize(
    ("text", "message"),
    [("x" * (MAX_EDIT_CHARS + 1), "the limit is 20000"), ("a\n" * 201, "201 sentences")],
)
def test_limits(text: str, message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        text_to_sentences(text)
