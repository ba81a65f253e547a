"""Extractive answering, without an LLM: which passage sentences may answer the question,
scored. The extractive composers choose from them (``service.answer.selection``), and
the answerer's relevance gate is whether any remain.

Their output has the same ``sentence [n]`` shape as a model's, so it goes through the
same citation resolution and verification. It is also the fallback when a model's
sentences all fail verification.

The caller says what the text is (``purpose``). For a question, a sentence is a
candidate only if it meets the question's constraints (``service.answer.question``: the
names, numbers and years it states, the kind of answer it asks for, most of its content
words), read with the sentence's context (``service.answer.passage_sentences``: its
document title, heading path and the sentence before it; a sentence under "Chairman So
Tae Ha" is about the chairman). Among those, ``service.answer.focus`` ranks the ones that
answer above the ones that merely resemble the question. A drafting query (evidence for a
paper section, not a question) keeps the similarity floor it was tuned with.

A question is answered from sentences in its own language, quoted as the source writes
them: nothing tells whether a Japanese sentence answers an English question (no words in
common, an English-only embedding model) or the reverse. The learned answerability
checks read English only; a Japanese question is held to its rules
(``service.answer.question_ja``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from service.answer.answerability import accepts
from service.answer.answerability_features import passage_texts
from service.answer.focus import (
    agent_match,
    asked_act,
    cause_match,
    focus_coverage,
    rarity,
    words,
)
from service.answer.numbered import NumberedPassage, Purpose
from service.answer.passage_sentences import PassageSentence, passage_sentences
from service.answer.question import (
    MIN_COVERAGE,
    Asked,
    answers,
    parse_question,
    question_parts,
)
from service.corpus.embed import LocalEmbeddings
from service.text.language import language_of
from service.verify.facts import extract_facts
from service.verify.reader import ReadingModel
from service.verify.verdict import token_coverage

# Drafting queries only (section queries are bags of terms, not questions): their score
# is MiniLM similarity plus this weight times word coverage, and must reach the threshold.
RELEVANCE_THRESHOLD = 0.55
EVIDENCE_COVERAGE_WEIGHT = 0.3
# Weights of the focus signals added to MiniLM similarity (service.answer.focus).
FOCUS_WEIGHT = 1.0
AGENT_WEIGHT = 0.3
# A why-question prefers a sentence stating a cause (``focus.cause_match``); a preference,
# not a constraint, since a cause is often stated without a connective. On the tune
# suites (2026-12-07) 0.3 raised core F1 0.402 -> 0.405 and moved nothing else.
CAUSE_WEIGHT = 0.3
_ASKS_NUMBER = re.compile(r"\b(how (many|much|long|far)|what (year|date|day|month)|when)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a passage and how well it answers the question."""

    n: int
    text: str
    score: float
    vector: np.ndarray
    coverage: float = 1.0
    # Which parts of the question the sentence answers ("Who ..., and what ...?" has two).
    parts: tuple[bool, ...] = (True,)


# A passage sentence that may answer: its coverage of the question and the parts it answers.
Eligible = dict[PassageSentence, tuple[float, tuple[bool, ...]]]


def candidates(
    question: str,
    passages: list[NumberedPassage],
    embedder: Embeddings,
    purpose: Purpose = "question",
    reader: ReadingModel | None = None,
) -> list[Candidate]:
    """Scored sentences of the passages that could answer ``question``, best first; with
    a ``reader``, a question's sentences are ranked and kept by its P(answers)."""
    sentences = passage_sentences(passages)
    parts = question_parts(question) if purpose == "question" else []
    english = bool(parts) and all(part.language == "en" for part in parts)
    if purpose == "question":  # quoted in the source's language, which must be the question's
        asked = language_of(question)
        sentences = [s for s in sentences if language_of(s.text) == asked]
    if purpose == "question":
        covered = _eligible(parts, sentences)
    else:
        covered = _evidence(question, sentences, passages)
    if not covered:
        return []
    pool = list(covered)
    vectors, query = _embed(embedder, question, [s.text for s in pool])
    if purpose == "question":
        focus = _focus(question, sentences, pool)
    else:  # the score RELEVANCE_THRESHOLD was tuned on
        focus = [EVIDENCE_COVERAGE_WEIGHT * token_coverage(question, s.text) for s in pool]
    scores = vectors @ query + np.array(focus)
    if purpose == "question" and reader is not None:
        # The model decides which sentences answer which parts; the order stays the
        # similarity-and-focus score's: ranked by P(answers), the tune suites got longer,
        # less direct sentences (core F1 0.354 against 0.388, SQuAD-tune gold span in a
        # cited sentence 0.587 against 0.607).
        read_parts = _read(reader, parts, pool, covered)
        covered = {s: (covered[s][0], read_parts[i]) for i, s in enumerate(pool)}
        ranked = sorted(range(len(pool)), key=lambda i: -scores[i])
        ranked = [i for i in ranked if any(read_parts[i])]
    else:
        ranked = sorted(range(len(pool)), key=lambda i: -scores[i])
    if english and reader is None:  # drop what the (English) answerability checks reject
        coverages = np.array([covered[s][0] for s in pool])
        read = ([s.text for s in pool], [s.context for s in pool])
        kept = accepts(parts, query, vectors, coverages, read, passage_texts(passages))
        ranked = [i for i in ranked if kept[i]]
    return [
        Candidate(pool[i].n, pool[i].text, float(scores[i]), vectors[i], *covered[pool[i]])
        for i in ranked
    ]


