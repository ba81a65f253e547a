"""Word tables of the question checks and the focus signals, read from
``service/answer/data/question_words.yaml``, which says what each one is for. Which tables
stay is measured on the tune split with the reading model in (``bench/word_tables.py``).
"""

from __future__ import annotations

import re
from typing import Any

from service.package_data import package_dir, word_tables

DATA_PATH = package_dir("service.answer") / "data" / "question_words.yaml"
_DATA = word_tables(DATA_PATH)

QUALIFIERS: tuple[str, ...] = tuple(_DATA["qualifiers"])
SAME_QUALIFIERS: tuple[frozenset[str], ...] = tuple(
    frozenset(group) for group in _DATA["same_qualifiers"]
)
ASKING_WORDS: tuple[str, ...] = tuple(_DATA["asking_words"])
QUESTION_WORDS = frozenset(_DATA["question_words"])
PART_OPENERS = frozenset(_DATA["part_openers"])
SPAN_BOUNDARIES = frozenset(_DATA["span_boundaries"])
SAME_STATE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(row["pattern"], re.I if row.get("any_case") else 0), row["name"])
    for row in _DATA["same_state"]
)
STANDS_FOR: dict[str, str] = dict(_DATA["stands_for"])
PARTIES = frozenset(_DATA["parties"])
ACTS: tuple[tuple[str, ...], ...] = tuple(tuple(group) for group in _DATA["acts"])
NEGATION: tuple[str, ...] = tuple(_DATA["negation"])
CAUSE_WORDS: tuple[str, ...] = tuple(_DATA["cause_words"])
# Japanese questions: each entry is a word (``question_ja.py`` reads them as such).
JAPANESE: dict[str, Any] = _DATA["japanese"]
