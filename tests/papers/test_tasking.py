"""Tasking parsing, planning and date normalisation: what a tasking asks, and how it
steers the options and the first sentence of the BLUF and the recommendation."""

from __future__ import annotations

import pytest

from service.papers.archetypes import load_archetypes
from service.papers.dates import iso_dates
from service.papers.paper import DraftRequest
from service.papers.plan import (
    NAMED_AGENDA_WEIGHT,
    answer_sentence,
    make_plan,
    weight_suggestions,
)
from service.papers.tasking import parse_tasking

SEOUL = "How should Japan re-engage North Korea after the 2025 change of government in Seoul?"
GRAVES = "Should Japan offer grave visits first?"
SPOUSES = "How should Japan handle the repatriated Zainichi Koreans and Japanese spouses in talks?"
DEFAULTS = {"abductions": 0.6, "repatriates-and-spouses": 0.3, "remains-and-graves": 0.3,
            "left-behind-japanese": 0.2, "missing-persons": 0.3, "korean-residents-status": 0.1,
            "humanitarian-aid": 0.2, "sanctions-relief": 0.3, "nuclear-missile": 0.2,
            "colonial-settlement": 0.2}  # fmt: skip


def test_parse_names_actors_time_frame_and_decision() -> None:
    seoul = parse_tasking(SEOUL)
    assert seoul.third_parties == ("South Korea",)
    assert seoul.time_frame == "2025" and not seoul.yes_no
    assert seoul.decision == "re-engage North Korea after the 2025 change of government in Seoul"
    assert seoul.archetypes == ("seoul-parallel",)
    assert "2025" not in seoul.focus and "Seoul" in seoul.focus


def test_parse_names_agendas_and_options() -> None:
    graves = parse_tasking(GRAVES)
    assert graves.yes_no and graves.decision == "offer grave visits first"
    assert graves.agendas == ("remains-and-graves",)
    assert graves.archetypes == ("humanitarian-first",)
    assert parse_tasking(SPOUSES).agendas == ("repatriates-and-spouses",)
    vague = parse_tasking("Options for the next six months, please.")
    assert (vague.decision, vague.agendas, vague.archetypes) == ("", (), ())


def test_mentions_counts_the_taskings_own_cues() -> None:
    seoul = parse_tasking(SEOUL)
    assert seoul.mentions("Seoul's 2025 turn toward engagement") == 2
    assert seoul.mentions("Japan lifted the re-entry ban in 2014.") == 0


def test_time_frame_prefers_evidence_from_it() -> None:
    seoul = parse_tasking(SEOUL)
    assert seoul.open_ended and seoul.event == "the 2025 change of government in Seoul"
    assert seoul.event_query == "South Korea in 2025: the 2025 change of government in Seoul"
    # "after 2025": a later year is inside the frame, an earlier one is history.
    assert seoul.in_frame("Lee Jae-myung took office on 4 June 2025.") == 2
    assert seoul.in_frame("Talks resumed in March 2026.") == 2
    assert seoul.in_frame("Japan's official position in August 1959 was ...") == -1
    # A sentence that states no year counts by its document's date.
    assert seoul.in_frame("Seoul's step is a pause.", "2025-08-04") == 1
    assert seoul.in_frame("Seoul's step is a pause.", "2019-01-01") == 0
    closed = parse_tasking("What did Japan offer Pyongyang in 2014?")
    assert not closed.open_ended and closed.in_frame("In 2016 the DPRK dissolved it.") == 0
    assert parse_tasking(GRAVES).in_frame("In 1959 ...") == 0 and not parse_tasking(GRAVES).event


@pytest.mark.parametrize("tasking", [SEOUL, GRAVES])
def test_named_option_is_in_the_paper_whatever_the_weights(tasking: str) -> None:
    # Weights that favour the abductions-first and hold-and-pressure archetypes.
    weights = {**DEFAULTS, "abductions": 1.0, "nuclear-missile": 1.0, "sanctions-relief": 1.0}
    plan = make_plan(DraftRequest(tasking=tasking, options=2), weights, load_archetypes())
    named = parse_tasking(tasking).archetypes[0]
    assert named in [a.id for a in plan.chosen]
    # The weights still rank the options: the first is the recommendation.
    scores = [a.weighted_score(plan.weights) for a in plan.chosen]
    assert scores == sorted(scores, reverse=True)


def test_named_agenda_keeps_the_analysts_weight() -> None:
    weights = {**DEFAULTS, "remains-and-graves": 0.0, "abductions": 0.1}
    tasking = "Should Japan offer grave visits first, keeping abductions at the core?"
    plan = make_plan(DraftRequest(tasking=tasking), weights, load_archetypes())
    assert plan.weights == weights  # no floor: what the analyst set is what the paper uses


def test_named_agenda_below_the_suggestion_is_only_suggested() -> None:
    tasking = "Should Japan offer grave visits first, keeping abductions at the core?"
    weights = {**DEFAULTS, "remains-and-graves": 0.1, "abductions": 0.9}
    assert weight_suggestions(tasking, weights) == {"remains-and-graves": NAMED_AGENDA_WEIGHT}
    assert weight_suggestions(tasking, {**weights, "remains-and-graves": 0.5}) == {}
    assert weight_suggestions(SEOUL, DEFAULTS) == {}  # names no agenda


def test_answer_sentence_answers_the_question_first() -> None:
    archetypes = load_archetypes()
    seoul = make_plan(DraftRequest(tasking=SEOUL), DEFAULTS, archetypes)
    assert answer_sentence(seoul).startswith(
        f"Japan should re-engage North Korea after the 2025 change of government in Seoul "
        f"through {seoul.chosen[0].name}"
    )
    graves = make_plan(DraftRequest(tasking=GRAVES), DEFAULTS, archetypes)
    first = answer_sentence(graves)
    if graves.chosen[0].id == "humanitarian-first":
        assert first.startswith("Yes: Japan should offer grave visits first")
    else:
        assert first.startswith(f"No: Japan should lead with {graves.chosen[0].name}")
        assert "Humanitarian-first" in first
    heavy = {**DEFAULTS, "remains-and-graves": 1.0, "repatriates-and-spouses": 1.0}
    yes = make_plan(DraftRequest(tasking=GRAVES), heavy, archetypes)
    assert yes.chosen[0].id == "humanitarian-first"
    assert answer_sentence(yes).startswith("Yes: Japan should offer grave visits first")


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        ("The agreement was signed on 13 August 1959.", [("1959-08-13", True)]),
        ("Talks were held on 11–13 August 2008 in Shenyang.", [("2008-08-11", False)]),
        ("Lee took office on June 4, 2025.", [("2025-06-04", True)]),
        ("Grave visits began in August 2012.", [("2012-08", False)]),
        ("In 2002 the summit took place.", [("2002", False)]),
        ("The committee had four subcommittees.", []),
        (
            "An AP dispatch of 14 August 1959 reports a signing on 13 August 1959.",
            [("1959-08-14", True), ("1959-08-13", True)],
        ),
    ],
)
def test_iso_dates(sentence: str, dates: list[tuple[str, bool]]) -> None:
    assert iso_dates(sentence) == dates
