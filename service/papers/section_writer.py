"""The section writer: writes one block of a paper at a time through the same retrieve ->
compose -> cite -> verify path as Q&A (``Answerer.respond``), numbering citations per
paper and never using a claim twice. Every recipe (``service.papers.recipes``) runs on
it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from service.answer.answerer import Answerer
from service.answer.cite import CheckedSentence, check_sentence
from service.answer.numbered import NumberedPassage, number_passages
from service.answer.result import Answer, DoneEvent
from service.corpus.agendas import Agenda
from service.corpus.filters import SearchFilters
from service.papers.archetypes import Framed
from service.papers.assessments import Attribution
from service.papers.bearing import Bearing
from service.papers.labels import without_label
from service.papers.paper import DraftRequest, Prose, Sentence
from service.papers.repeats import ClaimLedger
from service.papers.tasking import Tasking, parse_tasking
from service.papers.withheld import withhold
from service.retrieve.hybrid import search
from service.text.evidence import Citation, Passage
from service.verify.reader import ReadingModel


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
