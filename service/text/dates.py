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
