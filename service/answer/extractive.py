"""Extractive composer: no LLM; pick the passage sentences that answer the question.

Its output has the same ``sentence [n]`` shape as a model's, so it goes through the
same citation resolution and verification. It is also the fallback when a model's
sentences all fail verification.

For a question, a sentence is a candidate only if it meets the question's
constraints (``service.answer.question``: the names, numbers and years it states,
the kind of answer it asks for, most of its content words), read with the
sentence's context: its document title, heading path and the sentence before it
(a sentence under "Chairman So Tae Ha" is about the chairman). The direct answer
comes first and an answer holds one sentence per fact. A drafting query (not a
question) keeps the similarity floor it was tuned with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from service.answer.answerability import MIN_ANSWERABILITY, answer_probability
from service.answer.compose import NumberedPassage
from service.answer.facts import extract_facts, split_sentences
from service.answer.question import MIN_COVERAGE, answers, parse_question, question_parts
from service.answer.verify import token_coverage
from service.corpus.instructions import is_instruction_like

# Drafting queries only (section queries are bags of terms, not questions).
RELEVANCE_THRESHOLD = 0.55
# Sentences at least this similar state the same fact: one is kept.
DUPLICATE_COSINE = 0.8
# A further sentence joins a question's answer only if it scores this close to the best.
SECOND_SENTENCE_MARGIN = 0.1
_ASKS_NUMBER = re.compile(r"\b(how (many|much|long|far)|what (year|date|day|month)|when)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a passage and how well it answers the question."""

    n: int
    text: str
    score: float
    vector: np.ndarray
    coverage: float = 1.0


@dataclass(frozen=True)
class PassageSentence:
    """A claim sentence of passage ``n`` and its context: title, headings, previous sentence."""

    n: int
    text: str
    context: str


def passage_sentences(passages: list[NumberedPassage]) -> list[PassageSentence]:
    """Claim sentences of the passages (no headings, no fragments) with their context."""
    found = []
    for p in passages:
        text, previous = p.hit.text, ""
        heading = f"{p.hit.title}\n{p.hit.section.replace(' > ', chr(10))}"
        for start, end in split_sentences(text):
            line_start = text.rfind("\n", 0, start) + 1
            sentence = text[start:end]
            if text[line_start:start].lstrip().startswith("#"):
                heading += f"\n{sentence}"  # a heading inside the chunk: context for what follows
                continue
            if is_instruction_like(sentence):
                continue  # an instruction in a document is quoted nowhere as fact
            if len(sentence) >= 25:
                found.append(PassageSentence(p.n, sentence, f"{heading}\n{previous}"))
            previous = sentence
    return found


def candidates(
    question: str, passages: list[NumberedPassage], embedder: Embeddings
) -> list[Candidate]:
    """Scored sentences of the passages that could answer ``question``, best first."""
    covered = _eligible(question, passage_sentences(passages), passages)
    if not covered:
        return []
    pool = list(covered)
    vectors = np.asarray(embedder.embed_documents([s.text for s in pool]), dtype=np.float32)
    query = np.asarray(embedder.embed_query(question), dtype=np.float32)
    scores = vectors @ query + 0.3 * np.array([token_coverage(question, s.text) for s in pool])
    ranked = sorted(range(len(pool)), key=lambda i: -scores[i])
    if parse_question(question).is_question:  # drop what the answerability scorer rejects
        odds = answer_probability(query, vectors, np.array([covered[s] for s in pool]))
        ranked = [i for i in ranked if odds[i] >= MIN_ANSWERABILITY]
    return [
        Candidate(pool[i].n, pool[i].text, float(scores[i]), vectors[i], covered[pool[i]])
        for i in ranked
    ]


def _eligible(
    question: str, sentences: list[PassageSentence], passages: list[NumberedPassage]
) -> dict[PassageSentence, float]:
    """The sentences that may answer, each with its coverage of the question."""
    parts = question_parts(question)
    if parts[0].is_question:
        found = {s: answers(parts, s.text, s.context) for s in sentences}
        return {s: c for s, c in found.items() if c is not None}
    # A drafting query: its numbers must occur in the passage, as before.
    asked, held = parts[0], {p.n: extract_facts(p.hit.text) for p in passages}
    kept = {}
    for s in sentences:
        wanted = asked.facts.numbers <= held[s.n].numbers and asked.facts.months <= held[s.n].months
        facts = extract_facts(s.text)
        if wanted and (not _ASKS_NUMBER.search(question) or facts.numbers or facts.months):
            kept[s] = 1.0
    return kept


def answering(question: str, ranked: list[Candidate]) -> list[Candidate]:
    """The candidates that may answer: covering the question, or similar enough to a query."""
    if parse_question(question).is_question:
        return [c for c in ranked if c.coverage >= MIN_COVERAGE]
    return [c for c in ranked if c.score >= RELEVANCE_THRESHOLD]


def extractive_sentences(
    question: str, passages: list[NumberedPassage], embedder: Embeddings, max_sentences: int = 3
) -> list[tuple[int, str]]:
    """Up to ``max_sentences`` distinct answering sentences as ``(passage n, text)``."""
    pool = answering(question, candidates(question, passages, embedder))
    focused = parse_question(question).is_question
    chosen: list[Candidate] = []
    for candidate in pool:
        if len(chosen) == max_sentences:
            break
        if focused and chosen and candidate.score < chosen[0].score - SECOND_SENTENCE_MARGIN:
            break  # an answer is at most what the question needs
        if all(float(candidate.vector @ c.vector) < DUPLICATE_COSINE for c in chosen):
            chosen.append(candidate)
    return [(c.n, c.text) for c in chosen]


def extractive_answer(question: str, passages: list[NumberedPassage], embedder: Embeddings) -> str:
    """The selected sentences as ``text [n].`` prose; "" if none qualify."""
    selected = extractive_sentences(question, passages, embedder)
    return " ".join(f"{text.rstrip().rstrip('.')} [{n}]." for n, text in selected)
