"""How each block of an options paper is written: a *recipe* per block path, run by a
section writer through the same retrieve -> compose -> cite -> verify path as Q&A
(``Answerer.respond``). Generation runs every recipe; regeneration runs one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from service.answer.answerer import Answerer, DoneEvent
from service.answer.cite import Citation
from service.answer.compose import number_passages
from service.answer.question import as_evidence_query
from service.answer.retrieve import search
from service.corpus.agendas import Agenda, AgendaCatalogue
from service.corpus.filters import SearchFilters
from service.papers.archetypes import OPTION_FIELDS, Archetype, Framed
from service.papers.model import DraftRequest, Prose, Sentence


@dataclass(frozen=True)
class Plan:
    """What a paper's blocks are written from: the request, resolved weights, the options."""

    request: DraftRequest
    weights: dict[str, float]
    chosen: list[Archetype]


@dataclass(frozen=True)
class Recipe:
    """How one block is written: a progress label and a writer call."""

    label: str
    write: Callable[[SectionWriter], Prose]


BACKGROUND = "how Japan-DPRK talks under the Stockholm Agreement broke down"


def agenda_recipes(agenda: Agenda, weight: float, request: DraftRequest) -> dict[str, Recipe]:
    label, path = f"agenda {agenda.id}", f"agendas.{agenda.id}"
    recipes = {
        f"{path}.status": Recipe(
            label, lambda w: w.prose("agenda", agenda.description, agenda, weight)
        )
    }
    # Light agendas get a status line only; leverage and linkage are for weighty ones.
    if weight >= (0.5 if request.length == "short" else 0.25):
        leverage = f"{agenda.name}: what Japan could offer or gain in talks"
        linkage = f"{agenda.name} and the abductions issue in the same negotiation"
        for field, query in (("leverage", leverage), ("linkage", linkage)):
            write = partial(SectionWriter.prose, kind="agenda", query=query, agenda=agenda,
                            weight=weight / 2)  # fmt: skip
            recipes[f"{path}.{field}"] = Recipe(label, write)
    return recipes


def option_recipes(path: str, archetype: Archetype, request: DraftRequest) -> dict[str, Recipe]:
    label = f"option {archetype.id}"
    recipes = {f"{path}.summary": Recipe(label, lambda w: w.framed(archetype.summary))}
    for j, phase in enumerate(archetype.phases):
        recipes[f"{path}.sequencing.{j}"] = Recipe(
            label, partial(SectionWriter.framed, framed=phase)
        )
    for field in OPTION_FIELDS:
        write = partial(SectionWriter.framed, framed=getattr(archetype, field))
        recipes[f"{path}.{field}"] = Recipe(label, write)
    if request.constraints.strip():
        constraint = Sentence(text=f"Analyst constraint: {request.constraints.strip()}",
                              kind="framing")  # fmt: skip
        red_lines = recipes[f"{path}.red_lines"].write
        recipes[f"{path}.red_lines"] = Recipe(
            label, lambda w: Prose(sentences=[constraint, *red_lines(w).sentences])
        )
    return recipes


class SectionWriter:
    """Retrieves, composes and verifies one block at a time; numbers citations per paper,
    continuing after the ones the paper already has."""

    def __init__(
        self, answerer: Answerer, request: DraftRequest, citations: list[Citation]
    ) -> None:
        self.answerer = answerer
        self.request = request
        self.citations = list(citations)
        self._by_chunk = {c.chunk_id: c.n for c in citations}

    def prose(
        self, kind: str, query: str, agenda: Agenda | None = None, weight: float = 0.5
    ) -> Prose:
        """Verified claims for ``query``; more passages and sentences for a heavier weight."""
        query = as_evidence_query(query)
        short = self.request.length == "short"
        k = 3 + round(6 * weight)
        limit = 1 + round((1 if short else 3) * weight)
        tags = tuple(agenda.tags) if agenda else ()
        filters = SearchFilters(tags=tags, reviewed_only=self.request.reviewed_only)
        full_query = f"{query} ({self.request.tasking})"[:3900]
        passages = number_passages(search(self.answerer.index, full_query, k, filters))
        composer = self.answerer.composer.with_prompt(f"draft_{kind}")
        answer = None
        # The section query (not the tasking) is what sentences must answer: a tasking's
        # own year ("in 2026") would otherwise rule out every passage.
        for event in self.answerer.respond(query, passages, composer):
            if isinstance(event, DoneEvent):
                answer = event.answer
        if answer is None:
            return Prose()
        sentences = []
        for checked in answer.sentences[:limit]:
            numbers = [self._number(answer.citations[n - 1]) for n in checked.citations]
            sentences.append(Sentence(text=checked.text, citations=numbers))
        return Prose(sentences=sentences)

    def framed(self, framed: Framed) -> Prose:
        """The archetype's framing sentence followed by the evidence its query finds."""
        evidence = self.prose("option", framed.query, weight=0.25)
        framing = Sentence(text=framed.framing, kind="framing")
        return Prose(sentences=[framing, *evidence.sentences])

    def _number(self, citation: Citation) -> int:
        """The paper's number for the answer's ``citation`` (a new one for a new passage)."""
        if citation.chunk_id not in self._by_chunk:
            n = max((c.n for c in self.citations), default=0) + 1
            self._by_chunk[citation.chunk_id] = n
            self.citations.append(citation.renumbered(n))
        return self._by_chunk[citation.chunk_id]


def recommendation(writer: SectionWriter, chosen: list[Archetype]) -> Prose:
    best = chosen[0]
    text = (
        f"Pursue {best.name}, which scores highest against the agenda weights set for this paper."
    )
    framing = [Sentence(text=text, kind="framing")]
    if len(chosen) > 1:
        fallback = f"Hold {chosen[1].name} ready as the fallback if the first course stalls."
        framing.append(Sentence(text=fallback, kind="framing"))
    evidence = writer.prose("recommendation", best.summary.query, weight=0.5)
    return Prose(sentences=[*framing, *evidence.sentences])


def bluf(writer: SectionWriter, plan: Plan, catalogue: AgendaCatalogue) -> Prose:
    best, weights = plan.chosen[0], plan.weights
    heaviest = sorted(catalogue.peripheral, key=lambda a: -weights[a.id])[:2]
    names = " and ".join(a.name for a in heaviest if weights[a.id] > 0)
    text = f"Recommended course: {best.name}, keeping the abductions issue as the core goal"
    text += f" and using {names} to widen the negotiating space." if names else "."
    focus = re.sub(r"\d+", " ", plan.request.tasking)
    evidence = writer.prose("bluf", focus, weight=0.5)
    return Prose(sentences=[Sentence(text=text, kind="framing"), *evidence.sentences])
