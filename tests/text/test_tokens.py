"""Index tokens and stems."""

from __future__ import annotations

from service.text.tokens import stem, tokenize


def test_tokens_are_stemmed_without_stopwords_and_numbers_keep_digits() -> None:
    tokens = tokenize("The abductees were returned in 2002, with 93,340 others.")
    assert tokens == ["abducte", "return", "2002", "93340", "other"]


def test_an_agent_noun_also_gives_its_root() -> None:
    assert tokenize("chairman") == ["chairman", "chair"]


def test_stem_lowercases_and_is_stable() -> None:
    assert stem("Returned") == stem("returning") == "return"
