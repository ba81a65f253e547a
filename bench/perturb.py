"""Systematic perturbations of a source sentence, for the verifier's labelled meaning pairs.

Each function takes a sentence (and the passage it comes from) and returns a changed
sentence or None when it does not apply. Changes of meaning keep the words of the
source as far as possible, so that only the meaning check can tell them apart;
faithful paraphrases keep the meaning and change the form. The word tables here are
written for the generator and deliberately differ from the checker's tables in
``service/verify/meaning_words.py`` (they share the kinds, not the lists).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

Perturbation = Callable[[str, str, random.Random], str | None]

_ANTONYMS = {
    "lifted": "imposed", "imposed": "lifted", "lift": "impose", "impose": "lift",
    "agreed": "refused", "accepted": "rejected", "rejected": "accepted",
    "valid": "invalid", "invalid": "valid", "included": "excluded", "excluded": "included",
    "increased": "decreased", "rose": "fell", "fell": "rose", "widened": "narrowed",
    "opened": "closed", "closed": "opened", "began": "ended", "ended": "began",
    "started": "stopped", "eased": "tightened", "tightened": "eased", "allowed": "banned",
    "banned": "allowed", "permitted": "prohibited", "confirmed": "denied", "denied": "confirmed",
    "alive": "dead", "dead": "alive", "approved": "rejected", "strengthened": "weakened",
    "expanded": "reduced", "resumed": "suspended", "suspended": "resumed", "supported": "opposed",
    "opposed": "supported", "voluntary": "forced", "legal": "illegal", "higher": "lower",
    "lower": "higher", "more": "fewer", "won": "lost", "kept": "abandoned", "restored": "abolished",
    "renewed": "ended", "recognised": "disputed", "recognises": "disputes", "larger": "smaller",
    "successful": "unsuccessful", "major": "minor", "increase": "decrease", "strong": "weak",
    "early": "late", "part of": "separate from", "separate from": "part of",
    "maintained": "dropped", "remained": "ended", "stayed": "ended", "returned": "stayed",
    "largest": "smallest", "long": "short",
}  # fmt: skip
_CONDITIONS = {
    "once": "before", "after": "before", "before": "after", "until": "after", "if": "unless",
    "unless": "if", "when": "before", "only if": "even if", "provided": "unless",
}  # fmt: skip
_CAUSES = {"because": "although", "because of": "despite", "thanks to": "despite",
           "so that": "even though", "due to": "despite", "as a result of": "despite",
           "led to": "followed", "in response to": "regardless of"}  # fmt: skip
_SEQUENCE = {"in parallel": "one after another", "at the same time": "one after the other",
             "simultaneously": "in sequence", "then": "first", "later": "earlier",
             "earlier": "later", "followed": "preceded", "preceded": "followed",
             "first": "last", "subsequently": "previously"}  # fmt: skip
_MODALITY = {"agreed to": "considered whether to", "promised": "delivered", "pledged": "delivered",
             "would": "did", "will": "might", "was to": "refused to", "planned": "completed",
             "proposed": "implemented", "undertook to": "declined to", "offered": "delivered",
             "said it would": "had already", "must": "may", "can": "cannot",
             "delivered": "promised", "carried out": "considered", "handed over": "offered",
             "is": "may be", "was": "may have been", "are": "might be"}  # fmt: skip
_QUANTIFIERS = {"all": "some", "every": "one", "each": "one", "some": "all", "both": "neither",
                "only": "also", "none": "all", "most": "few", "many": "few", "no": "every",
                "several": "no", "entire": "partial", "whole": "half of the"}  # fmt: skip
_SPEECH = r"(?:said|says|stated|announced|claimed|reported|told|insisted|argued|declared|wrote)"
_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()  # fmt: skip
_MONTHS = ("January February March April May June July August September October November "
           "December").split()  # fmt: skip
_NAME = re.compile(r"(?:the )?(?:[A-Z][A-Za-z'’-]+)(?: (?:of |for )?[A-Z][A-Za-z'’-]+)*")
_SKIP_NAMES = set(_MONTHS) | {"The", "In", "On", "At", "After", "Before", "When", "Under", "By"}


_MONTH_AROUND = re.compile(r"^\s+(?:" + "|".join(_MONTHS) + r")\b")


def _is_day(sentence: str, match: re.Match[str]) -> bool:
    """A day of the month ("4 July"): changing it is a date change, not a number's."""
    return _MONTH_AROUND.match(sentence[match.end() :]) is not None


def _replace_phrase(sentence: str, table: dict[str, str], rng: random.Random) -> str | None:
    found = [
        m for phrase in table for m in re.finditer(rf"\b{re.escape(phrase)}\b", sentence, re.I)
    ]
    if not found:
        return None
    match = rng.choice(sorted(found, key=lambda m: (m.start(), m.group())))
    new = table[match.group().lower()]
    if match.group()[0].isupper():
        new = new[0].upper() + new[1:]
    return sentence[: match.start()] + new + sentence[match.end() :]


def _substitution(table: dict[str, str]) -> Perturbation:
    """A perturbation that replaces one phrase of ``table`` by its counterpart."""

    def change(sentence: str, passage: str, rng: random.Random) -> str | None:
        return _replace_phrase(sentence, table, rng)

    return change


