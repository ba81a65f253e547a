"""Which language a text is written in, as far as the stages need to know: Japanese,
Korean or English (everything written in Latin letters).

Told by script, not by a model: kana or kanji without hangul is Japanese, hangul is
Korean. A text counts as Japanese or Korean when its CJK characters carry at least as
much as its Latin letters, one CJK character weighing as much as two letters (a word of
English is five or six letters, of Japanese two or three characters), so an English
sentence that names "the Stockholm agreement (ストックホルム合意)" stays English.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["en", "ja", "ko"]

# Hiragana, katakana (with the long-vowel mark) and half-width katakana.
KANA = "\u3040-\u30ff\uff66-\uff9f"
# CJK ideographs (kanji), extension A and compatibility ideographs, and "々".
KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005"
# Hangul syllables and jamo.
HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_KANA = re.compile(f"[{KANA}]")
_KANJI = re.compile(f"[{KANJI}]")
_HANGUL = re.compile(f"[{HANGUL}]")
_LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(f"[{KANA}{KANJI}{HANGUL}]")
# How many Latin letters one CJK character outweighs.
_CJK_WEIGHT = 2

NAMES: dict[Language, str] = {"en": "English", "ja": "Japanese", "ko": "Korean"}


def language_of(text: str) -> Language:
    """ "ja", "ko" or "en" (the default, also for text with no letters at all)."""
    kana, kanji = len(_KANA.findall(text)), len(_KANJI.findall(text))
    hangul = len(_HANGUL.findall(text))
    cjk = kana + kanji + hangul
    if not cjk or cjk * _CJK_WEIGHT < len(_LATIN.findall(text)):
        return "en"
    return "ko" if hangul > kana + kanji else "ja"


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds any kana, kanji or hangul."""
    return CJK.search(text) is not None
