"""A question's constraints: what it states must be stated by the answering sentence."""

from __future__ import annotations

from service.answer.question import answers, parse_question, question_parts, unmet, unstated
from service.answer.question_words import DATA_PATH
from service.answer.selection import unanswered_parts
from service.package_data import word_tables

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


def test_years_days_and_labels_do_not_answer_how_many() -> None:
    asked = parse_question("What price did the Chongryon building fetch at the auction?")
    dates = "At the talks of 26–28 May 2014 the DPRK raised the auction of the Chongryon building."
    assert unmet(asked, dates, "") == ["a quantity"]
    assert unmet(asked, "In point 5 the Chongryon building auction was discussed.", "") == [
        "a quantity"
    ]
    assert unmet(asked, "The Chongryon building fetched 2.2 billion yen at auction.", "") == []


def test_how_far_along_asks_for_progress_not_a_number() -> None:
    assert parse_question("How far along was the survey in September 2014?").answer_type == "other"
    assert parse_question("How far did the missile fly?").answer_type == "quantity"


def test_a_negated_question_needs_a_negated_sentence() -> None:
    asked = parse_question("What lake no longer has any silt?")
    assert unmet(asked, "The input of sediment into the lake will silt up the lake.", "") == [
        "a negation"
    ]
    assert unmet(asked, "Lake Constance no longer has any silt at its mouth.", "") == []


def test_qualifiers_must_be_stated() -> None:
    asked = parse_question("What changed the Delta in the first half of the century?")
    second = "The Delta Works changed the Delta in the second half of the century."
    assert unmet(asked, second, "") == ["first"]
    assert unstated([asked], [second]) == ["first"]
    assert unmet(asked, second.replace("second", "first"), "") == []
    # "last" as a verb is no qualifier.
    assert (
        parse_question("How long did the Ice Ages last?").part == "How long did the Ice Ages last?"
    )
    assert (
        unmet(
            parse_question("How long did the Ice Ages last?"),
            "The Ice Ages lasted 2.5 million years.",
            "",
        )
        == []
    )


def test_the_answer_is_new_to_the_whole_question() -> None:
    parts = question_parts(
        "Which four ministers sat on the National Security Council on 10 February 2016, "
        "and who proposed the measures?"
    )
    sentence = "The National Security Council, meeting as four ministers, decided measures."
    assert "a person" in unmet(parts[1], sentence, "")
    meeting = "National Security Council, 10 February 2016"
    assert unmet(parts[1], "Minister Taro Kono proposed the measures.", meeting) == []


def test_asking_words_do_not_count_as_content() -> None:
    parts = question_parts(
        "What causes of death did the DPRK give, and what did it say about their graves?"
    )
    assert parts[1].words == frozenset({"grave"})


def test_question_words_ask_only_where_they_ask() -> None:
    eased = "What happened to the rules when Tokyo eased its measures in mid-2014?"
    assert parse_question(eased).answer_type == "other"
    assert parse_question("What did Japanese who stayed in the north say?").answer_type == "other"
    assert (
        parse_question("To whom did Kim Jong Il attribute the incursions?").answer_type == "person"
    )
    did = parse_question("Did Pyongyang ever tell the public what it found?")
    assert "did" not in did.facts.entities


def test_a_capital_in_a_name_is_met_by_itself() -> None:
    asked = parse_question("How much did the Tokyo District Court order the DPRK to pay?")
    sentence = "The Tokyo District Court ordered the DPRK to pay ¥22 million to each plaintiff."
    assert unmet(asked, sentence, "") == []


def test_an_elliptical_part_asks_about_the_part_before() -> None:
    parts = question_parts(
        "In which city did Megumi Yokota's parents meet their granddaughter, and when?"
    )
    assert parts[1].answer_type == "date"
    assert parts[1].words == parts[0].words
    assert answers(parts, "The DPRK reported a death in March 1993.", "") is None


def test_a_count_is_stated_with_what_it_counts() -> None:
    asked = parse_question("About how many members did the Special Investigation Committee have?")
    context = "Special Investigation Committee"
    assert unmet(asked, "It had four subcommittees.", context) == ["what is counted"]
    assert unmet(asked, "It had about 30 members.", context) == []


