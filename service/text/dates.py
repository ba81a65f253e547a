"""Calendar dates as the corpus stores and filters them: ``YYYY-MM-DD`` and nothing else.

``datetime.date.fromisoformat`` also takes ISO week dates ("2014-W01-1") and compact
forms ("20140101"), which then broke the ``YYYYMMDD`` number Chroma filters on (a 500);
so the shape is checked first.
"""

from __future__ import annotations

import datetime as dt
import re

MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # index = month number
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_iso_date(value: object) -> str | None:
    """``value`` as ``YYYY-MM-DD`` if it is such a real date (or a ``date``), else None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:  # 2014-02-30
        return None


def is_year(number: str, earliest: int = 0, latest: int = 9999) -> bool:
    """Whether a number as a sentence writes it is a year from ``earliest`` to ``latest``:
    four digits ("2024"), not a decimal of four characters ("5.28") nor a grouped count
    ("1,830"). The one reading of "a year" that questions, premises and counts share; each
    caller names the years it can mean (a count of 1830 spouses is not the year 1830)."""
    return len(number) == 4 and number.isdigit() and earliest <= int(number) <= latest


def written_date(value: str) -> str:
    """An ISO date as prose ("19 March 2024"), so what reads sentences reads it too; ""
    when ``value`` is not a ``YYYY-MM-DD`` date."""
    iso = parse_iso_date(value)
    if iso is None:
        return ""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {MONTH_NAMES[month]} {year}"
