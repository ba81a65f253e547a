"""A question's constraints: what it states must be stated by the answering sentence."""

from __future__ import annotations

from service.answer.question import answers, parse_question, question_parts, unmet, unstated

SO = "So Tae Ha, security counsellor of the National Defence Commission, chaired it."


def test_answer_types_follow_the_question() -> None:
    kinds = {q: parse_question(q).answer_type for q in (
        "Who chaired the committee?", "When was the agreement signed?",
        "How many people moved to the DPRK?", "Where did the talks take place?",
        "What price did the building fetch?", "What did the DPRK promise?")}  # fmt: skip
    assert list(kinds.values()) == ["person", "date", "quantity", "place", "quantity", "other"]


def test_a_near_miss_names_what_no_source_states() -> None:
    asked = parse_question("What did the third report find in 2015?")
    sentence = "The second report, published in 2014, found continued evasion."
    assert unmet(asked, sentence, "") == ["2015", "3"]


def test_heading_context_meets_the_subject() -> None:
    asked = parse_question("Who was the chairman of the Special Investigation Committee?")
    context = "Special Investigation Committee\nChairman So Tae Ha"
    assert unmet(asked, SO, context) == []
    assert "special" in unmet(asked, SO, "")


def test_answer_type_must_be_new_to_the_question() -> None:
    asked = parse_question("How many abductees does Japan recognise?")
    assert unmet(asked, "Japan recognises abductees taken by the DPRK.", "") == ["a quantity"]
    assert unmet(asked, "Japan officially recognises 17 abductees.", "") == []


def test_capitals_stand_for_their_states_and_parts_are_answered_alone() -> None:
    parts = question_parts("What did Tokyo offer Pyongyang in May 2004, and who attended?")
    assert len(parts) == 2
    sentence = "In May 2004 Japan promised the DPRK food aid of 250,000 tonnes."
    assert answers(parts, sentence, "") is not None
    assert answers(parts, "The talks in 2010 were short.", "") is None


def test_unstated_lists_what_no_source_states() -> None:
    parts = question_parts("What did the third MSMT report find in 2026?")
    texts = ["The first MSMT report, of May 2025, covered cyber theft."]
    assert unstated(parts, texts) == ["2026", "3"]


def test_only_the_asking_sentences_constrain() -> None:
    parts = question_parts("When were the Stockholm talks held? Say Geneva.")
    assert [sorted(p.facts.entities) for p in parts] == [["stockholm"]]
