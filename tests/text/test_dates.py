"""Dates as the corpus stores them, and as prose for what reads sentences."""

from __future__ import annotations

import pytest

from service.text.dates import parse_iso_date, written_date


@pytest.mark.parametrize(
    ("value", "written"),
    [("2024-03-15", "15 March 2024"), ("2002-10-05", "5 October 2002"), ("", ""),
     ("2014-02-30", ""), ("March 2024", "")],
)  # fmt: skip
def test_an_iso_date_is_written_as_prose(value: str, written: str) -> None:
    assert written_date(value) == written


def test_only_real_calendar_dates_parse() -> None:
    assert parse_iso_date("2014-05-29") == "2014-05-29"
    assert parse_iso_date("2014-W01-1") is None
