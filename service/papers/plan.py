"""A paper's plan: the request, the parsed tasking, the weights it is written under and
the options it weighs. The weights are the analyst's, exactly as given: an agenda the
tasking names is only *suggested* a weight of at least ``NAMED_AGENDA_WEIGHT`` (shown in
the draft form, ``weight_suggestions``), never raised behind the analyst's back. A named
option (or the option built around a named third party, "Seoul" for the Seoul-parallel
window) is always among the options.

The BLUF and the recommendation open with ``answer_sentence``: the tasking's question
answered in one sentence, before the weighted reasoning (``reasoning_sentence``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from service.corpus.agendas import Agenda, AgendaCatalogue
from service.papers.archetypes import Archetype
from service.papers.decision import Decision, as_archetype
from service.papers.paper import DraftRequest
from service.papers.tasking import Tasking, parse_tasking

# What the form suggests for an agenda the tasking names: a mid weight, at which it gets a
# section with status, leverage and linkage. A suggestion only; the analyst decides.
NAMED_AGENDA_WEIGHT = 0.5
# Weighted scores closer than this are a tie: the scores are shown to two decimals.
TIE = 0.005


@dataclass(frozen=True)
class Plan:
    """What a paper's blocks are written from."""

    request: DraftRequest
    tasking: Tasking
    weights: dict[str, float]
    chosen: list[Archetype]
    decision: Decision = field(default_factory=lambda: Decision("", "", []))


Rescore = Callable[[list[Archetype]], list[Archetype]]
"""Gives options their scores on agendas the catalogue does not score (an analyst's frame)."""


def make_plan(
    request: DraftRequest,
    weights: dict[str, float],
    archetypes: list[Archetype],
    decision: Decision | None = None,
    rescore: Rescore | None = None,
) -> Plan:
    """The plan for ``request`` under resolved catalogue ``weights``: the options the analyst
    settled (``request.choices``), else the alternatives of the tasking's ``decision``, else
    (an open tasking) the archetypes; each scored by ``rescore`` (if given) before they are
    ranked."""
    tasking = parse_tasking(request.tasking)
    given = dict(weights)
    decision = decision or Decision("", "", [])
    scored = rescore or (lambda options: options)
    if request.choices:
        chosen = _ranked(scored([as_archetype(c, archetypes) for c in request.choices]), given)
    elif decision.kind:
        proposed = scored([as_archetype(p, archetypes) for p in decision.proposed])
        chosen = _ranked(proposed, given)[: request.options]
    else:
        chosen = choose_options(scored(archetypes), given, tasking, request.options)
    return Plan(request, tasking, given, chosen, decision)


def weighted_agendas(plan: Plan, catalogue: AgendaCatalogue) -> list[Agenda]:
    """The peripheral agendas the plan gives weight, heaviest first: a section each."""
    ordered = sorted(catalogue.peripheral, key=lambda a: -plan.weights[a.id])
    return [a for a in ordered if plan.weights[a.id] > 0]


def weight_suggestions(tasking: str, weights: dict[str, float]) -> dict[str, float]:
    """Agenda id -> suggested weight for each agenda ``tasking`` names that ``weights`` puts
    below ``NAMED_AGENDA_WEIGHT``: shown in the draft form for the analyst to take or leave."""
    named = parse_tasking(tasking).agendas
    return {
        a: NAMED_AGENDA_WEIGHT for a in named if weights.get(a, 0.0) < NAMED_AGENDA_WEIGHT - TIE
    }


def plan_with_options(
    request: DraftRequest,
    weights: dict[str, float],
    chosen: list[Archetype],
    decision: Decision | None = None,
) -> Plan:
    """The plan of an existing paper whose options are already fixed."""
    plan = make_plan(request.model_copy(update={"choices": []}), weights, chosen)
    return Plan(request, plan.tasking, plan.weights, chosen, decision or plan.decision)


def _ranked(options: list[Archetype], weights: dict[str, float]) -> list[Archetype]:
    """Best weighted score first (a stable sort: the decision's own order breaks ties)."""
    return sorted(options, key=lambda a: -a.weighted_score(weights))


def choose_options(
    archetypes: list[Archetype], weights: dict[str, float], tasking: Tasking, n: int
) -> list[Archetype]:
    """The ``n`` options to weigh: the ones the tasking names, then the best by weighted
    score; ordered by weighted score so the first is the recommendation."""
    ranked = sorted(archetypes, key=lambda a: -a.weighted_score(weights))
    named = [a for a in ranked if a.id in tasking.archetypes][:n]
    rest = [a for a in ranked if a not in named][: n - len(named)]
    return sorted(named + rest, key=lambda a: -a.weighted_score(weights))


def recommended_course(plan: Plan) -> str:
    """The recommended option in the decision's own verb, with the forcing event the tasking
    gives: "Decline the leaders' summit before the G7" (an open tasking: the answer to its
    question, ``answer_sentence``, without its stop)."""
    when = plan.decision.deadline
    if plan.decision.kind or plan.request.choices:
        course = plan.chosen[0].name
    else:
        course = _open_answer(plan).rstrip(".")
    return f"{course} {when}" if when else course


def answer_sentence(plan: Plan) -> str:
    """The tasking's question answered in one sentence, naming the recommended option."""
    if plan.decision.kind or plan.request.choices:
        return f"Recommendation: {recommended_course(plan)}."
    return _open_answer(plan)


def _open_answer(plan: Plan) -> str:
    best, tasking = plan.chosen[0], plan.tasking
    named = [a for a in plan.chosen if a.id in tasking.archetypes]
    who = tasking.subject or "Japan"
    if tasking.yes_no and tasking.decision:
        if named and best not in named:
            return (
                f"No: {who} should lead with {best.name} rather than {tasking.decision}, "
                f"which is the course of {named[0].name}, weighed below as an alternative."
            )
        return f"Yes: {who} should {tasking.decision}, as part of {best.name}."
    if tasking.decision:
        return f"{who} should {tasking.decision} through {best.name}."
    return f"The recommended course is {best.name}."


def reasoning_sentence(plan: Plan) -> str:
    """Why the recommended option leads: its weighted score, the runner-up's, and the
    agendas that carry the difference."""
    best = plan.chosen[0]
    score = best.weighted_score(plan.weights)
    carried = sorted(plan.weights, key=lambda a: -plan.weights[a] * best.scores.get(a, 0))[:2]
    names = " and ".join(carried)
    tied = [a for a in plan.chosen[1:] if score - a.weighted_score(plan.weights) < TIE]
    if tied:
        others = " and ".join(a.name for a in tied)
        return (
            f"{best.name} ties with {others} at {score:.2f} against the agenda weights: the "
            f"weights do not choose between them, so the evidence below has to."
        )
    text = f"{best.name} scores {score:.2f} against the agenda weights, carried most by {names}"
    if len(plan.chosen) > 1:
        second = plan.chosen[1]
        text += f", ahead of {second.name} at {second.weighted_score(plan.weights):.2f}"
    return text + "."
