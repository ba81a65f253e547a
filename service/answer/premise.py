"""False premises: a question that takes for granted a year or a number the sources state
otherwise ("Why did five abductees return to Japan in 2004?" when the sources say 2002).

An abstention says what no source states; when a passage sentence meets everything the
question asks except that one year or number, and states another of the same kind, the
question's premise is what is wrong, and the answer says so first, quoting the sentence.
Only dates and numbers are read this way: they are facts the rules read reliably, and
the reading model's contradiction judgment does not yet (held-out SNLI 0.76; on "North
Korea returned Megumi Yokota in 2004" against the DNA finding it gives P(contradiction)
0.22).
"""

from __future__ import annotations

from dataclasses import dataclass

from service.answer.extractive import PassageSentence, passage_sentences
from service.answer.numbered import NumberedPassage
from service.answer.question import MIN_COVERAGE, Asked, coverage, question_parts, unmet
from service.verify.facts import extract_facts


@dataclass(frozen=True)
class Correction:
    """A year or number the question takes for granted, and a sentence stating otherwise."""

    assumed: str
    n: int
    sentence: str


def corrections(question: str, passages: list[NumberedPassage]) -> list[Correction]:
    """For each year or number the question assumes and no source states, the best
    sentence that meets the rest of the question and states another; [] when none."""
    sentences = passage_sentences(passages)
    found: dict[str, tuple[float, Correction]] = {}
    for asked in question_parts(question):
        for s in sentences:
            assumed = _only_miss(asked, s)
            if assumed is None:
                continue
            score = coverage(asked, s.text, s.context)
            if score >= MIN_COVERAGE and score > found.get(assumed, (0.0, None))[0]:
                found[assumed] = (score, Correction(assumed, s.n, s.text))
    return [correction for _, correction in found.values()]


def _only_miss(asked: Asked, s: PassageSentence) -> str | None:
    """The question's one year or number the sentence does not state, when that is all
    it misses and the sentence states another of the same kind; else None."""
    missing = unmet(asked, s.text, s.context)
    if len(missing) != 1 or missing[0] not in asked.facts.numbers:
        return None
    assumed = missing[0]
    stated = extract_facts(s.text).numbers - asked.facts.numbers
    same_kind = [n for n in stated if _is_year(n) == _is_year(assumed)]
    return assumed if same_kind else None


def _is_year(number: str) -> bool:
    return len(number) == 4 and number.isdigit() and number[:2] in {"18", "19", "20"}
