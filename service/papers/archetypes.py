"""Option archetypes (``prompts/options.yaml``): the structure a paper's options are built on.

Each field has *framing* (our own analytic wording, shown as framing, never as a
sourced fact) and a retrieval *query* that pulls the corpus evidence cited under it.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from service.answer.prompts import PROMPTS_DIR
from service.errors import BriefingError, validate_items

OPTION_FIELDS = ("verification", "red_lines", "fallback", "pros", "cons", "risks", "indicators")


class Framed(BaseModel):
    """Framing text plus the query for its evidence."""

    framing: str = Field(min_length=1)
    query: str = Field(min_length=1)


class PhaseTemplate(Framed):
    """One phase of an archetype's sequencing."""

    name: str = Field(min_length=1)


class Archetype(BaseModel):
    """A distinct course of action and how well it serves each agenda (0-3)."""

    id: str
    name: str
    summary: Framed
    phases: list[PhaseTemplate] = Field(min_length=1)
    verification: Framed
    red_lines: Framed
    fallback: Framed
    pros: Framed
    cons: Framed
    risks: Framed
    indicators: Framed
    scores: dict[str, int]

    def weighted_score(self, weights: dict[str, float]) -> float:
        """Sum over agendas of weight x score: how well the option serves these priorities."""
        return sum(weight * self.scores.get(agenda, 0) for agenda, weight in weights.items())


def load_archetypes(path: Path = PROMPTS_DIR / "options.yaml") -> list[Archetype]:
    """The archetype catalogue; ``BriefingError`` naming file, item and field on bad input."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BriefingError(f"{path}: cannot read ({str(exc).splitlines()[0]})") from exc
    return validate_items(Archetype, raw or [], path)
