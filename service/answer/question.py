"""What a question asks, and whether a sentence meets it.

Abstention is decided from the question's own constraints rather than from how
similar a sentence looks: the names, numbers, years and ordinals the question
states must be stated by the sentence or its context (its heading path, its
document title, the sentence before it), the sentence must hold the kind of thing
the question asks for (a date for "when", a number for "how many", a name for
"who"), and it must cover most of the question's content words. A near miss (the
right topic, the wrong year, party or event) fails one of these, and the check
says which of the question's terms no source states.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from service.answer.facts import Facts, extract_facts, split_sentences
from service.corpus.lexical import tokenize

# Share of the question's content words the sentence and its context must contain.
# Calibrated on evals/core and the SQuAD Normans/Rhine sample (bench/abstention.py).
MIN_COVERAGE = 0.5

_QUANTITY = (
    r"\bhow (many|much|long|far|often|large|big|old|high|wide|deep)\b"
    r"|\bwhat (price|amount|sum|percentage|share|number|length|size)\b"
)
_DATE = r"\b(when|what (year|date|day|month|decade|century)|which year)\b"
_NAME = (
    r"\bwhat (was|is|were|are) the names? of\b"
    r"|\bwhich (\w+ )?(ministers|officials|people|persons|leaders|members)\b"
)
_PERSON = r"^\s*(who|whom|whose)\b|\bwho (was|is|were|did)\b"
# A proper name of two or more capitalised words ("So Tae Ha", "Fumio Kishida").
_OPENERS = frozenset("The A An In On At After Before When While During Under".split())
_PROPER_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")
_PLACE = r"^\s*where\b|\bin (what|which) (country|city|region|place|town)\b"
_TYPES = [
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        ("quantity", _QUANTITY), ("date", _DATE), ("name", _NAME), ("person", _PERSON),
        ("place", _PLACE)
    )
]  # fmt: skip
_YEAR_OR_DATE = re.compile(r"\b(1\d{3}|20\d{2}|centur|years? ago|BP\b|decade)", re.I)
# A question's part ("..., and what did X say?") is answered on its own.
_PARTS = re.compile(r",? and (?=(who|whom|whose|what|which|when|where|why|how)\b)", re.I)
# "1959-84" is 1959 to 1984, not a number 84.
_SHORT_RANGE = re.compile(r"\b(1[89]|20)(\d\d)\s*[-–]\s*(\d\d)\b")
_SAME_STATE = [
    (re.compile(r"\b(North Korea(n)?|Pyongyang|Democratic People's Republic of Korea)\b"), "DPRK"),
    (re.compile(r"\b(South Korea(n)?|Seoul|Republic of Korea)\b", re.I), "ROK"),
    (re.compile(r"\b(Tokyo|Japanese)\b"), "Japan"),
]  # fmt: skip
# Capitals and demonyms stand for their states in questions ("Tokyo offered Pyongyang").
_STANDS_FOR = {"tokyo": "japan", "pyongyang": "dprk", "seoul": "rok", "washington": "us",
               "beijing": "china", "moscow": "russia"}  # fmt: skip


@dataclass(frozen=True)
class Asked:
    """A question's constraints: answer type, stated facts and content words."""

    text: str
    answer_type: str
    facts: Facts
    words: frozenset[str]


def parse_question(question: str) -> Asked:
    """The constraints ``question`` states (of its first part, for a multi-part question)."""
    return question_parts(question)[0]


def question_parts(question: str) -> list[Asked]:
    """One ``Asked`` per part of the question ("Who ..., and what ...?" has two)."""
    # Only the asking sentences constrain: "When were the talks held? Say Geneva." asks one thing.
    asking = [question[a:b] for a, b in split_sentences(question) if question[a:b].endswith("?")]
    text = " ".join(asking) or question
    expanded = _SHORT_RANGE.sub(lambda m: f"{m[1]}{m[2]}-{m[1]}{m[3]}", text)
    parts = [p for p in _PARTS.split(expanded)[::2] if p and p.strip()]
    return [_asked(part, question) for part in parts] or [_asked(expanded, question)]


def _asked(part: str, question: str) -> Asked:
    kind = next((name for name, pattern in _TYPES if pattern.search(part)), "other")
    return Asked(question, kind, extract_facts(part), frozenset(tokenize(_canonical(part))))


def _canonical(text: str) -> str:
    """Text with each state's names made one ("Tokyo", "Japanese" -> "Japan")."""
    for pattern, name in _SAME_STATE:
        text = pattern.sub(name, text)
    return text


def unmet(asked: Asked, sentence: str, context: str) -> list[str]:
    """What the question states that ``sentence`` (with its ``context``) does not; [] if met."""
    held = extract_facts(f"{context}\n{sentence}")
    missing = sorted(asked.facts.numbers - held.numbers)
    missing += sorted(asked.facts.months - held.months)
    missing += sorted(e for e in asked.facts.entities if not _named(e, held.words))
    if not _has_answer_type(asked, extract_facts(sentence), sentence):
        missing.append(f"a {asked.answer_type}")
    return missing


def _named(entity: str, words: frozenset[str]) -> bool:
    """Whether a question's name occurs: in any inflection ("Normans", "European"), as the
    state a capital stands for, or misspelt by a letter ("Wessel" for "Wesel")."""
    entity = _STANDS_FOR.get(entity, entity)
    if entity in words:
        return True
    stem = tokenize(entity)[0] if tokenize(entity) else entity
    if len(stem) >= 4 and any(w.startswith(stem) for w in words):
        return True
    close = difflib.get_close_matches(entity, [w for w in words if len(w) >= 5], 1, 0.85)
    return len(entity) >= 5 and bool(close)


def answers(parts: list[Asked], sentence: str, context: str) -> float | None:
    """The best coverage among the question parts the sentence meets; None if it meets none."""
    met = [coverage(a, sentence, context) for a in parts if not unmet(a, sentence, context)]
    return max(met, default=None)


def unstated(parts: list[Asked], texts: list[str]) -> list[str]:
    """The names, numbers and months the question states that none of ``texts`` states."""
    held = extract_facts("\n".join(texts))
    missing: set[str] = set()
    for asked in parts:
        missing |= asked.facts.numbers - held.numbers
        missing |= {e for e in asked.facts.entities if not _named(e, held.words)}
    return sorted(missing)


def coverage(asked: Asked, sentence: str, context: str) -> float:
    """Share of the question's content words in the sentence and its context."""
    if not asked.words:
        return 1.0
    held = set(tokenize(_canonical(f"{context}\n{sentence}")))
    return len(asked.words & held) / len(asked.words)


def _has_answer_type(asked: Asked, facts: Facts, sentence: str) -> bool:
    """Whether the sentence holds something of the asked type that the question lacks."""
    if asked.answer_type == "quantity":
        return bool(facts.numbers - asked.facts.numbers)
    if asked.answer_type == "date":
        return bool(facts.months | (facts.numbers - asked.facts.numbers)) or bool(
            _YEAR_OR_DATE.search(sentence)
        )
    if asked.answer_type == "name":  # "what was the name of", "which ministers": names
        question = asked.text.lower()
        names = [m.group() for m in _PROPER_NAME.finditer(sentence)]
        return any(n.lower() not in question and n.split()[0] not in _OPENERS for n in names)
    if asked.answer_type in ("person", "place"):
        return bool(facts.entities - asked.facts.entities - asked.facts.words)
    return True
