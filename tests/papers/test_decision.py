"""The decision a tasking poses: its type, deadline and alternatives named in the tasking's
own terms; the analyst's choices; the BLUF's lead and the frame a draft is weighed in."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.corpus.agendas import load_agendas
from service.errors import BriefingError, InvalidRequestError
from service.package_data import prompts_dir
from service.papers.archetypes import load_archetypes
from service.papers.choices import AgendaFrame, OptionChoice
from service.papers.decision import deadline, load_decisions, read_decision
from service.papers.edit_text import prose_to_text, text_to_sentences
from service.papers.frame import FrameFit, request_catalogue
from service.papers.paper import DraftRequest, Prose, Sentence, render_sentence
from service.papers.plan import make_plan, recommended_course
from service.papers.writer import resolve_weights

SUMMIT = (
    "Options for Tokyo if Pyongyang proposes a leaders' summit conditional on Japan dropping "
    "the abductions precondition, with a decision needed before the G7"
)
POSTURE = (
    "What posture should Japan adopt toward the DPRK after its next missile launch over "
    "Japan: tighten pressure, hold steady or keep a channel open, before the cabinet renews "
    "the unilateral measures in April?"
)
TRAVEL = (
    "Should Japan lift the travel ban before or after the DPRK reopens the abductions "
    "survey, with the special investigation committee's first report due in the autumn?"
)
TYPES, ARCHETYPES = load_decisions(), load_archetypes()


def _catalogue():  # type: ignore[no-untyped-def]
    return load_agendas(prompts_dir() / "agendas.yaml")


def test_a_proposal_is_answered_with_accept_counter_decline() -> None:
    decision = read_decision(SUMMIT, TYPES, ARCHETYPES)
    names = [o.name for o in decision.proposed]
    assert decision.kind == "respond" and decision.deadline == "before the G7"
    assert "Decline the leaders' summit" in names
    assert "Counter-propose Japan's own terms for the leaders' summit" in names
    assert all("summit" in n for n in names)


def test_a_tasking_that_lists_its_alternatives_names_them_itself() -> None:
    decision = read_decision(POSTURE, TYPES, ARCHETYPES)
    assert decision.kind == "posture"
    assert [o.name for o in decision.proposed] == [
        "Tighten pressure",
        "Hold steady",
        "Keep a channel open",
    ]
    assert decision.deadline == "before the cabinet renews the unilateral measures in April"


def test_before_or_after_is_a_sequence_of_the_taskings_own_act() -> None:
    decision = read_decision(TRAVEL, TYPES, ARCHETYPES)
    names = [o.name for o in decision.proposed]
    assert decision.kind == "sequence"
    assert names[:2] == [
        "Lift the travel ban before the DPRK reopens the abductions survey",
        "Lift the travel ban only after the DPRK reopens the abductions survey",
    ]
    assert "autumn" in decision.deadline


def test_an_open_tasking_keeps_the_archetypes() -> None:
    decision = read_decision("Options for re-engaging the DPRK on abductions", TYPES, ARCHETYPES)
    assert decision.kind == "" and decision.deadline == ""
    assert [o.basis for o in decision.proposed] == [a.id for a in ARCHETYPES]
    assert read_decision("Should Japan offer grave visits first?", TYPES, ARCHETYPES).kind == ""


def test_deadline_reads_due_dates_and_ignores_before_or_after() -> None:
    assert deadline("Support or oppose the draft, with the vote due in March 2027?") == (
        "before the vote in March 2027"
    )
    assert deadline("Lift it before or after the survey?") == ""


def test_the_plan_weighs_the_decisions_alternatives_and_leads_with_the_verb() -> None:
    request = DraftRequest(tasking=SUMMIT, weights={"abductions": 0.9, "nuclear-missile": 0.5})
    weights = resolve_weights(request, _catalogue())
    plan = make_plan(request, weights, ARCHETYPES, read_decision(SUMMIT, TYPES, ARCHETYPES))
    assert len(plan.chosen) == 3
    assert all("leaders' summit" in a.name for a in plan.chosen)
    scores = [a.weighted_score(plan.weights) for a in plan.chosen]
    assert scores == sorted(scores, reverse=True)
    assert recommended_course(plan) == f"{plan.chosen[0].name} before the G7"


def test_the_analysts_choices_replace_the_proposed_options() -> None:
    choices = [
        OptionChoice(name="Attend and raise the abductions anyway", basis="phased-package"),
        OptionChoice(name="Refuse the summit", basis="hold-and-pressure"),
    ]
    request = DraftRequest(tasking=SUMMIT, choices=choices)
    weights = resolve_weights(request, _catalogue())
    plan = make_plan(request, weights, ARCHETYPES, read_decision(SUMMIT, TYPES, ARCHETYPES))
    assert {a.name for a in plan.chosen} == {c.name for c in choices}
    unknown = [*choices[:1], OptionChoice(name="Wait", basis="no-such-archetype")]
    with pytest.raises(InvalidRequestError, match="basis 'no-such-archetype'"):
        make_plan(DraftRequest(tasking=SUMMIT, choices=unknown), weights, ARCHETYPES)


def test_choices_are_two_or_more_distinct_names() -> None:
    one = [OptionChoice(name="Accept", basis="phased-package")]
    with pytest.raises(ValueError, match="at least two"):
        DraftRequest(tasking=SUMMIT, choices=one)
    with pytest.raises(ValueError, match="must differ"):
        DraftRequest(tasking=SUMMIT, choices=one * 2)


def test_a_bad_pattern_in_the_decisions_file_names_file_and_item(tmp_path: Path) -> None:
    bad = tmp_path / "decisions.yaml"
    bad.write_text(
        "- id: broken\n  cues: ['(unclosed']\n  object: ['x']\n"
        "  alternatives:\n"
        "    - {id: a, verb: a, name: A, archetype: x, framing: f}\n"
        "    - {id: b, verb: b, name: B, archetype: x, framing: f}\n",
        encoding="utf-8",
    )
    with pytest.raises(BriefingError, match=r"decisions.yaml: item 1: bad pattern"):
        load_decisions(bad)


def test_a_lead_renders_before_its_claim_and_survives_an_edit() -> None:
    claim = Sentence(text="The DPRK rejected the survey.", citations=[2], lead="Decline it:")
    assert render_sentence(claim) == "Decline it: The DPRK rejected the survey [2]."
    back = text_to_sentences(prose_to_text(Prose(sentences=[claim])))
    assert back == [claim.model_copy(update={"supported": True})]


def test_an_analysts_frame_replaces_the_catalogue_for_one_draft() -> None:
    frame = AgendaFrame(core="Sugar levy", peripheral=["Dental health", "Retail jobs"])
    catalogue = request_catalogue(frame, _catalogue())
    assert catalogue.core.id == "sugar-levy" and catalogue.core.tags == []
    assert [a.id for a in catalogue.peripheral] == ["dental-health", "retail-jobs"]
    assert request_catalogue(None, _catalogue()).core.id == "abductions"
    with pytest.raises(ValueError, match="with a letter"):
        AgendaFrame(core="  ")


def test_a_silent_core_says_the_paper_does_not_fit() -> None:
    catalogue = _catalogue()
    fit = FrameFit(catalogue.core, [catalogue.core, catalogue.peripheral[0]], 4, "model")
    assert "does not fit its frame" in fit.note and "1 of 3 peripheral" in fit.note
    partial = FrameFit(catalogue.core, [catalogue.peripheral[0]], 4, "model")
    assert partial.note.startswith("The corpus does not speak to Repatriated")
    assert FrameFit(catalogue.core, [], 4, "rules").note == ""
