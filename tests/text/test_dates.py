"""Dates as the corpus stores them, and as prose for what reads sentences."""

from __future__ import annotations

import pytest

from service.text.dates import is_year, parse_iso_date, written_date


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


@pytest.mark.parametrize(
    ("number", "earliest", "latest", "year"),
    [("2024", 0, 9999, True), ("5.28", 0, 9999, False), ("1,830", 0, 9999, False),
     ("12345", 0, 9999, False), ("1830", 1900, 2099, False), ("1830", 1800, 2099, True),
     ("2100", 1900, 2099, False)],
)  # fmt: skip
def test_a_year_is_four_digits_in_the_range_the_caller_names(
    number: str, earliest: int, latest: int, year: bool
) -> None:
    assert is_year(number, earliest, latest) is year
