"""The extractive answer: which of the candidates (``service.answer.extractive``) it
says. The direct answer comes first, an answer holds one sentence per fact and no more
sentences than the question needs; the parts of the question no candidate answers are
named after it (``unanswered_parts``)."""

from __future__ import annotations

from service.answer.extractive import Candidate
from service.answer.focus import overlap
from service.answer.numbered import Purpose
from service.answer.question import Asked, parse_question
from service.answer.question_words import PART_OPENERS

# Sentences at least this similar state the same fact: one is kept.
DUPLICATE_COSINE = 0.8
DUPLICATE_OVERLAP = 0.7
# A further sentence joins an open question's answer ("what", "why", "how") only if it
# scores this close to the best; a question that asks for a date, number, name or place
# is answered by the best sentence for each of its parts.
SECOND_SENTENCE_MARGIN = 0.2


def unanswered_parts(parts: list[Asked], pool: list[Candidate]) -> list[str]:
    """The parts of a question of several parts (its ``question_parts``: "When ..., and
    who ...?") that no candidate answers, as the question words them; [] for a one-part
    question."""
    if len(parts) < 2:
        return []
    open_parts = [i for i in range(len(parts)) if not any(c.parts[i] for c in pool)]
    return [_as_clause(parts[i].part) for i in open_parts]


def _as_clause(part: str) -> str:
    """A question part as it reads after "No source states:" ("in which city did ...")."""
    text = part.strip(" ,?").removeprefix("and ")
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first.lower() in PART_OPENERS else text


def extractive_sentences(
    question: str,
    pool: list[Candidate],
    purpose: Purpose = "question",
    max_sentences: int = 3,
) -> list[tuple[int, str]]:
    """Up to ``max_sentences`` distinct sentences of ``pool`` (``answering_candidates``)
    as ``(passage n, text)``."""
    if purpose == "evidence":
        chosen: list[Candidate] = []
        for candidate in pool:
            if len(chosen) < max_sentences and not any(_same_fact(candidate, c) for c in chosen):
                chosen.append(candidate)
        return [(c.n, c.text) for c in chosen]
    typed = parse_question(question).answer_type != "other"
    return [(c.n, c.text) for c in _answer_sentences(pool, max_sentences, typed)]


def _answer_sentences(pool: list[Candidate], max_sentences: int, typed: bool) -> list[Candidate]:
    """The best sentence, then the best for each part of the question it leaves open, then
    (for an open question) one more only if it scores close to the best: an answer is what
    the question needs."""
    if not pool:
        return []
    chosen = [pool[0]]
    for part in range(len(pool[0].parts)):
        if not any(c.parts[part] for c in chosen):
            best = next((c for c in pool if c.parts[part] and _new(c, chosen)), None)
            chosen += [best] if best else []
    extra = None if typed else next((c for c in pool[1:] if _new(c, chosen)), None)
    if extra and extra.score >= pool[0].score - SECOND_SENTENCE_MARGIN:
        chosen.append(extra)
    return chosen[:max_sentences]


def _new(candidate: Candidate, chosen: list[Candidate]) -> bool:
    return candidate not in chosen and not any(_same_fact(candidate, c) for c in chosen)


def _same_fact(a: Candidate, b: Candidate) -> bool:
    """Near-duplicates: one is kept (the better ranked, which comes first)."""
    similar = float(a.vector @ b.vector) >= DUPLICATE_COSINE
    return similar or overlap(a.text, b.text) >= DUPLICATE_OVERLAP


def extractive_answer(question: str, pool: list[Candidate], purpose: Purpose = "question") -> str:
    """The sentences selected from ``pool`` as ``text [n].`` prose; "" if none qualify."""
    selected = extractive_sentences(question, pool, purpose)
    return " ".join(_cited(text, n) for n, text in selected)


def _cited(text: str, n: int) -> str:
    """``text [n].``; a Japanese sentence keeps its own stop after the marker: ``…た[n]。``."""
    text = text.rstrip()
    if text.endswith(("。", "！", "？")):
        return f"{text[:-1]}[{n}]{text[-1]}"
    return f"{text.rstrip('.')} [{n}]."
