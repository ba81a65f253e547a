"""Answer: retrieve -> number -> compose -> resolve citations -> verify -> answer.

Sentences are checked as soon as the composer finishes each one, so callers can
stream verified sentences; nothing unverified ever leaves this module. When the
composer's sentences all fail, the extractive composer's are tried; when nothing
relevant was retrieved, the answer abstains with no citations. An abstention is worded
in the question's language; an answer to a question in another language than the
embedding model's says that it was found by words alone (``service.answer.languages``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from service.answer.cite import (
    CheckedSentence,
    check_sentence,
    claim_sentences,
    normalise_markers,
    read_ahead,
)
from service.answer.composers import Composer, ExtractiveComposer
from service.answer.extractive import Candidate, answering_candidates
from service.answer.languages import lexical_note
from service.answer.numbered import NumberedPassage, Purpose, number_passages, strip_markers
from service.answer.passage_sentences import passage_context
from service.answer.premise import corrections
from service.answer.question import Asked, question_parts, unstated
from service.answer.result import Answer, DoneEvent, SentenceEvent
from service.answer.selection import unanswered_parts
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.corpus.review import has_unreviewed, lookalikes
from service.retrieve.langchain_retriever import HybridRetriever
from service.text.evidence import Citation
from service.text.language import language_of
from service.text.sentences import sentence_spans
from service.verify.reader import ReadingModel
from service.verify.support import Verifier

WIDENED = (
    "No reviewed source answers this question; this answer draws on all sources, "
    "unreviewed uploads included."
)
NOT_IN_CORPUS = "NOT IN CORPUS"


class Answerer:
    """Answers questions over an index with one composer and one verifier."""

    def __init__(
        self,
        index: Index,
        composer: Composer,
        verifier: Verifier,
        reader: ReadingModel | None = None,
    ) -> None:
        self.index = index
        self.composer = composer
        self.verifier = verifier
        # The reading model ranks and gates answer sentences when BRIEFING_ANSWER_RANKER=model.
        self.reader = reader
        self.fallback = ExtractiveComposer(index.embedder, reader)

    def answer(self, question: str, k: int = 6, filters: SearchFilters | None = None) -> Answer:
        """The whole answer at once."""
        for event in self.stream(question, k, filters):
            if isinstance(event, DoneEvent):
                return event.answer
        raise AssertionError("stream ended without an answer")

    def stream(
        self, question: str, k: int = 6, filters: SearchFilters | None = None
    ) -> Iterator[SentenceEvent | DoneEvent]:
        """Verified sentences as they are ready, then the complete answer. Reviewed sources
        are searched first; all sources (as ``filters`` allow) only when that abstains,
        and the answer then says so."""
        # Bracketed numbers in a question are never meaningful, and could pose as citations.
        question = strip_markers(question)
        filters = filters or SearchFilters()
        if filters.reviewed_only or not has_unreviewed(self.index):
            yield from self._searched(question, k, filters)
            return
        for event in self._searched(question, k, replace(filters, reviewed_only=True)):
            # An abstention streams no sentence: nothing shown needs taking back. One that
            # corrects a false premise from reviewed sources stands: an unreviewed upload
            # must not answer what reviewed sources have just corrected.
            if (
                isinstance(event, DoneEvent)
                and event.answer.abstained
                and not event.answer.corrections
            ):
                break
            yield event
        else:
            return
        for event in self._searched(question, k, filters):
            if isinstance(event, DoneEvent) and not event.answer.abstained:
                event.answer.notes.insert(0, WIDENED)
            yield event

    def _searched(
        self, question: str, k: int, filters: SearchFilters
    ) -> Iterator[SentenceEvent | DoneEvent]:
        hits = HybridRetriever(index=self.index, k=k, filters=filters).hits(question)
        for event in self.respond(question, number_passages(hits)):
            if isinstance(event, DoneEvent):
                event.answer.notes.extend(_lookalike_notes(self.index, event.answer.citations))
            yield event

    def respond(
        self,
        question: str,
        passages: list[NumberedPassage],
        composer: Composer | None = None,
        purpose: Purpose = "question",
    ) -> Iterator[SentenceEvent | DoneEvent]:
        """Compose from given passages and verify: the path Q&A and drafting share.
        ``purpose`` is "question" for a user's question (held to its constraints) and
        "evidence" for a drafting query (the papers writer's section queries)."""
        composer = composer or self.composer
        language = language_of(question)
        answer = Answer(question.strip(), backend=composer.name, language=language)
        # The relevance gate: the passage sentences that may answer, scored once and handed
        # to the composer (the extractive composers choose from them).
        pool = answering_candidates(question, passages, self.index.embedder, purpose, self.reader)
        parts = question_parts(question)  # what is unstated, unanswered or assumed
        if not pool:
            answer.abstained = True
            texts = [f"{passage_context(p)}\n{p.hit.text}" for p in passages]
            answer.unstated = unstated(parts, texts)
            self._correct(answer, parts, passages)
            yield DoneEvent(answer)
            return
        numbering = _Numbering()
        run = _Run(question, passages, purpose, pool, answer, numbering)
        yield from self._run(composer, run)
        if not answer.sentences and not answer.abstained and composer.name != "extractive":
            answer.fallback = True
            yield from self._run(self.fallback, run)
        answer.abstained = not answer.sentences
        if not answer.abstained and purpose == "question":
            answer.unstated = unanswered_parts(parts, pool)
        answer.citations = numbering.citations
        note = "" if answer.abstained else lexical_note(language)
        answer.notes += [note] if note else []
        yield DoneEvent(answer)

    def _correct(self, answer: Answer, parts: list[Asked], passages: list[NumberedPassage]) -> None:
        """A false premise is said first: the sentence that states another year or number
        than the question assumes, verified and cited like any answer sentence."""
        numbering = _Numbering()
        for found in corrections(parts, passages):
            checked, citations = check_sentence(found.sentence, [found.n], passages, self.verifier)
            if checked.supported:
                renumbered, _ = numbering.apply(checked, citations)
                answer.corrections.append((found.assumed, renumbered))
        answer.citations = numbering.citations

    def _run(self, composer: Composer, run: _Run) -> Iterator[SentenceEvent]:
        buffer = ""
        pieces = composer.compose(run.question, run.passages, run.purpose, run.pool)
        for piece, last in _with_last(pieces):
            buffer += piece
            complete, buffer = _split_complete(buffer)
            if last and not buffer.strip().upper().startswith(NOT_IN_CORPUS):
                # What arrived together is judged together: a composer that writes its
                # answer in one piece (the extractive ones) costs the judge one request.
                read_ahead(
                    claim_sentences(complete + buffer, run.passages), run.passages, self.verifier
                )
            yield from self._check(complete, run.passages, run.answer, run.numbering)
        if buffer.strip().upper().startswith(NOT_IN_CORPUS):
            run.answer.abstained = True
            return
        yield from self._check(buffer, run.passages, run.answer, run.numbering)

    def _check(
        self, text: str, passages: list[NumberedPassage], answer: Answer, numbering: _Numbering
    ) -> Iterator[SentenceEvent]:
        claims = claim_sentences(text, passages)
        read_ahead(claims, passages, self.verifier)  # one batch for the judge
        for sentence, markers in claims:
            checked, citations = check_sentence(sentence, markers, passages, self.verifier)
            if not checked.supported or any(s.text == checked.text for s in answer.sentences):
                continue
            renumbered, new = numbering.apply(checked, citations)
            answer.sentences.append(renumbered)
            yield SentenceEvent(renumbered, new)


@dataclass(frozen=True)
class _Run:
    """One composition: what is asked, from which passages, into which answer."""

    question: str
    passages: list[NumberedPassage]
    purpose: Purpose
    pool: list[Candidate]
    answer: Answer
    numbering: _Numbering


class _Numbering:
    """Renumbers citations 1..m in order of first use across the answer."""

    def __init__(self) -> None:
        self.by_chunk: dict[str, Citation] = {}
        self.citations: list[Citation] = []

    def apply(
        self, sentence: CheckedSentence, citations: dict[int, Citation]
    ) -> tuple[CheckedSentence, list[Citation]]:
        numbers, new = [], []
        for n in sentence.citations:
            cited = citations[n]
            if cited.chunk_id not in self.by_chunk:
                fresh = cited.renumbered(len(self.citations) + 1)
                self.by_chunk[cited.chunk_id] = fresh
                self.citations.append(fresh)
                new.append(fresh)
            numbers.append(self.by_chunk[cited.chunk_id].n)
        renumbered = CheckedSentence(
            sentence.text, numbers, True, sentence.reason, sentence.repaired
        )
        return renumbered, new


def _lookalike_notes(index: Index, citations: list[Citation]) -> list[str]:
    """A note for each cited unreviewed upload whose title and type copy a reviewed
    document's (it may impersonate it)."""
    unreviewed = {c.doc_id for c in citations if c.source_status != "reviewed"}
    copies = lookalikes(index, unreviewed) if unreviewed else {}
    return [
        f"Source [{c.n}] is an unreviewed upload with the title and type of the reviewed "
        f'document "{copies[c.doc_id][1]}"; it may be impersonating it.'
        for c in citations
        if c.doc_id in copies
    ]


def _with_last(pieces: Iterator[str]) -> Iterator[tuple[str, bool]]:
    """Each piece with whether it is the last: a streaming composer's next piece is awaited
    before the one before it is checked (a sentence is shown a piece later)."""
    held = None
    for piece in pieces:
        if held is not None:
            yield held, False
        held = piece
    if held is not None:
        yield held, True


def _split_complete(buffer: str) -> tuple[str, str]:
    """``(complete sentences, unfinished tail)`` of streamed text."""
    buffer = normalise_markers(buffer)
    spans = sentence_spans(buffer)
    # A tail that starts with "[" may be the previous sentence's marker still arriving.
    if len(spans) < 2 or buffer[spans[-1][0]] == "[":
        return "", buffer
    cut = spans[-1][0]
    return buffer[:cut], buffer[cut:]
