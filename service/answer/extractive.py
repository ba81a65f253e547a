"""Extractive composer: no LLM; pick the passage sentences that best answer the question.

Its output has the same ``sentence [n]`` shape as a model's, so it goes through the
same citation resolution and verification. It is also the fallback when a model's
sentences all fail verification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from service.answer.compose import NumberedPassage
from service.answer.facts import extract_facts, split_sentences
from service.answer.verify import token_coverage
from service.corpus.instructions import is_instruction_like

# Calibrated on evals/core (answerable vs unanswerable questions); see README "Abstention".
RELEVANCE_THRESHOLD = 0.55
_ASKS_NUMBER = re.compile(r"\b(how (many|much|long|far)|what (year|date|day|month)|when)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a passage and how well it answers the question."""

    n: int
    text: str
    score: float
    vector: np.ndarray


def candidates(
    question: str, passages: list[NumberedPassage], embedder: Embeddings
) -> list[Candidate]:
    """Scored sentences of the passages that could answer ``question``, best first."""
    asked = extract_facts(question)
    wants_number = _ASKS_NUMBER.search(question) is not None
    pool: list[tuple[int, str]] = []
    for p in passages:
        held = extract_facts(p.hit.text)
        # A question about 2015 is not answered by a passage that never mentions 2015.
        if not (asked.numbers <= held.numbers and asked.months <= held.months):
            continue
        for start, end in split_sentences(p.hit.text):
            line_start = p.hit.text.rfind("\n", 0, start) + 1
            sentence = p.hit.text[start:end]
            if p.hit.text[line_start:start].lstrip().startswith("#") or len(sentence) < 25:
                continue  # headings are labels, not claims
            if is_instruction_like(sentence):
                continue  # an instruction in a document is quoted nowhere as fact
            facts = extract_facts(sentence)
            if wants_number and not (facts.numbers or facts.months):
                continue
            pool.append((p.n, sentence))
    if not pool:
        return []
    vectors = np.asarray(embedder.embed_documents([s for _, s in pool]), dtype=np.float32)
    query = np.asarray(embedder.embed_query(question), dtype=np.float32)
    scores = vectors @ query + 0.3 * np.array([token_coverage(question, s) for _, s in pool])
    ranked = sorted(range(len(pool)), key=lambda i: -scores[i])
    return [Candidate(pool[i][0], pool[i][1], float(scores[i]), vectors[i]) for i in ranked]


def extractive_sentences(
    question: str,
    passages: list[NumberedPassage],
    embedder: Embeddings,
    max_sentences: int = 3,
    threshold: float = RELEVANCE_THRESHOLD,
) -> list[tuple[int, str]]:
    """Up to ``max_sentences`` distinct answering sentences as ``(passage n, text)``."""
    chosen: list[Candidate] = []
    for candidate in candidates(question, passages, embedder):
        if candidate.score < threshold or len(chosen) == max_sentences:
            break
        if all(float(candidate.vector @ c.vector) < 0.9 for c in chosen):
            chosen.append(candidate)
    return [(c.n, c.text) for c in chosen]


def extractive_answer(question: str, passages: list[NumberedPassage], embedder: Embeddings) -> str:
    """The selected sentences as ``text [n].`` prose; "" if none qualify."""
    selected = extractive_sentences(question, passages, embedder)
    return " ".join(f"{text.rstrip().rstrip('.')} [{n}]." for n, text in selected)
