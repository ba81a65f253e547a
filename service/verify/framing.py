"""Framing that states facts: a framing line (the paper's own analytic wording) may not
carry a checkable fact past the verifier.

A framing line is checkable when it has a number, a year or month, or a named party
doing something in the past ("The DPRK returned ..."): those are claims about the
record, which only a cited passage can support. Forward-looking policy wording
("Japan opens one comprehensive negotiation ...") is not checkable and stays framing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.package_data import package_dir, word_tables
from service.text.dates import MONTH_NAMES
from service.text.evidence import Passage
from service.verify.facts import NOT_ENTITIES, extract_facts
from service.verify.support import Verifier
from service.verify.wording import Wording

# Past tenses, adverbs and subject positions: ``data/framing_words.yaml``.
_DATA = word_tables(package_dir("service.verify") / "data" / "framing_words.yaml")
_NOT_PAST = frozenset(_DATA["not_past"])
_IRREGULAR_PAST = frozenset(_DATA["irregular_past"])
_ADVERBS = frozenset(_DATA["adverbs"])
_BEFORE_SUBJECT = frozenset(_DATA["before_subject"])
_DIGITS = re.compile(r"\d")
ANALYST_INSTRUCTION = "Analyst constraint:"


def checkable_facts(text: str) -> list[str]:
    """The checkable facts a framing line states (empty: pure framing)."""
    if text.startswith(ANALYST_INSTRUCTION):
        return []  # the analyst's own constraint, quoted by the writer: not a claim
    facts = extract_facts(text)
    found = [MONTH_NAMES[int(m)] for m in sorted(facts.months, key=int)]
    wording = Wording(text)
    for _, at in wording.mentions:
        verb = _verb_after(wording.words, at)
        start = at
        while (
            start > 0
            and wording.raw[start - 1][:1].isupper()
            and wording.words[start - 1] not in NOT_ENTITIES
        ):
            start -= 1  # back to the first word of the name ("Kim Jong Il")
        before = wording.words[start - 1] if start > 0 else "."
        # Only a subject acts: "keeps Japan aligned" has Japan as an object.
        if verb and (before in _BEFORE_SUBJECT or not before.isalpha()):
            found.append(" ".join([*wording.raw[start : at + 1], verb]))
            break
    # Digits always state a figure; "two" or "five" only beside a date or a past event.
    numbers = sorted(facts.numbers, key=lambda n: (len(n), n))
    if not (found or _DIGITS.search(text)):
        numbers = []
    return numbers + found


def _verb_after(words: list[str], at: int) -> str | None:
    """The past-tense verb right after a name, or after one adverb ("the DPRK later said")."""
    following = words[at + 1 : at + 3]
    if following and _past_tense(following[0]):
        return following[0]
    adverb = following and (following[0].endswith("ly") or following[0] in _ADVERBS)
    if adverb and len(following) > 1 and _past_tense(following[1]):
        return following[1]
    return None


def _past_tense(word: str) -> bool:
    if word in _NOT_PAST or not word.isalpha():
        return False
    return word.endswith("ed") or word in _IRREGULAR_PAST


def check_framing(text: str, passages: Sequence[Passage], verifier: Verifier) -> tuple[bool, str]:
    """``(supported, reason)`` for a framing line: pure framing passes; a line that states
    facts passes only when one of ``passages`` supports it, else the reason says why."""
    facts = checkable_facts(text)
    if not facts:
        return True, ""
    for passage in passages:
        if verifier.verify(text, [passage]).supported:
            return True, f"framing states facts ({', '.join(facts)}) that its section cites"
    return False, (
        f"framing states checkable facts ({', '.join(facts)}) that no cited passage supports;"
        " write it as a claim with a citation, or drop the facts"
    )
