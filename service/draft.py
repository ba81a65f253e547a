"""Draft: an options paper, section by section, through the same retrieve -> compose ->
cite -> verify path as Q&A (``Answerer.respond``).

Weights shape the paper: agendas are ordered by weight and a heavier agenda gets
more passages and more sentences; options are the archetypes that score best
against the weights; the comparison table and the recommendation follow from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from service.agendas import Agenda, AgendaCatalogue
from service.answer import Answerer, DoneEvent
from service.archetypes import OPTION_FIELDS, Archetype, Framed
from service.compose import number_passages
from service.errors import InvalidRequestError
from service.filters import SearchFilters
from service.paper import (
    AgendaSection,
    ComparisonRow,
    DraftRequest,
    EvidenceRow,
    Option,
    Paper,
    PaperCitation,
    Phase,
    Prose,
    Sentence,
)
from service.retrieve import search

Progress = Callable[[str], None]
"""Called with the name of each section as it starts."""


def resolve_weights(request: DraftRequest, catalogue: AgendaCatalogue) -> dict[str, float]:
    """Catalogue defaults overridden by the request; unknown agenda ids are refused."""
    unknown = sorted(set(request.weights) - {a.id for a in catalogue.items})
    if unknown:
        known = ", ".join(a.id for a in catalogue.items)
        raise InvalidRequestError(
            f"weights: unknown agenda id(s) {', '.join(unknown)} (known: {known})"
        )
    return {a.id: request.weights.get(a.id, a.default_weight) for a in catalogue.items}


class Drafter:
    """Writes options papers with one answerer (one backend, one verifier)."""

    def __init__(
        self, answerer: Answerer, catalogue: AgendaCatalogue, archetypes: list[Archetype]
    ) -> None:
        self.answerer = answerer
        self.catalogue = catalogue
        self.archetypes = archetypes

    def draft(self, request: DraftRequest, progress: Progress | None = None) -> Paper:
        """A complete paper for ``request``."""
        weights = resolve_weights(request, self.catalogue)
        writer = _SectionWriter(self.answerer, request, progress or (lambda _name: None))
        chosen = sorted(self.archetypes, key=lambda a: -a.weighted_score(weights))
        chosen = chosen[: request.options]
        paper = Paper(title=f"Options paper: {request.tasking[:120]}", request=request)
        background = "how Japan-DPRK talks under the Stockholm Agreement broke down"
        paper.background = writer.prose("background", "background", background)
        core = self.catalogue.core
        paper.core_assessment = writer.prose("core assessment", "core", core.description, core, 1.0)
        paper.agendas = [
            self._agenda(writer, agenda, weights[agenda.id])
            for agenda in sorted(self.catalogue.peripheral, key=lambda a: -weights[a.id])
            if weights[agenda.id] > 0
        ]
        paper.options = [self._option(writer, archetype, request) for archetype in chosen]
        paper.comparison = _comparison(chosen, weights)
        paper.recommendation = _recommendation(writer, chosen)
        paper.bluf = _bluf(writer, request, chosen[0], weights, self.catalogue)
        paper.citations = writer.citations
        paper.evidence = _evidence(paper)
        paper.backend = self.answerer.composer.name
        return paper

    def _agenda(self, writer: _SectionWriter, agenda: Agenda, weight: float) -> AgendaSection:
        section = AgendaSection(agenda_id=agenda.id, name=agenda.name, weight=weight)
        name = f"agenda {agenda.id}"
        section.status = writer.prose(name, "agenda", agenda.description, agenda, weight)
        # Light agendas get a status line only; leverage and linkage are for weighty ones.
        if weight >= (0.5 if writer.request.length == "short" else 0.25):
            leverage = f"{agenda.name}: what Japan could offer or gain in talks"
            section.leverage = writer.prose(name, "agenda", leverage, agenda, weight / 2)
            linkage = f"{agenda.name} and the abductions issue in the same negotiation"
            section.linkage = writer.prose(name, "agenda", linkage, agenda, weight / 2)
        return section

    def _option(
        self, writer: _SectionWriter, archetype: Archetype, request: DraftRequest
    ) -> Option:
        name = f"option {archetype.id}"
        option = Option(name=archetype.name, summary=writer.framed(name, archetype.summary))
        option.sequencing = [
            Phase(name=phase.name, steps=writer.framed(name, phase)) for phase in archetype.phases
        ]
        for field in OPTION_FIELDS:
            setattr(option, field, writer.framed(name, getattr(archetype, field)))
        if request.constraints.strip():
            constraint = Sentence(text=f"Analyst constraint: {request.constraints.strip()}",
                                  kind="framing")  # fmt: skip
            option.red_lines.sentences.insert(0, constraint)
        return option


class _SectionWriter:
    """Retrieves, composes and verifies one block at a time; numbers citations per paper."""

    def __init__(self, answerer: Answerer, request: DraftRequest, progress: Progress) -> None:
        self.answerer = answerer
        self.request = request
        self.progress = progress
        self.citations: list[PaperCitation] = []
        self._by_chunk: dict[str, int] = {}

    def prose(
        self,
        name: str,
        kind: str,
        query: str,
        agenda: Agenda | None = None,
        weight: float = 0.5,
    ) -> Prose:
        """Verified claims for ``query``; more passages and sentences for a heavier weight."""
        self.progress(name)
        short = self.request.length == "short"
        k = 3 + round(6 * weight)
        limit = 1 + round((1 if short else 3) * weight)
        filters = SearchFilters(tags=tuple(agenda.tags)) if agenda else None
        full_query = f"{query} ({self.request.tasking})"[:3900]
        passages = number_passages(search(self.answerer.index, full_query, k, filters))
        composer = self.answerer.composer.with_prompt(f"draft_{kind}")
        answer = None
        # The section query (not the tasking) is what sentences must answer: a tasking's
        # own year ("in 2026") would otherwise rule out every passage.
        for event in self.answerer.respond(query, passages, composer):
            if isinstance(event, DoneEvent):
                answer = event.answer
        sentences = []
        for checked in (answer.sentences if answer else [])[:limit]:
            numbers = [self._number(answer.citations[n - 1]) for n in checked.citations]  # type: ignore[union-attr]
            sentences.append(Sentence(text=checked.text, citations=numbers))
        return Prose(sentences=sentences)

    def framed(self, name: str, framed: Framed) -> Prose:
        """The archetype's framing sentence followed by the evidence its query finds."""
        evidence = self.prose(name, "option", framed.query, weight=0.25)
        framing = Sentence(text=framed.framing, kind="framing")
        return Prose(sentences=[framing, *evidence.sentences])

    def _number(self, citation: object) -> int:
        chunk_id = citation.chunk_id  # type: ignore[attr-defined]
        if chunk_id not in self._by_chunk:
            n = len(self.citations) + 1
            self._by_chunk[chunk_id] = n
            fields = {k: getattr(citation, k) for k in PaperCitation.model_fields if k != "n"}
            self.citations.append(PaperCitation(n=n, **fields))
        return self._by_chunk[chunk_id]


