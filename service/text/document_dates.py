"""A document's own date, read from its opening lines when nothing else states it.

Only lines whose purpose is to date the document qualify: a labelled line ("Date: 5
September 2025", "Published: Sept. 5, 2025"), a line that is nothing but a date, or a
wire dateline ("TOKYO, Sept. 5, 2025 (Kyodo) — ..."). A date inside a running sentence
("talks resumed on 4 July 2014") is what the document is about, not when it was written,
so it is never taken. The date is returned as found beside its ``YYYY-MM-DD`` form, so
a reader sees where it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from service.text.dates import MONTH_NAMES
from service.text.sentences import dateline

OPENING_CHARS = 1500  # a document's date sits in its first lines, never deep in the body
_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATES = (
    re.compile(rf"\b{_DAY} {_MONTH},? {_YEAR}\b"),  # 5 September 2025
    re.compile(rf"\b{_MONTH} {_DAY},? {_YEAR}\b"),  # September 5, 2025 / Sept. 5, 2025
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),  # ISO
    # 2025年9月5日, 令和7年9月5日 (MOFA and Cabinet Secretariat pages date themselves so).
    re.compile(
        r"(?:(?P<era>令和|平成)(?P<eyear>元|\d{1,2})|(?P<year>(?:19|20)\d\d))\s*年"
        r"\s*(?P<mnum>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
    ),
)
_ERA_START = {"令和": 2018, "平成": 1988}  # the year before each era's first year
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_LABEL = re.compile(
    r"^[#*_\s]*(?:Date|Dated|Published|Issued|Released|Updated|Last updated|Posted|As of"
    r"|日付|発表日|公表日|更新日)"
    r"\s*(?:on\s*)?[:：\-–—]?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    """A date read from a document's text: ``iso`` as filters use it, ``found`` as written."""

    iso: str
    found: str


def find_document_date(text: str) -> FoundDate | None:
    """The date a document gives itself in its opening lines, or None."""
    for line in text[:OPENING_CHARS].split("\n"):
        line = line.strip()
        if not line:
            continue
        found = _dated_line(line)
        if found is not None:
            return found
    return None


def _dated_line(line: str) -> FoundDate | None:
    label = _LABEL.match(line)
    if label:  # "Date: 5 September 2025": the label says what the date is
        return _date_in(line[label.end() :], whole=True)
    line_date = _date_in(re.sub(rf"^{_WEEKDAY}", "", line.strip("*_ ")), whole=True)
    if line_date is not None:
        return line_date
    opening = dateline(line)
    return _date_in(opening, whole=False) if opening else None


def _date_in(piece: str, whole: bool) -> FoundDate | None:
    piece = piece.strip().rstrip(".").strip("*_ ")
    for pattern in _DATES:
        match = pattern.fullmatch(piece) if whole else pattern.search(piece)
        if match is None:
            continue
        iso = _iso(match)
        if iso is not None:
            return FoundDate(iso, match.group(0))
    return None


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _month_number(groups["month"])
    year = int(groups["year"]) if groups.get("year") else _era_year(groups)
    try:
        return dt.date(year, month, int(groups["day"])).isoformat()
    except ValueError:  # 31 February
        return None


def _era_year(groups: dict[str, str]) -> int:
    number = 1 if groups["eyear"] == "元" else int(groups["eyear"])  # 元年: an era's first year
    return _ERA_START[groups["era"]] + number


def _month_number(name: str) -> int:
    prefix = name.rstrip(".")[:3].lower()
    return next(n for n, full in enumerate(MONTH_NAMES) if full[:3].lower() == prefix)
