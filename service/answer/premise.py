"""False premises: a question that takes for granted a year the sources state otherwise
("Why did five abductees return to Japan in 2004?" when the sources say 2002).

An abstention says what no source states; when a passage sentence meets everything the
question asks except that one year, and states another year, the answer says so first,
quoting the sentence. Only years: counts were tried and read ordinals, paragraph and
resolution numbers as counts ("the third report", "paragraph 3", "resolution 2397": 9 of
16 corrections on the core, leave-one-out and Normans/Rhine suites were of that kind).
The sentence must hold ``PREMISE_COVERAGE`` of the question's words, more than an answer
needs (0.5): at 0.5 it offered sentences about other events. The reading model's
contradiction judgment is too weak for other premises yet (held-out SNLI 0.76; on "North
Korea returned Megumi Yokota in 2004" against the DNA finding, P(contradiction) 0.22).
"""

from __future__ import annotations

from dataclasses import dataclass

from service.answer.numbered import NumberedPassage
from service.answer.passage_sentences import PassageSentence, passage_sentences
from service.answer.question import Asked, coverage, unmet
from service.text.dates import is_year
from service.verify.facts import extract_facts

# Share of the question's words a correcting sentence must hold (see above).
PREMISE_COVERAGE = 0.8
# The years a premise is read off: the last three centuries, not "the 1100s".
PREMISE_YEARS = (1800, 2099)


@dataclass(frozen=True)
class Correction:
    """A year or number the question takes for granted, and a sentence stating otherwise."""

    assumed: str
    n: int
    sentence: str


def corrections(parts: list[Asked], passages: list[NumberedPassage]) -> list[Correction]:
    """For each year the question (its ``question_parts``) assumes and no source states,
    the best sentence that meets the rest of the question and states another year; []
    when none."""
    sentences = passage_sentences(passages)
    found: dict[str, tuple[float, Correction]] = {}
    for asked in parts:
        for s in sentences:
            assumed = _only_miss(asked, s)
            if assumed is None:
                continue
            score = coverage(asked, s.text, s.context)
            if score >= PREMISE_COVERAGE and score > found.get(assumed, (0.0, None))[0]:
                found[assumed] = (score, Correction(assumed, s.n, s.text))
    return [correction for _, correction in found.values()]


def _only_miss(asked: Asked, s: PassageSentence) -> str | None:
    """The question's one year the sentence does not state, when that is all it misses
    and the sentence states another year; else None."""
    missing = unmet(asked, s.text, s.context)
    if (
        len(missing) != 1
        or not is_year(missing[0], *PREMISE_YEARS)
        or missing[0] not in asked.facts.numbers
    ):
        return None
    stated = extract_facts(s.text).numbers - asked.facts.numbers
    return missing[0] if any(is_year(n, *PREMISE_YEARS) for n in stated) else None
