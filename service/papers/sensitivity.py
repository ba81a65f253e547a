"""How firm a recommendation is: the nearest single weight change that hands the lead to
another of the options weighed.

Each option's weighted score is linear in every weight, so for the recommended option
``best`` and a rival ``other`` the gap ``D = S_best - S_other`` changes by
``(w' - w) * (score_best - score_other)`` when one agenda's weight moves from ``w`` to
``w'``. The lead changes where the gap reaches zero; of every agenda and rival, the
crossing closest to the weight the analyst gave (and inside 0..1) is the sensitivity line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from service.papers.plan import TIE, Plan


@dataclass(frozen=True)
class Crossing:
    """At ``threshold`` of ``agenda``'s weight (given: ``given``) ``option`` ties with the
    recommendation; past it (``direction``) ``option`` leads."""

    agenda: str
    given: float
    threshold: float
    direction: Literal["below", "above"]
    option: str


def nearest_crossing(plan: Plan) -> Crossing | None:
    """The single weight change closest to the given weights that changes the recommended
    option; None when no one weight anywhere in 0..1 changes it (or there is one option)."""
    best, found = plan.chosen[0], []
    lead = best.weighted_score(plan.weights)
    for other in plan.chosen[1:]:
        gap = lead - other.weighted_score(plan.weights)
        for agenda, given in plan.weights.items():
            slope = best.scores.get(agenda, 0) - other.scores.get(agenda, 0)
            if slope == 0:
                continue
            threshold = given - gap / slope
            # Reachable only inside the 0..1 scale: below a positive threshold, or above
            # one under 1 (the threshold itself is a tie, not yet a change).
            if slope > 0 and threshold > 0:
                found.append(Crossing(agenda, given, threshold, "below", other.name))
            elif slope < 0 and threshold < 1:
                found.append(Crossing(agenda, given, threshold, "above", other.name))
    return min(found, key=lambda c: (abs(c.threshold - c.given), c.agenda), default=None)


def sensitivity_sentence(plan: Plan, names: dict[str, str] | None = None) -> str:
    """One line: at which weight of which agenda the recommended option changes, or that no
    single weight changes it. ``names`` maps agenda ids to the names shown."""
    if len(plan.chosen) < 2:
        return ""
    best = plan.chosen[0]
    crossing = nearest_crossing(plan)
    if crossing is None:
        return (
            f"No single agenda weight, moved anywhere between 0 and 1, changes the "
            f"recommendation from {best.name}."
        )
    agenda = (names or {}).get(crossing.agenda, crossing.agenda)
    if abs(crossing.threshold - crossing.given) < TIE:
        return (
            f"The recommendation is on a knife edge: {crossing.option} leads if the weight of "
            f"{agenda} moves {crossing.direction} {crossing.given:.2f}, as given."
        )
    verb = "falls below" if crossing.direction == "below" else "rises above"
    return (
        f"Sensitivity: the recommendation changes to {crossing.option} if the weight of "
        f"{agenda} {verb} {crossing.threshold:.2f} (given {crossing.given:.2f})."
    )
