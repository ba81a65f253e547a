"""Numbers and dates as Japanese writes them, in the forms the fact checks compare.

The checks (``service.verify.facts``) read numbers as digits and months as names. A
Japanese text writes "令和2年6月5日" (the Reiwa era's second year: 2020), "9万3340人"
(93,340 people), "4万9千人", "100万円", and puts no space between a number and the word
around it. ``western_forms`` rewrites these as the checks read English: the era year as
its Western year, "6月" as "June", a number with 万 or 億 as its digits, each number set
apart by spaces; a date stated either way then carries the same facts.

``counted`` gives each number with the counter after it ("17人", "13歳", "100万円"):
a claim that 17 *cases* were recognised is not supported by "17人" (17 people).
"""

from __future__ import annotations

import re

from service.text.language import KANA, KANJI

# Era name -> the Western year before its first year (令和1年 = 2019).
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867}
_ERA_YEAR = re.compile(r"(令和|平成|昭和|大正|明治)\s*(\d{1,2}|元)\s*年")
_MONTH = re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])\s*月(?![間曜])")
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
# A number with 万 (10^4), 億 (10^8) or 千/百 inside it: "9万3340", "4万9千", "1.5億".
_GROUPED = re.compile(r"\d[\d,]*(?:\.\d+)?(?:[兆億万千百](?:\d[\d,]*(?:\.\d+)?)?)+")
_UNITS = {"兆": 10**12, "億": 10**8, "万": 10**4}
_SMALL_UNITS = {"千": 1000, "百": 100}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
_CJK_BEFORE_DIGIT = re.compile(f"(?<=[{KANA}{KANJI}、。「」（）・])(?=\\d)")
# Counters: what a number counts. 名 counts people as 人 does.
_COUNTERS = (
    "か国|カ国|ヵ国|ヶ国|家族|人|名|歳|件|回|隻|発|個|本|台|筆|票|円|ドル|トン|日間|年間"
    "|か月|カ月|ヶ月"
)
_COUNTED = re.compile(rf"(\d[\d,]*(?:\.\d+)?)\s*({_COUNTERS})")
_SAME_COUNTER = {"名": "人", "カ国": "か国", "ヵ国": "か国", "ヶ国": "か国",
                 "カ月": "か月", "ヶ月": "か月"}  # fmt: skip


def western_forms(text: str) -> str:
    """``text`` with Japanese numbers and dates in the forms English text uses."""
    text = text.translate(_FULL_WIDTH)
    text = _ERA_YEAR.sub(lambda m: f" {_era_year(m[1], m[2])}年", text)
    text = _GROUPED.sub(lambda m: f" {grouped_value(m[0])} ", text)
    text = _MONTH.sub(lambda m: f" {_MONTH_NAMES[int(m[1]) - 1]} ", text)
    return _CJK_BEFORE_DIGIT.sub(" ", text)


def counted(text: str) -> frozenset[str]:
    """Each number with its counter ("17人", "100万円" -> "1000000円"); 名 is read as 人."""
    plain = _GROUPED.sub(lambda m: grouped_value(m[0]), text.translate(_FULL_WIDTH))
    return frozenset(
        f"{number.replace(',', '')}{same_counter(counter)}"
        for number, counter in _COUNTED.findall(plain)
    )


def grouped_value(written: str) -> str:
    """The digits of a number written with 万, 億, 千 or 百 ("9万3340" -> "93340")."""
    total, section = 0.0, 0.0
    for digits, unit in re.findall(r"(\d[\d,]*(?:\.\d+)?)?([兆億万千百]?)", written):
        value = float(digits.replace(",", "")) if digits else (1.0 if unit else 0.0)
        if unit in _UNITS:
            total += (section + value) * _UNITS[unit]
            section = 0.0
        elif unit in _SMALL_UNITS:
            section += value * _SMALL_UNITS[unit]
        else:
            section += value
    total += section
    return str(int(total)) if total == int(total) else str(total)


def _era_year(era: str, year: str) -> int:
    return _ERAS[era] + (1 if year == "元" else int(year))


def same_counter(counter: str) -> str:
    """The one spelling of a counter that has several ("名" counts as "人", "カ国" as "か国")."""
    return _SAME_COUNTER.get(counter, counter)
