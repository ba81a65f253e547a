"""The claim sentences of retrieved passages, each with what places it: its document's
title and headings, a report's date, a dateline and the sentence before it. What the
answer's candidates (``service.answer.extractive``) and the false-premise check
(``service.answer.premise``) read."""

from __future__ import annotations

from dataclasses import dataclass

from service.answer.numbered import NumberedPassage
from service.corpus.instructions import is_instruction_like
from service.corpus.lexical import heading_path
from service.text.dates import written_date
from service.text.language import language_of
from service.text.sentences import dateline, sentence_spans

# Document types whose date is the day of what they report (``doc_type`` in front matter).
REPORT_TYPES = frozenset({"news", "statement", "press-release", "speech"})
# Shorter sentences are headings or fragments, not claims. A Japanese sentence says in
# 10 characters ("当時13歳であった。") what English says in 25 or more.
MIN_SENTENCE = 25
MIN_CJK_SENTENCE = 8


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
