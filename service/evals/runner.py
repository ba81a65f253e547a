"""Run a suite through the real answer path and score every question.

Each question is searched once for the retrieval metrics (top 5 documents) and
answered once by the answerer exactly as ``briefing ask`` would. The composer is
wrapped so the text it wrote *before* verification is kept: groundedness is
measured on that text, with the citations the composer itself chose, while
citation recall and precision are measured on the final, verified answer.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.answer.answerer import Answerer
from service.answer.cite import parse_markers
from service.answer.composers import Composer
from service.answer.extractive import Candidate
from service.answer.numbered import NumberedPassage, Purpose
from service.answer.result import Answer
from service.config import Settings
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.errors import BriefingError
from service.evals.answers import (
    CitedSentence,
    Support,
    abstention_correct,
    citation_scores,
    cosine,
    groundedness,
    token_f1,
    verifier_support,
)
from service.evals.fingerprint import fingerprint
from service.evals.metrics import unique_in_order
from service.evals.quotable import quotability
from service.evals.results import EvalRun, QuestionResult, summarise
from service.evals.retrieval import RetrievalResult
from service.evals.suite import EvalItem, load_suite
from service.retrieve.hybrid import search
from service.text.evidence import Passage
from service.wiring import build_answerer

RETRIEVAL_K = 5
Progress = Callable[[int, int], None]


@dataclass
class RecordingComposer:
    """Delegates to a composer and keeps what it wrote for the last question."""

    inner: Composer
    passages: list[NumberedPassage] = field(default_factory=list)
    text: str = ""
    name: str = field(init=False)
    model: str = field(init=False)

    def __post_init__(self) -> None:
        self.name, self.model = self.inner.name, self.inner.model

    def compose(
        self,
        question: str,
        passages: list[NumberedPassage],
        purpose: Purpose = "question",
        pool: list[Candidate] | None = None,
    ) -> Iterator[str]:
        """The inner composer's pieces, recorded as they pass."""
        self.passages, self.text = passages, ""
        for piece in self.inner.compose(question, passages, purpose, pool):
            self.text += piece
            yield piece

    def with_prompt(self, prompt: str) -> Composer:
        """Prompts other than the answer prompt are not recorded."""
        return self.inner.with_prompt(prompt)

    def composed(self) -> list[CitedSentence]:
        """The recorded sentences, each with the passages its own markers name."""
        by_n = {p.n: p.passage for p in self.passages}
        parsed = parse_markers(self.text, len(self.passages))
        return [(text, [by_n[n] for n in markers]) for text, markers in parsed]


