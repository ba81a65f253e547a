"""Conflicts beyond dates: sources that give different numbers for the same count, and a
later source that supersedes an earlier one.

Both are read from what the sentences say, not from how similar they look:

- **Numbers**: two sentences that each attribute a count of the same thing (abductees,
  Japanese spouses, returnees, ... the ``COUNTED`` lexicon) to someone ("Japan recognises",
  "the DPRK admits", "a 2023 study puts", "the government estimated") and give it different
  values. A partitive count ("8 of the remaining 12 abductees") is a part, not the total,
  and never counts. When both sentences state a date, the later one is marked.
- **Supersession**: two dated sentences that name the same specific thing (beyond the
  parties) where the later one says it changed ("dissolved", "restored", "replaced",
  "once more", ...): the later statement replaces the earlier one.

The functions here pair sentences; ``TimelineBuilder.conflicts`` cites each side through
the shared citation path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from service.papers.dates import later_than, same_year
from service.text.dates import is_year

# A counted thing -> the ways a sentence names it right after (or before) its number.
COUNTED: dict[str, str] = {
    "abductees": r"(?:recognised |recognized |admitted )?(?:abductees|abductions)",
    "Japanese spouses": r"Japanese (?:spouses|wives|women)",
    "returnees": r"returnees|people (?:moved|went|had gone|were repatriated)",
    "Korean residents": r"Korean residents|Koreans (?:living |resident )?in Japan",
    "sets of remains": r"sets of remains",
    "Japanese dead": r"Japanese (?:who )?died|Japanese dead",
}
_QUALIFIER = r"(about |roughly |some |around |more than |over |nearly |almost |at least )?"
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d{1,5})"
_COUNT_FIRST = {
    name: re.compile(rf"\b{_QUALIFIER}{_NUMBER}\s+(?:{pattern})\b", re.I)
    for name, pattern in COUNTED.items()
}
_COUNT_AFTER = {
    name: re.compile(
        rf"\bnumber of (?:the )?(?:{pattern})\b[^.;]{{0,60}}?\bat {_QUALIFIER}{_NUMBER}"
        rf"|\b(?:{pattern}),? numbering {_QUALIFIER}{_NUMBER}",
        re.I,
    )
    for name, pattern in COUNTED.items()
}
# Whose count it is: a count stated with no one behind it is not a side of a disagreement.
_ATTRIBUTED_COUNT = re.compile(
    r"\b(says?|said|admit\w*|recogni[sz]\w*|estimat\w*|puts?|according to|figure|claim\w*|"
    r"report\w*|counts?|lists?|study|records?)\b",
    re.I,
)
# "8 of the remaining 12 abductees" is a part; "the 12 recognised abductees" refers to a group
# the reader already knows: neither asserts a total.
_NOT_A_TOTAL = re.compile(r"\b(?:of (?:the )?(?:\w+ )?|the )$", re.I)
# What a later sentence says when it replaces what an earlier one stated.
_CHANGE = re.compile(
    r"\b(once more|restored|changed|revised|replac\w+|supersed\w+|revers\w+|"
    r"dissolv\w+|scrapp\w+|abandon\w+|lifted|reimpos\w+|no longer|overturn\w+|"
    r"withdr[ae]w\w*|halted|void\w*)\b",
    re.I,
)
# What can be superseded: a named agreement, ruling, measure, body or commitment ("the
# Special Investigation Committee"); a person cannot ("Kim" in two sentences is often two).
_INSTRUMENT = re.compile(
    r"\b((?:[A-Z][\w'-]* ){1,3})(?i:(agreement|declaration|committee|court|statement|"
    r"resolution|talks|summit|project|measures|threshold|ban|moratorium|investigation|"
    r"framework|treaty|accord|law|sanctions|survey|policy|liaison office))\b"
)
# A four-digit number of these years beside a counted thing is a year, never the count.
COUNT_YEARS = (1900, 2099)
SUPERSESSIONS = 3  # per paper: the clearest few, not every pair of an event's history


@dataclass(frozen=True)
class Said:
    """A passage sentence: the passage it is from, its text, its ISO dates in text order."""

    n: int
    text: str
    dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clash:
    """Two sentences that disagree (``kind`` "number") or where ``b`` supersedes ``a``."""

    kind: Literal["number", "supersession"]
    about: str
    a: Said
    b: Said
    value_a: str
    value_b: str
    later: Said | None = None


def counts(text: str) -> dict[str, tuple[int, str]]:
    """The totals a sentence attributes to someone, by counted thing, each as its value and
    as the sentence words it ({"Japanese spouses": (1830, "about 1,830")})."""
    if not _ATTRIBUTED_COUNT.search(text):
        return {}
    found: dict[str, tuple[int, str]] = {}
    for name in COUNTED:
        for m in _COUNT_FIRST[name].finditer(text):
            if not _NOT_A_TOTAL.search(text[: m.start()]) and not is_year(m[2], *COUNT_YEARS):
                found.setdefault(name, _value(m[1], m[2]))
        for m in _COUNT_AFTER[name].finditer(text):
            qualifier, number = (m[1], m[2]) if m[2] else (m[3], m[4])
            if not is_year(number, *COUNT_YEARS):
                found.setdefault(name, _value(qualifier, number))
    return found


def _value(qualifier: str | None, number: str) -> tuple[int, str]:
    return int(number.replace(",", "")), f"{qualifier or ''}{number}"


def number_clashes(sentences: list[Said]) -> list[Clash]:
    """Pairs of sentences giving different totals for the same counted thing, one pair per
    thing and pair of values."""
    counted = [(s, counts(s.text)) for s in sentences]
    found: dict[tuple[str, frozenset[int]], Clash] = {}
    for i, (a, in_a) in enumerate(counted):
        for b, in_b in counted[i + 1 :]:
            for name in in_a.keys() & in_b.keys():
                (value_a, said_a), (value_b, said_b) = in_a[name], in_b[name]
                key = (name, frozenset((value_a, value_b)))
                if value_a != value_b and key not in found:
                    found[key] = Clash(
                        "number", f"the number of {name}", a, b, said_a, said_b, later=_later(a, b)
                    )
    return list(found.values())


def supersessions(sentences: list[Said]) -> list[Clash]:
    """Pairs where a later dated sentence says that an instrument the earlier one names
    changed (was dissolved, restored, reversed, voided, ...); one per instrument, the
    latest few."""
    dated = sorted((s for s in sentences if s.dates), key=lambda s: s.dates[0])
    found: dict[str, Clash] = {}
    for i, earlier in enumerate(dated):
        for later in dated[i + 1 :]:
            first, second = earlier.dates[0], later.dates[0]
            if same_year(first, second):
                continue  # the same year (or an unresolvable month/day): not a later source
            about = _shared_instrument(earlier.text, later.text)
            # The later sentence must say the instrument itself changed ("dissolving the
            # Special Investigation Committee"), not only mention it near a change.
            changed = re.compile(rf"{_CHANGE.pattern}[^.;]{{0,60}}{re.escape(about)}", re.I)
            if about and about.lower() not in found and changed.search(later.text):
                found[about.lower()] = Clash(
                    "supersession", f"the {about}", earlier, later, first, second, later
                )
    return sorted(found.values(), key=lambda c: c.b.dates[0], reverse=True)[:SUPERSESSIONS]


def changed_instruments(text: str) -> list[str]:
    """The instruments a text says changed ("dissolving the Special Investigation
    Committee" -> ["Special Investigation Committee"])."""
    found = []
    for m in _INSTRUMENT.finditer(text):
        name = _name(m)
        before = text[max(0, m.start() - 80) : m.start() + len(m[0]) - len(name)]
        if len(name.split()) >= 2 and _CHANGE.search(before.split(".")[-1]):
            found.append(name)
    return found


def _shared_instrument(a: str, b: str) -> str:
    """The named instrument both sentences speak of ("Special Investigation Committee"), or
    "". A bare noun ("the Agreement") names nothing: two words at least, one the noun."""
    names_b = [_name(m) for m in _INSTRUMENT.finditer(b)]
    for name in (_name(m) for m in _INSTRUMENT.finditer(a)):
        for other in names_b:
            short, long = sorted((name, other), key=len)
            if len(short.split()) >= 2 and long.lower().endswith(short.lower()):
                return short
    return ""


def _name(match: re.Match[str]) -> str:
    return re.sub(r"^(?:The|Under|In|On|By|After|Before|At) ", "", match[0]).strip()


def _later(a: Said, b: Said) -> Said | None:
    """The sentence whose own (first) date is later, when both state one in different years."""
    if a.dates and b.dates and not same_year(a.dates[0], b.dates[0]):
        return a if later_than(a.dates[0], b.dates[0]) else b
    return None