def _embed(embedder: Embeddings, question: str, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The sentences' vectors and the question's. A ``LocalEmbeddings`` (MiniLM embeds a
    query as a document) takes both in one call: each call to the model has a fixed cost."""
    if isinstance(embedder, LocalEmbeddings):
        both = np.asarray(embedder.embed_documents([*texts, question]), dtype=np.float32)
        return both[:-1], both[-1]
    vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
    return vectors, np.asarray(embedder.embed_query(question), dtype=np.float32)


def _read(
    reader: ReadingModel, parts: list[Asked], pool: list[PassageSentence], covered: Eligible
) -> list[tuple[bool, ...]]:
    """The parts of the question each sentence answers: those whose constraints it meets
    and for which the reading model's P(answers) reaches its ``answers`` threshold. A
    two-part question is read a part at a time, since a sentence that answers one part
    does not answer the whole question; a later part is read with the first beside it,
    since it often points back ("..., and why was it dissolved?")."""
    texts = [(part.part or part.text).strip(" ,?") for part in parts]
    texts = texts[:1] + [f"{text} ({texts[0]})" for text in texts[1:]]
    texts = [f"{text}?" for text in texts]
    pairs = [(text, s.text) for s in pool for text in texts]
    read = reader.entailment(pairs).reshape(len(pool), len(texts))
    met = np.array([covered[s][1] for s in pool], dtype=bool)
    read = np.where(met, read, 0.0)
    gate = reader.thresholds.answers
    return [tuple(bool(p >= gate) for p in row) for row in read]


def _focus(
    question: str, sentences: list[PassageSentence], pool: list[PassageSentence]
) -> list[float]:
    """What of each pool sentence answers the question (``service.answer.focus``). A
    Japanese sentence is also read with the one before it, at half weight: Japanese leaves
    out a subject the sentence before has named ("当時13歳であった。" after
    "横田めぐみさんは…拉致された。"), but a sentence that names it itself says more."""
    held = {s: words(s.text) for s in sentences}
    idf, asked, act = rarity(list(held.values())), words(question), asked_act(question)
    own = [focus_coverage(asked, held[s], idf) for s in pool]
    if language_of(question) == "ja":
        leaning = [focus_coverage(asked, held[s] | words(_previous(s)), idf) for s in pool]
        own = [(a + b) / 2 for a, b in zip(own, leaning, strict=True)]
    return [
        FOCUS_WEIGHT * covered
        + AGENT_WEIGHT * agent_match(act, s.text)
        + CAUSE_WEIGHT * cause_match(question, s.text)
        for covered, s in zip(own, pool, strict=True)
    ]


def _previous(sentence: PassageSentence) -> str:
    """The sentence before ``sentence`` in its passage (the last line of its context)."""
    return sentence.context.rsplit("\n", 1)[-1]


def _eligible(parts: list[Asked], sentences: list[PassageSentence]) -> Eligible:
    """The sentences that may answer, each with its coverage and the parts it answers."""
    found: Eligible = {}
    for s in sentences:
        each = [answers([part], s.text, s.context) for part in parts]
        met = [c for c in each if c is not None]
        if met:
            found[s] = (max(met), tuple(c is not None for c in each))
    return found


def _evidence(
    query: str, sentences: list[PassageSentence], passages: list[NumberedPassage]
) -> Eligible:
    """A drafting query's sentences: its numbers must occur in the passage, as before."""
    asked, held = parse_question(query), {p.n: extract_facts(p.hit.text) for p in passages}
    kept: Eligible = {}
    for s in sentences:
        wanted = asked.facts.numbers <= held[s.n].numbers and asked.facts.months <= held[s.n].months
        facts = extract_facts(s.text)
        if wanted and (not _ASKS_NUMBER.search(query) or facts.numbers or facts.months):
            kept[s] = (1.0, (True,))
    return kept


def answering(ranked: list[Candidate], purpose: Purpose = "question") -> list[Candidate]:
    """The candidates that may answer: covering the question, or similar enough to a query."""
    if purpose == "question":
        return [c for c in ranked if c.coverage >= MIN_COVERAGE]
    return [c for c in ranked if c.score >= RELEVANCE_THRESHOLD]


def answering_candidates(
    question: str,
    passages: list[NumberedPassage],
    embedder: Embeddings,
    purpose: Purpose = "question",
    reader: ReadingModel | None = None,
) -> list[Candidate]:
    """The candidates that may answer, best first: the answerer's relevance gate and the
    pool the extractive composers choose from, computed once per question."""
    return answering(candidates(question, passages, embedder, purpose, reader), purpose)