def test_a_part_that_names_nothing_takes_the_names_before_it() -> None:
    parts = question_parts(
        "When did Japan add Kyoko Matsumoto to its list, and who was heading the association?"
    )
    assert "matsumoto" in parts[1].facts.entities
    assert "a person" not in unmet(parts[1], "Shigeo Iizuka was heading the association.", "")
    assert "matsumoto" in unmet(parts[1], "Shigeo Iizuka was heading the association.", "")


def test_a_near_miss_says_what_the_closest_sentence_lacks() -> None:
    parts = question_parts("About how many members did the Special Investigation Committee have?")
    texts = ["Special Investigation Committee\nThe committee had four subcommittees."]
    assert unstated(parts, texts) == ["what is counted"]
    assert unstated(parts, ["Special Investigation Committee\nIt had about 30 members."]) == []


def test_a_qualifier_is_met_by_its_synonym() -> None:
    asked = parse_question("What is the largest city on the Rhine?")
    assert unmet(asked, "The biggest city on the river Rhine is Cologne, Germany.", "") == []
    assert unmet(asked, "The oldest city on the river Rhine is Cologne, Germany.", "") == [
        "largest"
    ]


def test_a_bare_question_word_asks_about_what_the_next_part_names() -> None:
    parts = question_parts("When and where was the 12th round of normalisation talks held?")
    assert [p.answer_type for p in parts] == ["date", "place"]
    assert all("12" in p.facts.numbers for p in parts)
    stockholm = "Japan and the DPRK held talks in Stockholm, Sweden, on 26–28 May 2014."
    assert answers(parts, stockholm, "") is None
    kuala_lumpur = "The 12th round of normalisation talks was held in Kuala Lumpur in October 2002."
    assert answers(parts, kuala_lumpur, "") is not None


def test_a_numbered_label_is_no_date() -> None:
    asked = parse_question("On what dates were the Stockholm talks held?")
    label = "Point 7 of the Stockholm Agreement fixed no amount for the talks held later."
    assert unmet(asked, label, "") == ["a date"]
    assert unmet(asked, "The Stockholm talks were held on 26–28 May 2014.", "") == []
    augustus = parse_question("When did Augustus die?")
    assert unmet(augustus, "From the death of Augustus in AD 14, Rome kept the Rhine.", "") == []


def test_a_sentence_with_its_own_date_is_about_another_event() -> None:
    asked = parse_question("What did Kim Yo Jong say in February 2024 about a visit?")
    context = "In February 2024 Kim Yo Jong said a visit could be possible."
    march = "On 26 March 2024 Kim Yo Jong said the DPRK would reject any visit."
    assert unmet(asked, march, context) == ["2"]
    undated = "She said a visit by the prime minister could be possible."
    assert unmet(asked, undated, context) == []


def test_an_opposite_word_is_a_near_miss() -> None:
    asked = parse_question("What can weak tidal currents do?")
    strong = "Strong tidal currents could tear huge areas of land into the sea."
    assert unmet(asked, strong, "") == ['"weak" where the text says "strong"']
    assert unmet(asked, strong.replace("Strong", "Weak"), "") == []
    south = parse_question("Where does the Rhine make a distinctive turn to the south?")
    north = "The river makes a distinctive turn to the north near Chur."
    assert unmet(south, north, "Rhine") == ['"south" where the text says "north"']


def test_a_span_states_its_start_and_its_end() -> None:
    asked = parse_question("When did the last glacial start?")
    span = "The last glacial ran from ~74,000 BP until the end of the Pleistocene (~11,600 BP)."
    assert unmet(asked, span, "") == []
    ended = parse_question("When did the Holocene end?")
    assert unmet(ended, "The Holocene began about 11,700 years ago.", "") == [
        '"ended" where the text says "began"'
    ]


def test_the_question_words_are_read_from_their_data_file() -> None:
    tables = word_tables(DATA_PATH)
    for word in tables["question_words"]:
        asked = parse_question(f"{word.title()} Tokyo say anything in 2002?")
        assert word not in asked.facts.entities, word
    for word in tables["part_openers"]:
        question = f"{word.title()} did the talks end, and who said so?"
        first = unanswered_parts(question_parts(question), [])[0]
        assert first.startswith(f"{word} did"), word