class SuiteRunner:
    """Answers and scores suite items with one answerer."""

    def __init__(self, index: Index, answerer: Answerer) -> None:
        self.index = index
        self.recorder = RecordingComposer(answerer.composer)
        self.answerer = Answerer(index, self.recorder, answerer.verifier, answerer.reader)
        self.supports: Support = verifier_support(answerer.verifier)
        self.chunks = chunk_passages(index)

    def run(self, items: list[EvalItem], suite: Path, progress: Progress | None = None) -> EvalRun:
        """Every item answered and scored, with the run's summary and fingerprint."""
        settings = self.index.settings.model_copy(update={"llm": self.recorder.name})
        prints = fingerprint(self.index, settings, suite)
        started = time.perf_counter()
        results = []
        for done, item in enumerate(items, 1):
            results.append(self.score(item))
            if progress is not None:
                progress(done, len(items))
        return EvalRun(
            id=uuid.uuid4().hex[:12],
            suite=suite.stem,
            backend=prints["backend"],
            model=prints["model"],
            created_at=dt.datetime.now(dt.UTC),
            fingerprint=prints,
            metrics=summarise(results),
            results=results,
            seconds=time.perf_counter() - started,
        )

    def score(self, item: EvalItem) -> QuestionResult:
        """Search, answer and score one question."""
        started = time.perf_counter()
        filters = SearchFilters(exclude_sources=tuple(item.exclude)) if item.exclude else None
        hits = search(self.index, item.question, RETRIEVAL_K, filters)
        retrieval_ms = (time.perf_counter() - started) * 1000
        ranked = unique_in_order([h.source for h in hits])
        self.recorder.text, self.recorder.passages = "", []
        started = time.perf_counter()
        answer = self.answerer.answer(item.question, filters=filters)
        latency_ms = (time.perf_counter() - started) * 1000
        metrics: dict[str, float | None] = {}
        if item.answerable:
            metrics.update(RetrievalResult(item, ranked, retrieval_ms / 1000).metrics(RETRIEVAL_K))
        metrics.update(self.answer_metrics(item, answer))
        return QuestionResult(
            item_id=item.id,
            question=item.question,
            answerable=item.answerable,
            tags=list(item.tags),
            metrics=metrics,
            answer=answer_details(answer, len(self.recorder.composed())),
            ranked_docs=ranked,
            latency_ms=round(latency_ms, 1),
            retrieval_ms=round(retrieval_ms, 1),
        )

    def answer_metrics(self, item: EvalItem, answer: Answer) -> dict[str, float | None]:
        """Correctness, abstention, groundedness and ALCE citation scores of one answer."""
        metrics: dict[str, float | None] = {}
        if item.answerable:
            metrics["answered"] = float(not answer.abstained)
            if item.answer:
                prose = "" if answer.abstained else " ".join(s.text for s in answer.sentences)
                metrics["answer_f1"] = token_f1(prose, item.answer)
                metrics["answer_similarity"] = self.similarity(prose, item.answer)
            if item.spans:
                metrics["span_cited"] = float(span_cited(item, answer))
        else:
            metrics["abstention_correct"] = abstention_correct(answer.abstained, False)
        metrics["groundedness"] = groundedness(self.recorder.composed(), self.supports)
        scores = citation_scores(self.cited_sentences(answer), self.supports)
        metrics["citation_recall"] = scores.recall
        metrics["citation_precision"] = scores.precision
        if not answer.abstained:
            metrics.update(self.quotability(answer))
        return metrics

    def quotability(self, answer: Answer) -> dict[str, float]:
        """Fragment, dateline, dangling and paragraph checks of the shown sentences against
        the chunks their citations quote (``service.evals.quotable``)."""
        cited = {
            c.n: (c.quote, self.chunks[c.chunk_id].text)
            for c in answer.citations
            if c.chunk_id in self.chunks
        }
        return quotability([(s.text, s.citations) for s in answer.sentences], cited)

    def similarity(self, prose: str, reference: str) -> float:
        """MiniLM cosine of the answer and the reference (0.0 for no answer)."""
        if not prose:
            return 0.0
        embed = self.index.embedder.embed_query
        return max(0.0, cosine(embed(prose), embed(reference)))

    def cited_sentences(self, answer: Answer) -> list[CitedSentence]:
        """The final sentences, each with the whole chunks its citations point to."""
        by_n = {c.n: c for c in answer.citations}
        return [
            (s.text, [self.chunks[by_n[n].chunk_id] for n in s.citations]) for s in answer.sentences
        ]


def span_cited(item: EvalItem, answer: Answer) -> bool:
    """Whether a gold answer span lies inside the quote one of the answer's citations shows."""
    return any(
        c.source == span.source and c.start <= span.start and span.end <= c.end
        for c in answer.citations
        for span in item.spans
    )


def chunk_passages(index: Index) -> dict[str, Passage]:
    """Every committed chunk as the verifier sees it (same keys as retrieval's passages)."""
    return {
        e.chunk_id: Passage(e.chunk_id, e.text, e.start) for e in index.registry.chunk_entries()
    }


def answer_details(answer: Answer, composed: int) -> dict[str, Any]:
    """What a report shows of an answer: its text, sentences and citations."""
    citations = []
    for c in answer.citations:
        citations.append({**c.as_json(), "title": c.title, "date": c.date})
    return {
        "text": answer.text,
        "abstained": answer.abstained,
        "fallback": answer.fallback,
        "composed_sentences": composed,
        "sentences": [{"text": s.text, "citations": s.citations} for s in answer.sentences],
        "citations": citations,
    }


def select_items(suite: Path, only: Sequence[str] = ()) -> list[EvalItem]:
    """The suite's items (only those ``only`` names, when given); errors name the file."""
    items = load_suite(suite)
    if only:
        unknown = sorted(set(only) - {i.id for i in items})
        if unknown:
            raise BriefingError(f"{suite}: no question with id {', '.join(unknown)}")
        items = [i for i in items if i.id in set(only)]
    if not items:
        raise BriefingError(f"{suite}: the suite has no questions")
    return items


def run_suite(
    index: Index,
    settings: Settings,
    suite: Path,
    items: list[EvalItem],
    progress: Progress | None = None,
) -> EvalRun:
    """Run ``items`` of ``suite`` with the backend ``settings.llm`` names."""
    return SuiteRunner(index, build_answerer(index, settings)).run(items, suite, progress)
