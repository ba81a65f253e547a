"""Extractive composer: no LLM; pick the passage sentences that answer the question.

Its output has the same ``sentence [n]`` shape as a model's, so it goes through the
same citation resolution and verification. It is also the fallback when a model's
sentences all fail verification.

The caller says what the text is (``purpose``). For a question, a sentence is a
candidate only if it meets the question's constraints (``service.answer.question``: the
names, numbers and years it states, the kind of answer it asks for, most of its content
words), read with the sentence's context: its document title, heading path and the
sentence before it (a sentence under "Chairman So Tae Ha" is about the chairman). Among
those, ``service.answer.focus`` ranks the ones that answer above the ones that merely
resemble the question; the direct answer comes first, an answer holds one sentence per
fact and no more sentences than the question needs. A drafting query (evidence for a
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
    overlap,
    rarity,
    words,
)
from service.answer.numbered import NumberedPassage, Purpose
from service.answer.question import (
    MIN_COVERAGE,
    Asked,
    answers,
    parse_question,
    question_parts,
)
from service.corpus.embed import LocalEmbeddings
from service.corpus.instructions import is_instruction_like
from service.corpus.lexical import heading_path
from service.text.dates import written_date
from service.text.language import language_of
from service.text.sentences import dateline, sentence_spans
from service.verify.facts import extract_facts
from service.verify.reader import ReadingModel
from service.verify.support import token_coverage

# Drafting queries only (section queries are bags of terms, not questions): their score
# is MiniLM similarity plus this weight times word coverage, and must reach the threshold.
RELEVANCE_THRESHOLD = 0.55
EVIDENCE_COVERAGE_WEIGHT = 0.3
# Sentences at least this similar state the same fact: one is kept.
DUPLICATE_COSINE = 0.8
DUPLICATE_OVERLAP = 0.7
# Weights of the focus signals added to MiniLM similarity (service.answer.focus).
FOCUS_WEIGHT = 1.0
AGENT_WEIGHT = 0.3
# A why-question prefers a sentence stating a cause (``focus.cause_match``); a preference,
# not a constraint, since a cause is often stated without a connective. On the tune
# suites (2026-12-07) 0.3 raised core F1 0.402 -> 0.405 and moved nothing else.
CAUSE_WEIGHT = 0.3
# A further sentence joins an open question's answer ("what", "why", "how") only if it
# scores this close to the best; a question that asks for a date, number, name or place
# is answered by the best sentence for each of its parts.
SECOND_SENTENCE_MARGIN = 0.2
# With the reading model as the answer gate (BRIEFING_ANSWER_RANKER=model): a sentence
# answers a part of the question when the model's P(answers) reaches this. Chosen on the
# tune suites (full pipeline, 2026-12-07; docs/records.md): 0.2 kept the core answer rate
# (0.910) and raised leave-one-out abstention (0.705 -> 0.718) and the SQuAD tune
# articles' answered / abstained (0.733 / 0.613 -> 0.760 / 0.667); 0.3 and 0.5 abstained
# more but cost core answers (0.885, 0.821).
MIN_READER_ANSWER = 0.2
# Document types whose date is the day of what they report (``doc_type`` in front matter).
REPORT_TYPES = frozenset({"news", "statement", "press-release", "speech"})
_QUESTION_WORDS = frozenset(
    "how what which who whom whose when where why in on at for from".split()
)
# Shorter sentences are headings or fragments, not claims. A Japanese sentence says in
# 10 characters ("当時13歳であった。") what English says in 25 or more.
MIN_SENTENCE = 25
MIN_CJK_SENTENCE = 8
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


@dataclass(frozen=True)
class PassageSentence:
    """A claim sentence of passage ``n`` and its context: title, headings, previous sentence."""

    n: int
    text: str
    context: str


# A passage sentence that may answer: its coverage of the question and the parts it answers.
Eligible = dict[PassageSentence, tuple[float, tuple[bool, ...]]]


def passage_sentences(passages: list[NumberedPassage]) -> list[PassageSentence]:
    """Claim sentences of the passages (no headings, no fragments) with their context."""
    found = []
    for p in passages:
        text, previous = p.hit.text, ""
        heading = passage_context(p)
        for start, end in sentence_spans(text):
            line_start = text.rfind("\n", 0, start) + 1
            sentence = text[start:end]
            if text[line_start:start].lstrip().startswith("#"):
                heading += f"\n{sentence}"  # a heading inside the chunk: context for what follows
                continue
            if is_instruction_like(sentence):
                continue  # an instruction in a document is quoted nowhere as fact
            english = language_of(sentence) == "en"
            if len(sentence) >= (MIN_SENTENCE if english else MIN_CJK_SENTENCE):
                found.append(PassageSentence(p.n, sentence, f"{heading}\n{previous}"))
            previous = sentence
    return found


def passage_context(passage: NumberedPassage) -> str:
    """What places a passage's sentences: its title and headings, a report's date and a
    dateline. News copy does not repeat the year it is dated in, so "In March 2024, how
    many ..." over an article dated March 2024 is met by the date, as a reader takes it."""
    hit = passage.hit
    # Only a report's date is the date of what it reports; a fact sheet dated 2025 about
    # 2002 would otherwise meet every question that assumes 2025.
    dated = written_date(hit.date) if hit.doc_type in REPORT_TYPES else ""
    # A dateline ("TOKYO, Oct. 15, 2002 (Kyodo) —") places what follows: context, never quoted.
    # The date alone: a word beside it ("Dated") would count towards a question's words.
    parts = (heading_path(hit), dated, dateline(hit.text))
    return "\n".join(part for part in parts if part)


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
    and for which the reading model's P(answers) reaches ``MIN_READER_ANSWER``. A
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
    return [tuple(bool(p >= MIN_READER_ANSWER) for p in row) for row in read]


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
    return f"{first.lower()} {rest}" if first.lower() in _QUESTION_WORDS else text


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