def _comparison(chosen: list[Archetype], weights: dict[str, float]) -> list[ComparisonRow]:
    return [
        ComparisonRow(
            option=archetype.name,
            agenda_id=agenda_id,
            weight=weight,
            score=archetype.scores.get(agenda_id, 0),
            weighted=round(weight * archetype.scores.get(agenda_id, 0), 3),
        )
        for archetype in chosen
        for agenda_id, weight in weights.items()
        if weight > 0
    ]


def _recommendation(writer: _SectionWriter, chosen: list[Archetype]) -> Prose:
    best = chosen[0]
    text = (
        f"Pursue {best.name}, which scores highest against the agenda weights set for this paper."
    )
    framing = [Sentence(text=text, kind="framing")]
    if len(chosen) > 1:
        fallback = f"Hold {chosen[1].name} ready as the fallback if the first course stalls."
        framing.append(Sentence(text=fallback, kind="framing"))
    evidence = writer.prose("recommendation", "recommendation", best.summary.query, weight=0.5)
    return Prose(sentences=[*framing, *evidence.sentences])


def _bluf(
    writer: _SectionWriter,
    request: DraftRequest,
    best: Archetype,
    weights: dict[str, float],
    catalogue: AgendaCatalogue,
) -> Prose:
    heaviest = sorted(catalogue.peripheral, key=lambda a: -weights[a.id])[:2]
    names = " and ".join(a.name for a in heaviest if weights[a.id] > 0)
    text = f"Recommended course: {best.name}, keeping the abductions issue as the core goal"
    text += f" and using {names} to widen the negotiating space." if names else "."
    focus = re.sub(r"\d+", " ", request.tasking)
    evidence = writer.prose("bluf", "bluf", focus, weight=0.5)
    return Prose(sentences=[Sentence(text=text, kind="framing"), *evidence.sentences])


def _evidence(paper: Paper) -> list[EvidenceRow]:
    by_n = {c.n: c for c in paper.citations}
    rows, seen = [], set()
    for prose in _all_prose(paper):
        for sentence in prose.claims:
            if sentence.citations and sentence.text not in seen:
                seen.add(sentence.text)
                cited = by_n[sentence.citations[0]]
                rows.append(EvidenceRow(claim=sentence.text, source=cited.title or cited.source,
                                        quote=cited.quote, date=cited.date))  # fmt: skip
    return rows


def _all_prose(paper: Paper) -> list[Prose]:
    blocks = [paper.bluf, paper.background, paper.core_assessment]
    for agenda in paper.agendas:
        blocks += [agenda.status, agenda.leverage, agenda.linkage]
    for option in paper.options:
        blocks += [option.summary, *(p.steps for p in option.sequencing)]
        blocks += [getattr(option, field) for field in OPTION_FIELDS]
    return [*blocks, paper.recommendation]


def paper_sentence_count(paper: Paper) -> tuple[int, int]:
    """``(claims, supported claims)`` across the paper."""
    claims = [s for prose in _all_prose(paper) for s in prose.claims]
    return len(claims), sum(s.supported for s in claims)
