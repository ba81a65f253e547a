"""Facts a sentence commits to: names stated in other words still count as stated."""

from __future__ import annotations

from service.answer.question import parse_question, unmet
from service.verify.facts import extract_facts


def test_a_peoples_adjective_names_its_country() -> None:
    held = extract_facts("On the French side, the Grand Canal d'Alsace was dug.")
    assert "france" in held.words and "germany" not in held.words
    sentence = "On the French side, the Grand Canal d'Alsace was dug, which carries Rhine water."
    assert unmet(parse_question("Which canal was dug in France?"), sentence, "") == []
    assert unmet(parse_question("Which canal was dug in Germany?"), sentence, "") == ["germany"]


def test_the_world_wars_have_one_name_each() -> None:
    for text in ("In World War II the Rhine", "During the Second World War", "in WWII"):
        assert "wwii" in extract_facts(text).words, text
    assert "wwii" not in extract_facts("After World War I the Rhineland").words
    assert "wwi" in extract_facts("After World War I the Rhineland").words
    asked = parse_question("What was the Rhine considered to invaders in WWII?")
    sentence = "In World War II, it was recognised that the Rhine would present an obstacle."
    assert "wwii" not in unmet(asked, sentence, "")