def _names(sentence: str) -> list[re.Match[str]]:
    return [
        m
        for m in _NAME.finditer(sentence)
        if m.start() > 0 and m.group().split()[-1] not in _SKIP_NAMES and len(m.group()) > 2
    ]


def role_swap(sentence: str, passage: str, rng: random.Random) -> str | None:
    """Two parties of the sentence exchanged: who did what to whom."""
    names = _names(sentence)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            a, b = first.group(), second.group()
            if a.lower().removeprefix("the ") == b.lower().removeprefix("the "):
                continue
            between = re.findall(r"[a-z]+", sentence[first.end() : second.start()])
            if not set(between) - {"and", "or", "of", "the", "a", "an", "in", "to"}:
                continue  # items of a list, not parties around a verb
            if sentence.count(a) == 1 and sentence.count(b) == 1 and a not in b and b not in a:
                return (
                    sentence[: first.start()] + b + sentence[first.end() : second.start()]
                    + a + sentence[second.end() :]
                )  # fmt: skip
    return None


def attribution(sentence: str, passage: str, rng: random.Random) -> str | None:
    """Another party of the same passage made the speaker ("Japan said" -> "the DPRK said")."""
    pattern = rf"({_NAME.pattern}) {_SPEECH}\b|[Aa]ccording to ({_NAME.pattern})"
    speaker = re.search(pattern, sentence)
    if speaker is None:
        return None
    said = speaker.group(1) or speaker.group(2)
    start = speaker.start(1) if speaker.group(1) else speaker.start(2)
    others = sorted({m.group() for m in _names(passage)} - {said})
    others = [o for o in others if o.lower() not in said.lower() and said.lower() not in o.lower()]
    if not others:
        return None
    return sentence[:start] + rng.choice(others) + sentence[start + len(said) :]


def number(sentence: str, passage: str, rng: random.Random) -> str | None:
    """A quantity changed (not a year)."""
    found = [
        m
        for m in re.finditer(r"(?<![\d,.])\d{1,3}(?:,\d{3})*(?![\d,])", sentence)
        if not 1900 <= int(m.group().replace(",", "")) <= 2030 and not _is_day(sentence, m)
    ]
    if not found:
        return None
    m = rng.choice(found)
    value = int(m.group().replace(",", ""))
    new = value + rng.choice([1, 2, 3]) if value < 10 else value * 2
    return sentence[: m.start()] + f"{new:,}" + sentence[m.end() :]


def date(sentence: str, passage: str, rng: random.Random) -> str | None:
    """A year or month moved."""
    years = list(re.finditer(r"\b(19[0-9]{2}|20[0-3][0-9])\b", sentence))
    months = [m for m in re.finditer(r"\b(" + "|".join(_MONTHS) + r")\b", sentence)]
    if years:
        m = rng.choice(years)
        new = str(int(m.group()) + rng.choice([-3, -2, -1, 1, 2, 3]))
    elif months:
        m = rng.choice(months)
        new = _MONTHS[(_MONTHS.index(m.group()) + rng.choice([1, 2, 5])) % 12]
    else:
        return None
    return sentence[: m.start()] + new + sentence[m.end() :]


def number_as_words(sentence: str, passage: str, rng: random.Random) -> str | None:
    """Faithful: a small number written as a word, or a number word as digits."""
    digit = re.search(r"(?<![\d,.¥$%-])\b([2-9]|1[0-9]|20)\b(?![\d,.%])", sentence)
    if digit and not _is_day(sentence, digit):
        word = _NUMBER_WORDS[int(digit.group())]
        return sentence[: digit.start()] + word + sentence[digit.end() :]
    pattern = r"\b(" + "|".join(_NUMBER_WORDS[2:]) + r")\b"
    spelled = re.search(pattern, sentence, re.I)
    if spelled:
        value = str(_NUMBER_WORDS.index(spelled.group().lower()))
        return sentence[: spelled.start()] + value + sentence[spelled.end() :]
    return None


def reordered(sentence: str, passage: str, rng: random.Random) -> str | None:
    """Faithful: a leading phrase ("In May 2014, ...") moved to the end of the sentence."""
    opener = r"(?:In|On|At|By|From|Under|During|After|Before|Since|When)"
    lead = re.match(rf"({opener} [^,]{{3,60}}), (.+?)([.!?])$", sentence)
    if lead is None:
        return None
    phrase, rest, stop = lead.groups()
    if rest.split()[0] in {"The", "A", "An", "It", "This"}:
        rest = rest[0].lower() + rest[1:]
    return f"{rest} {phrase[0].lower() + phrase[1:]}{stop}"


# Substitutions: an opposite ("part of" -> "separate from"), a condition or time relation
# reversed ("once" -> "before"), a cause denied ("because" -> "although"), an order changed
# ("in parallel" -> "one after another"), a promise made a deed ("promised" -> "delivered"),
# a scope changed ("all" -> "some").
CHANGES: dict[str, Perturbation] = {
    "antonym": _substitution(_ANTONYMS), "role-swap": role_swap,
    "condition": _substitution(_CONDITIONS), "cause": _substitution(_CAUSES),
    "sequence": _substitution(_SEQUENCE), "modality": _substitution(_MODALITY),
    "quantifier": _substitution(_QUANTIFIERS), "attribution": attribution, "number": number,
    "date": date,
}  # fmt: skip
FAITHFUL: dict[str, Perturbation] = {"number-as-words": number_as_words, "reordered": reordered}
