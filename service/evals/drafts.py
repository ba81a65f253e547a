"""Draft metrics: supported share of claims, citation coverage per section, and how
closely the evidence given to each agenda follows the weight the analyst set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from service.evals.answers import Support
from service.papers.paper import Paper, Prose
from service.text.evidence import Passage


@dataclass(frozen=True)
class DraftScores:
    """A paper's scores; ``None`` where a paper has nothing to measure."""

    claims: int
    supported_share: float | None
    coverage: dict[str, float] = field(default_factory=dict)
    evidence_share: dict[str, float] = field(default_factory=dict)
    weight_share: dict[str, float] = field(default_factory=dict)
    weight_adherence: float | None = None

    def as_json(self) -> dict[str, Any]:
        """Plain JSON for ``briefing eval draft --json``."""
        return dict(self.__dict__)


def paper_sections(paper: Paper) -> dict[str, list[Prose]]:
    """Every prose block of a paper under the name of its section."""
    sections: dict[str, list[Prose]] = {
        "bluf": [paper.bluf],
        "background": [paper.background],
        "core assessment": [paper.core_assessment],
    }
    for agenda in paper.agendas:
        sections[f"agenda {agenda.agenda_id}"] = [agenda.status, agenda.leverage, agenda.linkage]
    for option in paper.options:
        blocks = [option.summary, *(p.steps for p in option.sequencing)]
        blocks += [option.verification, option.red_lines, option.fallback, option.pros]
        blocks += [option.cons, option.risks, option.indicators]
        sections[f"option {option.name}"] = blocks
    sections["recommendation"] = [paper.recommendation]
    return sections


def citation_coverage(blocks: list[Prose]) -> float | None:
    """Share of a section's claims that carry at least one citation (None: no claims)."""
    claims = [s for block in blocks for s in block.claims]
    return sum(bool(s.citations) for s in claims) / len(claims) if claims else None


def weight_adherence(evidence: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    """1 minus the total variation distance between evidence shares and normalised weights.

    Both are normalised to sum to 1 over the agendas that have a weight; 1.0 means
    the evidence is spread exactly as weighted, 0.0 that it all went elsewhere.
    """
    total_weight = sum(weights.values())
    total_evidence = sum(evidence.get(a, 0.0) for a in weights)
    if not total_weight or not total_evidence:
        return None
    distance = sum(
        abs(evidence.get(a, 0.0) / total_evidence - w / total_weight) for a, w in weights.items()
    )
    return 1.0 - distance / 2


def score_paper(paper: Paper, chunks: Mapping[str, Passage], supports: Support) -> DraftScores:
    """Re-verify every claim against the chunks it cites, then compute every draft score."""
    by_n = {c.n: c for c in paper.citations}
    sections = paper_sections(paper)
    claims = [s for blocks in sections.values() for b in blocks for s in b.claims]
    supported = 0
    for claim in claims:
        cited = [chunks[by_n[n].chunk_id] for n in claim.citations if by_n[n].chunk_id in chunks]
        supported += bool(cited) and supports(claim.text, cited)
    coverage = {
        name: value
        for name, blocks in sections.items()
        if (value := citation_coverage(blocks)) is not None
    }
    evidence = {
        agenda.agenda_id: float(
            sum(bool(s.citations) for b in sections[f"agenda {agenda.agenda_id}"] for s in b.claims)
        )
        for agenda in paper.agendas
    }
    weights = {a.agenda_id: a.weight for a in paper.agendas}
    total = sum(evidence.values())
    return DraftScores(
        claims=len(claims),
        supported_share=supported / len(claims) if claims else None,
        coverage=coverage,
        evidence_share={a: v / total for a, v in evidence.items()} if total else {},
        weight_share={a: w / sum(weights.values()) for a, w in weights.items() if w},
        weight_adherence=weight_adherence(evidence, weights),
    )
