"""Dates in source sentences, normalised to ISO ("1959-08-13", "1959-08", "1959"), and how
two of them compare: the chronology's and the conflict rules' one reading of a date."""

from __future__ import annotations

import re

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = "(" + "|".join(m.capitalize() for m in _MONTHS) + ")"
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(–\d{{1,2}})? {_MONTH},? (\d{{4}})\b")
_MONTH_FIRST = re.compile(rf"\b{_MONTH} (\d{{1,2}}), (\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH} (\d{{4}})\b")
_LEADING_YEAR = re.compile(r"^(?:In|By|From|Since|Until|On) (?:early |late |mid-)?(\d{4})\b")


def iso_dates(sentence: str) -> list[tuple[str, bool]]:
    """The dates a sentence gives, in text order, as ``(ISO date, single day)``; a day range
    ("11–13 August 2008") dates from its first day but is not a single day."""
    found: list[tuple[int, str, bool]] = []
    taken: list[tuple[int, int]] = []
    for m in _DAY_FIRST.finditer(sentence):
        month = _MONTHS.index(m[3].lower()) + 1
        found.append((m.start(), f"{m[4]}-{month:02d}-{int(m[1]):02d}", m[2] is None))
        taken.append(m.span())
    for m in _MONTH_FIRST.finditer(sentence):
        month = _MONTHS.index(m[1].lower()) + 1
        found.append((m.start(), f"{m[3]}-{month:02d}-{int(m[2]):02d}", True))
        taken.append(m.span())
    for m in _MONTH_YEAR.finditer(sentence):
        if not any(a <= m.start() < b for a, b in taken):
            found.append((m.start(), f"{m[2]}-{_MONTHS.index(m[1].lower()) + 1:02d}", False))
    if not found and (lead := _LEADING_YEAR.match(sentence)):
        found.append((0, lead[1], False))
    return [(iso, day) for _, iso, day in sorted(found)]


def later_than(date: str, doc_date: str) -> bool:
    """Whether ISO ``date`` falls after ISO ``doc_date`` at the precision both give
    ("2026-04" after "2025-11-12"; "2025-11" not after "2025-11-12")."""
    if not doc_date or not date:
        return False
    precision = min(len(date), len(doc_date))
    return date[:precision] > doc_date[:precision]


def same_year(a: str, b: str) -> bool:
    """Whether two ISO dates fall in one year ("2002-09-17" and "2002")."""
    return a[:4] == b[:4]


def same_date(a: str, b: str) -> bool:
    """Whether two ISO dates can name the same day: equal, or one the other's month or year
    ("2024-02" and "2024-02-15")."""
    return a.startswith(b) or b.startswith(a)
