"""The analyst's weights in the recommendation: ties called ties, and the sensitivity line
(the one weight change that hands the lead to another option)."""

from __future__ import annotations

from service.papers.archetypes import Archetype, load_archetypes
from service.papers.paper import DraftRequest
from service.papers.plan import Plan, make_plan, reasoning_sentence
from service.papers.sensitivity import nearest_crossing, sensitivity_sentence
from service.papers.tasking import parse_tasking

SUMMIT = (
    "Options for Tokyo if Pyongyang proposes a leaders' summit conditional on Japan dropping "
    "the abductions precondition, with a decision needed before the G7"
)
DEFAULTS = {"abductions": 0.6, "repatriates-and-spouses": 0.3, "remains-and-graves": 0.3,
            "left-behind-japanese": 0.2, "missing-persons": 0.3, "korean-residents-status": 0.1,
            "humanitarian-aid": 0.2, "sanctions-relief": 0.3, "nuclear-missile": 0.2,
            "colonial-settlement": 0.2}  # fmt: skip


def _plan(chosen: list[Archetype], weights: dict[str, float]) -> Plan:
    request = DraftRequest(tasking="How should Japan proceed?")
    return Plan(request, parse_tasking(request.tasking), weights, chosen)


def _archetype(template: Archetype, name: str, scores: dict[str, int]) -> Archetype:
    return template.model_copy(update={"id": name.lower(), "name": name, "scores": scores})


def test_summit_weights_change_the_options_ranking() -> None:
    archetypes = load_archetypes()
    heavy = make_plan(DraftRequest(tasking=SUMMIT), {**DEFAULTS, "abductions": 0.9,
                      "nuclear-missile": 0.5}, archetypes)  # fmt: skip
    light = make_plan(DraftRequest(tasking=SUMMIT), {**DEFAULTS, "abductions": 0.1,
                      "nuclear-missile": 0.5}, archetypes)  # fmt: skip
    assert heavy.weights["abductions"] == 0.9 and light.weights["abductions"] == 0.1
    assert [a.id for a in heavy.chosen] != [a.id for a in light.chosen]


def test_crossing_is_where_the_lead_changes() -> None:
    template = load_archetypes()[0]
    a = _archetype(template, "Alpha", {"abductions": 3, "aid": 0})
    b = _archetype(template, "Beta", {"abductions": 1, "aid": 3})
    # Alpha 3*0.6 = 1.8, Beta 0.6 + 3*0.3 = 1.5: Alpha leads by 0.3; each unit of abductions
    # weight is worth 2 more to Alpha, each unit of aid 3 more to Beta.
    plan = _plan([a, b], {"abductions": 0.6, "aid": 0.3})
    crossing = nearest_crossing(plan)
    assert crossing is not None and crossing.option == "Beta"
    assert (crossing.agenda, crossing.direction) == ("aid", "above")
    assert abs(crossing.threshold - 0.4) < 1e-9  # aid 0.4: 1.8 vs 0.6 + 1.2 = 1.8, a tie
    line = sensitivity_sentence(plan, {"aid": "Humanitarian aid"})
    assert line == (
        "Sensitivity: the recommendation changes to Beta if the weight of Humanitarian aid "
        "rises above 0.40 (given 0.30)."
    )
    # Past the threshold the lead has changed, as the line says.
    moved = make_plan(plan.request, {"abductions": 0.6, "aid": 0.45}, [a, b])
    assert moved.chosen[0].name == "Beta"


def test_no_single_weight_changes_a_dominant_option() -> None:
    template = load_archetypes()[0]
    a = _archetype(template, "Alpha", {"abductions": 3, "aid": 3})
    b = _archetype(template, "Beta", {"abductions": 1, "aid": 1})
    plan = _plan([a, b], {"abductions": 0.6, "aid": 0.3})
    assert nearest_crossing(plan) is None
    assert sensitivity_sentence(plan).startswith("No single agenda weight, moved anywhere")


def test_a_tie_is_called_a_tie() -> None:
    template = load_archetypes()[0]
    a = _archetype(template, "Alpha", {"abductions": 2, "aid": 0})
    b = _archetype(template, "Beta", {"abductions": 0, "aid": 2})
    plan = _plan([a, b], {"abductions": 0.5, "aid": 0.5})
    text = reasoning_sentence(plan)
    assert text.startswith("Alpha ties with Beta at 1.00") and "ahead of" not in text
    assert "knife edge" in sensitivity_sentence(plan)


def test_every_shipped_plan_has_a_true_sensitivity_line() -> None:
    """On the shipped catalogue, moving the named weight just past the stated threshold
    does change the recommendation (the line is not decoration)."""
    archetypes = load_archetypes()
    for abductions in (0.1, 0.5, 0.9):
        weights = {**DEFAULTS, "abductions": abductions, "nuclear-missile": 0.5}
        plan = make_plan(DraftRequest(tasking=SUMMIT, options=3), weights, archetypes)
        crossing = nearest_crossing(plan)
        if crossing is None:
            continue
        step = 0.01 if crossing.direction == "above" else -0.01
        moved = {**weights, crossing.agenda: crossing.threshold + step}
        again = make_plan(plan.request, moved, plan.chosen)
        assert again.chosen[0].name == crossing.option, (abductions, crossing)
