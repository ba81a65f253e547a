"""Draft: an options paper, section by section, through the same retrieve -> compose ->
cite -> verify path as Q&A (``Answerer.respond``).

Weights shape the paper: agendas are ordered by weight and a heavier agenda gets
more passages and more sentences; options are the archetypes that score best
against the weights; the comparison table and the recommendation follow from them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from service.answer.answerer import Answerer
from service.answer.composers import ChatComposer
from service.corpus.agendas import AgendaCatalogue
from service.errors import InvalidRequestError, NothingNewError, ShorterRegenerationError
from service.papers.archetypes import Archetype
from service.papers.arguments import borrow_arguments
from service.papers.blocks import prose_paths, refresh_derived, set_prose
from service.papers.decision import (
    DecisionType,
    as_archetype,
    load_decisions,
    read_decision,
)
from service.papers.frame import evidence_scores, frame_fit, request_catalogue
from service.papers.llm_fill import ModelFill
from service.papers.matrix import build_matrix
from service.papers.paper import (
    AgendaSection,
    ComparisonRow,
    DraftRequest,
    Gap,
    Option,
    Paper,
    Phase,
    Prose,
    clip_words,
)
from service.papers.plan import Plan, Rescore, make_plan, plan_with_options, weighted_agendas
from service.papers.proposals import model_options
from service.papers.recipes import paper_recipes
from service.papers.section_writer import SectionWriter
from service.papers.timeline import TimelineBuilder
from service.verify.reader import ReadingModel

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


class PaperWriter:
    """Writes options papers with one answerer (one backend, one verifier)."""

    def __init__(
        self,
        answerer: Answerer,
        catalogue: AgendaCatalogue,
        archetypes: list[Archetype],
        decisions: list[DecisionType] | None = None,
        reader: ReadingModel | None = None,
    ) -> None:
        self.answerer = answerer
        self.catalogue = catalogue
        self.archetypes = archetypes
        self.decisions = load_decisions() if decisions is None else decisions
        # Judges repeated claims and frame fit; None: the rules (a warning said why).
        self.reader = reader
        self.own_frame = False  # True for a writer over a request's own agendas

    def in_frame(self, request: DraftRequest) -> PaperWriter:
        """This writer, or one over the agendas the request names for its draft."""
        if request.frame is None or self.own_frame:
            return self
        catalogue = request_catalogue(request.frame, self.catalogue)
        framed = PaperWriter(self.answerer, catalogue, self.archetypes, self.decisions, self.reader)
        framed.own_frame = True
        return framed

    def weights(self, request: DraftRequest) -> dict[str, float]:
        """The weight of each agenda a draft of ``request`` weighs (its frame's own agendas,
        else the desk's): the request's, else the agenda's default. An unknown agenda id is
        refused (``InvalidRequestError``): what the edges check before queueing a draft."""
        return resolve_weights(request, self.in_frame(request).catalogue)

    def propose(self, request: DraftRequest) -> Plan:
        """The plan a draft of ``request`` would follow, before any text: the decision the
        tasking poses and the options it would weigh, best first (what the analyst sees,
        renames, drops or adds to before drafting)."""
        framed = self.in_frame(request)
        if framed is not self:
            return framed.propose(request)
        request = self.with_model_options(request)
        decision = read_decision(request.tasking, self.decisions, self.archetypes)
        weights = self.weights(request)
        return make_plan(request, weights, self.archetypes, decision, self._rescore(request))

    def _rescore(self, request: DraftRequest) -> Rescore | None:
        """With the analyst's own agendas, options scored on them from their evidence."""
        if not self.own_frame:
            return None
        agendas, only = self.catalogue.items, request.reviewed_only
        return partial(evidence_scores, self.answerer.index, agendas=agendas,
                       reader=self.reader, reviewed_only=only)  # fmt: skip

    def with_model_options(self, request: DraftRequest) -> DraftRequest:
        """``request`` with the options a chat model proposes from the evidence as its
        choices, when the analyst settled none (``service/papers/proposals.py``); as it is
        with another backend, or when the model's reply does not pass."""
        if request.choices or not self._chat:
            return request
        ask = self.answerer
        proposed = model_options(request, ask.composer, ask.index, ask.verifier, self.archetypes)
        return request.model_copy(update={"choices": proposed}) if proposed else request

    def draft(self, request: DraftRequest, progress: Progress | None = None) -> Paper:
        """A complete paper for ``request``, written block by block in reading order."""
        return self.in_frame(request)._draft(request, progress)

    def _draft(self, request: DraftRequest, progress: Progress | None) -> Paper:
        plan = self.propose(request)
        paper = self._skeleton(plan)
        (progress or _ignore)("frame")
        agendas = [self.catalogue.core, *weighted_agendas(plan, self.catalogue)]
        index = self.answerer.index
        fit = frame_fit(index, agendas, self.catalogue.core, self.reader, request.reviewed_only)
        paper.frame_note = fit.note
        writer = SectionWriter(self.answerer, request, [], reader=self.reader)
        for path, recipe in paper_recipes(plan, self.catalogue).items():
            (progress or _ignore)(recipe.label)
            prose = recipe.write(writer)
            set_prose(paper, path, prose)
            if not prose.claims and recipe.gap:
                paper.gaps.append(Gap(path=path, text=recipe.gap))
        # Empty cons and risks: evidence cited earlier in the paper, each claim stated once.
        borrow_arguments(paper, plan.chosen)
        (progress or _ignore)("chronology and conflicts")
        timeline = TimelineBuilder(writer, self.catalogue)
        # A chat model fills the structure from numbered passages; what it gives nothing
        # verified for comes from the rules (the model's first, so numbers follow use).
        filler = ModelFill(writer, self.answerer.composer) if self._chat else None
        pool = timeline.passages
        paper.chronology = (filler and filler.chronology(pool)) or timeline.chronology()
        paper.conflicts = (filler and filler.conflicts(pool)) or timeline.conflicts()
        (progress or _ignore)("options matrix")
        embedder = self.answerer.index.embedder
        paper.matrix = build_matrix(paper, plan.chosen, plan.weights, embedder, writer.bearing)
        if filler is not None:
            paper.matrix = filler.matrix(plan.chosen, paper.matrix)
        paper.citations = writer.citations
        paper.backend = self.answerer.composer.name
        return refresh_derived(paper)

    def regenerate(
        self,
        paper: Paper,
        path: str,
        progress: Progress | None = None,
        accept_shorter: bool = False,
    ) -> Paper:
        """A copy of ``paper`` with the block at ``path`` written afresh by the recipe that
        wrote it, offering an alternative: claims the block or the rest of the paper already
        makes are passed over, so the next-best evidence comes in. Other blocks and their
        citation numbers are kept. ``NothingNewError`` when the corpus holds nothing
        different for the block (the caller then saves no version);
        ``ShorterRegenerationError`` when the new block has fewer claims than the old one,
        unless ``accept_shorter``: a regeneration never loses claims without asking."""
        framed = self.in_frame(paper.request)
        if framed is not self:
            return framed.regenerate(paper, path, progress, accept_shorter)
        plan = self._plan_of(paper)
        recipe = paper_recipes(plan, self.catalogue).get(path)
        if recipe is None:
            raise InvalidRequestError(f"section '{path}': not a generated section of this draft")
        fresh = paper.model_copy(deep=True)
        used = [s.text for prose in prose_paths(paper).values() for s in prose.claims]
        writer = SectionWriter(
            self.answerer, paper.request, fresh.citations, used, reader=self.reader
        )
        (progress or _ignore)(recipe.label)
        old, new = prose_paths(paper)[path], recipe.write(writer)
        if not new.claims or _texts(new) == _texts(old):
            raise NothingNewError(
                f"section '{path}': the corpus holds no different evidence for this block; "
                "no version was saved"
            )
        if len(new.claims) < len(old.claims) and not accept_shorter:
            raise ShorterRegenerationError(
                f"section '{path}': the new version has {_claims(new)} where the current one "
                f"has {_claims(old)}; nothing was saved. {ShorterRegenerationError.ASK}"
            )
        set_prose(fresh, path, new)
        fresh.citations = writer.citations
        return refresh_derived(fresh)

    @property
    def _chat(self) -> bool:
        """Whether the backend is a chat model that can fill the paper's structure."""
        return isinstance(self.answerer.composer, ChatComposer)

    def _plan_of(self, paper: Paper) -> Plan:
        decision = read_decision(paper.request.tasking, self.decisions, self.archetypes)
        offered = [*paper.request.choices, *decision.proposed]
        by_name = {a.name: a for a in self.archetypes}
        by_name |= {o.name: as_archetype(o, self.archetypes) for o in offered}
        missing = [o.name for o in paper.options if o.name not in by_name]
        if missing:
            raise InvalidRequestError(
                f"options: {', '.join(missing)} no longer defined in prompts/options.yaml "
                "or prompts/decisions.yaml"
            )
        weights = self.weights(paper.request)
        chosen = [by_name[o.name] for o in paper.options]
        chosen = (self._rescore(paper.request) or list)(chosen)
        return plan_with_options(paper.request, weights, chosen, decision)

    def _skeleton(self, plan: Plan) -> Paper:
        """The paper's structure (agendas, options, phases, comparison) without prose."""
        title = f"Options paper: {clip_words(plan.request.tasking, 120)}"
        paper = Paper(title=title, request=plan.request)
        paper.agendas = [
            AgendaSection(agenda_id=a.id, name=a.name, weight=plan.weights[a.id])
            for a in weighted_agendas(plan, self.catalogue)
        ]
        paper.options = [
            Option(name=a.name, sequencing=[Phase(name=p.name) for p in a.phases])
            for a in plan.chosen
        ]
        paper.comparison = _comparison(plan.chosen, plan.weights)
        return paper


def _claims(prose: Prose) -> str:
    count = len(prose.claims)
    return f"{count} claim{'s' if count != 1 else ''}"


def _texts(prose: Prose) -> list[str]:
    return [s.text for s in prose.claims]


def _ignore(_label: str) -> None:
    """Progress callback for callers that want none."""


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
