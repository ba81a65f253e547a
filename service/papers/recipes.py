"""How each block of an options paper is written: a *recipe* per block path, run by a
section writer through the same retrieve -> compose -> cite -> verify path as Q&A
(``Answerer.respond``). Generation runs every recipe; regeneration runs one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from service.answer.answerer import Answerer
from service.answer.cite import CheckedSentence, check_sentence
from service.answer.numbered import NumberedPassage, number_passages
from service.answer.result import Answer, DoneEvent
from service.corpus.agendas import Agenda, AgendaCatalogue
from service.corpus.filters import SearchFilters
from service.papers.archetypes import OPTION_FIELDS, Archetype, Framed
from service.papers.arguments import argument_test
from service.papers.assessments import Attribution
from service.papers.bearing import Bearing
from service.papers.labels import without_label
from service.papers.paper import DraftRequest, Prose, Sentence
from service.papers.plan import Plan, answer_sentence, reasoning_sentence, recommended_course
from service.papers.repeats import ClaimLedger
from service.papers.sensitivity import sensitivity_sentence
from service.papers.tasking import Tasking, parse_tasking
from service.papers.withheld import withhold
from service.retrieve.hybrid import search
from service.text.evidence import Citation, Passage
from service.verify.reader import ReadingModel


@dataclass(frozen=True)
class Recipe:
    """How one block is written: a progress label, a writer call, and the gap to list
    ("No source states ...") when the corpus gives the block no verified claim."""

    label: str
    write: Callable[[SectionWriter], Prose]
    gap: str = ""


BACKGROUND = "how Japan-DPRK talks under the Stockholm Agreement broke down"
FIELD_GAPS = {
    "verification": "how {option} could be verified",
    "red_lines": "a precedent for the red lines of {option}",
    "fallback": "a precedent for the fallback of {option}",
    "pros": "what would favour {option}",
    "cons": "what would count against {option}",
    "risks": "the risks of {option}",
    "indicators": "indicators of progress under {option}",
}


def agenda_recipes(agenda: Agenda, weight: float, request: DraftRequest) -> dict[str, Recipe]:
    label, path = f"agenda {agenda.id}", f"agendas.{agenda.id}"
    recipes = {
        f"{path}.status": Recipe(
            label,
            lambda w: w.prose("agenda", agenda.description, agenda, weight, place="status"),
            f"No source states the current status of {agenda.name}.",
        )
    }
    # Light agendas get a status line only; leverage and linkage are for weighty ones.
    if weight >= (0.5 if request.length == "short" else 0.25):
        leverage = f"{agenda.name}: what Japan could offer or gain in talks"
        linkage = f"{agenda.name} and the abductions issue in the same negotiation"
        topic = agenda.name
        gaps = {
            "leverage": f"No source states what leverage Japan holds on {topic}.",
            "linkage": f"No source links {topic} to the abductions issue.",
        }
        for field, query in (("leverage", leverage), ("linkage", linkage)):
            write = partial(
                SectionWriter.prose,
                kind="agenda",
                query=query,
                agenda=agenda,
                weight=weight / 2,
                place=field,
            )
            recipes[f"{path}.{field}"] = Recipe(label, write, gaps[field])
    return recipes


def option_recipes(path: str, archetype: Archetype, request: DraftRequest) -> dict[str, Recipe]:
    label = f"option {archetype.id}"
    recipes = {f"{path}.summary": Recipe(label, lambda w: w.framed(archetype.summary))}
    for j, phase in enumerate(archetype.phases):
        recipes[f"{path}.sequencing.{j}"] = Recipe(
            label, partial(SectionWriter.framed, framed=phase)
        )
    for field in OPTION_FIELDS:
        framed = getattr(archetype, field)
        keep = argument_test(field, archetype, framed.framing)
        write = partial(SectionWriter.framed, framed=framed, keep=keep)
        gap = FIELD_GAPS[field].format(option=archetype.name)
        recipes[f"{path}.{field}"] = Recipe(label, write, f"No source states {gap}.")
    if request.constraints.strip():
        constraint = Sentence(
            text=f"Analyst constraint: {request.constraints.strip()}", kind="framing"
        )
        red_lines = recipes[f"{path}.red_lines"]
        recipes[f"{path}.red_lines"] = Recipe(
            label,
            lambda w: Prose(sentences=[constraint, *red_lines.write(w).sentences]),
            red_lines.gap,
        )
    return recipes


class SectionWriter:
    """Retrieves, composes and verifies one block at a time; numbers citations per paper,
    continuing after the ones the paper already has, and never uses a claim twice: a
    sentence that restates one in ``used`` (the rest of the paper) is passed over."""

    def __init__(
        self,
        answerer: Answerer,
        request: DraftRequest,
        citations: list[Citation],
        used: list[str] | None = None,
        reader: ReadingModel | None = None,
    ) -> None:
        self.answerer = answerer
        self.request = request
        self.tasking: Tasking = parse_tasking(request.tasking)
        self.citations = list(citations)
        # One number per quoted window, not per chunk: an edit re-verifies a sentence
        # against its citation's quote, so two sentences quoting different windows of one
        # chunk need a citation each.
        self._by_quote = {(c.chunk_id, c.start, c.end): c.n for c in citations}
        self.ledger = ClaimLedger(answerer.index.embedder, used, reader)
        self.bearing = Bearing(reader)
        self.attribution = Attribution(answerer.index.registry)

    def prose(
        self,
        kind: str,
        query: str,
        agenda: Agenda | None = None,
        weight: float = 0.5,
        timely: bool = False,
        keep: Callable[[str], bool] | None = None,
        place: str = "",
    ) -> Prose:
        """Verified claims for ``query``; more passages and sentences for a heavier weight.
        With ``timely`` (the blocks that state the situation the tasking asks about),
        evidence from the tasking's time frame comes before everything else; ``keep`` passes
        over sentences that do not argue what the block needs (a pro that argues nothing);
        ``place`` (the agenda's field: status, leverage, linkage) passes over sentences that
        do not bear on it (``service/papers/bearing.py``).
        Retrieval is steered by the tasking, and of the verified sentences those carrying
        the tasking's own actors, agendas and years come first."""
        short = self.request.length == "short"
        k = 3 + round(6 * weight)
        limit = 1 + round((1 if short else 3) * weight)
        tags = tuple(agenda.tags) if agenda else ()
        filters = SearchFilters(tags=tags, reviewed_only=self.request.reviewed_only)
        full_query = f"{query} ({self.request.tasking})"[:3900]
        hits = withhold(search(self.answerer.index, full_query, k, filters))
        passages = number_passages(hits)
        composer = self.answerer.composer.with_prompt(f"draft_{kind}")
        answer = None
        # The section query (not the tasking) is what sentences must answer: a tasking's
        # own year ("in 2026") would otherwise rule out every passage.
        for event in self.answerer.respond(query, passages, composer, purpose="evidence"):
            if isinstance(event, DoneEvent):
                answer = event.answer
        if answer is None:
            return Prose()
        ranked = sorted(answer.sentences, key=partial(self._steering, answer, timely))
        if agenda is not None and place:
            ranked = self._bearing_on(ranked, "agenda", place, agenda.name)
        sentences: list[Sentence] = []
        for checked in ranked:  # sorted() is stable: the answer's own rank breaks ties
            # The claim without its source's label ("Risk: ..."), which still tells ``keep``
            # what the sentence argues.
            text = without_label(checked.text)
            if len(sentences) == limit or self.ledger.is_repeat(text):
                continue
            if keep is not None and not keep(checked.text):
                continue
            self.ledger.add(text)
            answered = [answer.citations[n - 1] for n in checked.citations]
            cited = self._own_quotes(text, answered, passages)
            sentences.append(
                Sentence(
                    text=text,
                    citations=[self.number(c) for c in cited],
                    assessment=self.attribution.of(cited),
                )
            )
        return Prose(sentences=sentences)

    def _bearing_on(
        self, ranked: list[CheckedSentence], kind: str, field: str, name: str
    ) -> list[CheckedSentence]:
        """The sentences that bear on the place (all of them where the model does not
        judge this kind of place, or without the model)."""
        question = self.bearing.question(kind, field, name)
        if question is None:
            return ranked
        keep = self.bearing.keep(kind, question, [s.text for s in ranked])
        return [s for s, kept in zip(ranked, keep, strict=True) if kept]

    def _steering(self, answer: Answer, timely: bool, sentence: CheckedSentence) -> tuple[int, int]:
        """Sort key: the tasking's time frame first (if ``timely``), then its own cues."""
        dates = [answer.citations[n - 1].date for n in sentence.citations]
        frame = max(self.tasking.in_frame(sentence.text, d) for d in dates or [""])
        return (-frame if timely else 0, -self.tasking.mentions(sentence.text))

    def framed(self, framed: Framed, keep: Callable[[str], bool] | None = None) -> Prose:
        """The archetype's framing sentence followed by the evidence its query finds; with
        ``keep`` (pros, cons, risks) only sentences that argue the field, and when its query
        finds none, those its framing's own words find."""
        evidence = self.prose("option", framed.query, weight=0.25, keep=keep)
        if keep is not None and not evidence.sentences:
            evidence = self.prose("option", framed.framing, weight=0.25, keep=keep)
        framing = Sentence(text=framed.framing, kind="framing")
        return Prose(sentences=[framing, *evidence.sentences])

    def _own_quotes(
        self, text: str, cited: list[Citation], passages: list[NumberedPassage]
    ) -> list[Citation]:
        """The citations with quotes that support ``text`` on their own. An answer quotes a
        chunk once, with the window of the first sentence that cites it; a later sentence
        citing the same chunk gets its own window, so re-verifying it after an edit (against
        its quote) holds."""
        quoted = [Passage(c.chunk_id, c.quote, c.start) for c in cited]
        if self.answerer.verifier.verify(text, quoted).supported:
            return cited
        numbers = [p.n for p in passages if p.hit.chunk_id in {c.chunk_id for c in cited}]
        checked, found = check_sentence(text, numbers, passages, self.answerer.verifier)
        return [found[n] for n in checked.citations] if checked.supported else cited

    def number(self, citation: Citation) -> int:
        """The paper's number for the answer's ``citation`` (a new one for a new passage)."""
        key = (citation.chunk_id, citation.start, citation.end)
        if key not in self._by_quote:
            n = max((c.n for c in self.citations), default=0) + 1
            self._by_quote[key] = n
            self.citations.append(citation.renumbered(n))
        return self._by_quote[key]


def background(writer: SectionWriter) -> Prose:
    """What the tasking itself is about first (the event its time frame hangs on, with its
    actors and years: "South Korea in 2025: the 2025 change of government in Seoul"; else
    the tasking itself), then how the last process broke down."""
    event = writer.tasking.event_query
    context = writer.prose("background", event, weight=0.35, timely=True) if event else Prose()
    if not context.sentences:
        context = on_the_tasking(writer, "background", 0.35)
    history = writer.prose("background", BACKGROUND, weight=0.5)
    return Prose(sentences=[*context.sentences, *history.sentences])


def on_the_tasking(writer: SectionWriter, kind: str, weight: float) -> Prose:
    """Evidence on the tasking itself, from its time frame first: with the tasking's years
    in the query only passages that state them qualify; without any such passage, the query
    drops the years. Either way sentences from the time frame lead."""
    tasking, found = writer.tasking, Prose()
    if tasking.years:
        dated = f"{tasking.focus} ({', '.join(map(str, tasking.years))})"
        found = writer.prose(kind, dated, weight=weight, timely=True)
    return (
        found if found.sentences else writer.prose(kind, tasking.focus, weight=weight, timely=True)
    )


def recommendation(writer: SectionWriter, plan: Plan, names: dict[str, str] | None = None) -> Prose:
    """The answer to the tasking, the weighted reasoning and how firm it is (the weight at
    which the recommendation changes), the fallback, then evidence."""
    framing = [
        Sentence(text=answer_sentence(plan), kind="framing"),
        Sentence(text=reasoning_sentence(plan), kind="framing"),
    ]
    if sensitivity := sensitivity_sentence(plan, names):
        framing.append(Sentence(text=sensitivity, kind="framing"))
    if len(plan.chosen) > 1:
        fallback = f"Fallback if the first course stalls: {plan.chosen[1].name}."
        framing.append(Sentence(text=fallback, kind="framing"))
    evidence = writer.prose("recommendation", plan.chosen[0].summary.query, weight=0.5)
    return Prose(sentences=[*framing, *evidence.sentences])


def bluf(writer: SectionWriter, plan: Plan, catalogue: AgendaCatalogue) -> Prose:
    """The recommendation first, in the decision's own verb, with the tasking's deadline and
    its main reason (the verified claim that bears most directly on the tasking, cited);
    then the weighted reasoning, what would change it (the sensitivity line), the agendas
    that widen the course, and further evidence."""
    weights = plan.weights
    heaviest = sorted(catalogue.peripheral, key=lambda a: -weights[a.id])[:2]
    names = " and ".join(a.name for a in heaviest if weights[a.id] > 0)
    text = f"{catalogue.core.name} stays the core goal"
    text += f", with {names} used to widen the negotiating space." if names else "."
    evidence = on_the_tasking(writer, "bluf", 0.5).sentences
    if not evidence:  # nothing on the tasking itself: the reason the course leads
        evidence = writer.prose("bluf", plan.chosen[0].summary.query, weight=0.5).sentences
    course = recommended_course(plan)
    if evidence:  # the course leads the claim that gives its main reason
        opening = [evidence[0].model_copy(update={"lead": f"{course}:"}), *evidence[1:2]]
    else:
        opening = [Sentence(text=f"{course}.", kind="framing")]
    framing = [Sentence(text=reasoning_sentence(plan), kind="framing")]
    # What would change the recommendation comes right after why it leads.
    if sensitivity := sensitivity_sentence(plan, {a.id: a.name for a in catalogue.items}):
        framing.append(Sentence(text=sensitivity, kind="framing"))
    framing.append(Sentence(text=text, kind="framing"))
    return Prose(sentences=[*opening, *framing, *evidence[2:]])
