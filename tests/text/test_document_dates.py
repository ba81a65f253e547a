"""A document's date from its opening lines: labelled, alone on a line, or in a dateline."""

from __future__ import annotations

import pytest

from service.text.document_dates import FoundDate, find_document_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date: 5 September 2025\n\nBody.", FoundDate("2025-09-05", "5 September 2025")),
        ("# Memo\n\nIssued: September 5, 2025", FoundDate("2025-09-05", "September 5, 2025")),
        ("Published 2025-09-05", FoundDate("2025-09-05", "2025-09-05")),
        ("**12 March 2014**\n\nText.", FoundDate("2014-03-12", "12 March 2014")),
        (
            "GENEVA, Dec. 1, 2016 (Reuters) — The panel met.",
            FoundDate("2016-12-01", "Dec. 1, 2016"),
        ),
        ("# 拉致問題\n\n令和7年9月5日\n\n本文。", FoundDate("2025-09-05", "令和7年9月5日")),
        ("発表日：2014年5月29日", FoundDate("2014-05-29", "2014年5月29日")),
        ("平成元年1月8日", FoundDate("1989-01-08", "平成元年1月8日")),
    ],
)
def test_dated_opening_lines(text: str, expected: FoundDate) -> None:
    assert find_document_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Talks resumed on 4 July 2014 in Stockholm.",  # a date in a sentence: what it is about
        "SAPPORO, Japan, Feb. 9 (Kyodo) — No year, so no date.",
        "Date: 31 February 2025",  # no such day
        "Date: soon",
        "x" * 1600 + "\nDate: 5 September 2025",  # too deep to be the document's own date
    ],
)
def test_no_date_is_guessed(text: str) -> None:
    assert find_document_date(text) is None
