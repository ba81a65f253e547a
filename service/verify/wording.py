"""A text's words as the meaning checks read them: stems, phrases, names and lists."""

from __future__ import annotations

import re
from functools import cached_property

from service.text.tokens import stem
from service.verify.facts import NOT_ENTITIES, canonical_names
from service.verify.meaning_words import CONJUNCTIONS, FUNCTION_WORDS, IDIOMS

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d[\d,]*|[.;:!?,()–—]")
_IDIOM = re.compile(r"\b(?:" + "|".join(map(re.escape, IDIOMS)) + r")\b", re.I)
# Conjunctions of a list and the function words no list item or slot is
# (``data/meaning_words.yaml``).
_CONJUNCTIONS = CONJUNCTIONS
_FUNCTION = FUNCTION_WORDS


class Wording:
    """Tokens of a text with their stems and the names it mentions."""

    def __init__(self, text: str) -> None:
        self.text = _IDIOM.sub(lambda m: m.group().replace(" ", ""), canonical_names(text))
        raw = _TOKEN.findall(self.text)
        self.raw = raw
        # "May 2014" is a month, not the modal verb the modality check looks for.
        self.words = [t.lower() if t != "May" else "may-month" for t in raw]
        self.stems = [stem(w) if w.isalpha() else w for w in self.words]
        self._stem_set = set(self.stems)

    def has(self, phrase: str) -> bool:
        """Whether the text contains ``phrase`` (words compared by stem)."""
        return self.find(phrase) >= 0

    def find(self, phrase: str) -> int:
        """Token index where ``phrase`` starts, or -1."""
        wanted = [stem(w) for w in phrase.split()]
        if len(wanted) == 1:
            return self.stems.index(wanted[0]) if wanted[0] in self._stem_set else -1
        for i in range(len(self.stems) - len(wanted) + 1):
            if self.stems[i : i + len(wanted)] == wanted:
                return i
        return -1

    def added(self, phrase: str, other: Wording) -> bool:
        """Whether this text has ``phrase`` and ``other`` does not."""
        return self.has(phrase) and not other.has(phrase)

    def has_sequence(self, stems: tuple[str, ...]) -> bool:
        """Whether these stems occur consecutively."""
        n = len(stems)
        return any(tuple(self.stems[i : i + n]) == stems for i in range(len(self.stems) - n + 1))

    def list_items(self) -> list[tuple[tuple[str, ...], str]]:
        """``(two words and the conjunction, the item after it)`` for each "x y and z"."""
        items = []
        for i, word in enumerate(self.words):
            if word in _CONJUNCTIONS and i >= 2 and i + 1 < len(self.words):
                before = tuple(self.stems[i - 2 : i + 1])
                item = self.words[i + 1]
                listed = "," in self.words[max(0, i - 8) : i]
                ends = self.words[i + 2 : i + 4]
                closes = any(w in {".", ",", ";", ":"} for w in ends) or len(ends) < 2
                if not (listed and closes):
                    continue
                if item.isalpha() and item not in _FUNCTION and all(w.isalpha() for w in before):
                    items.append((before, item))
        return items

    def item_after(self, before: tuple[str, ...]) -> str | None:
        """The word after the stems ``before``, where they occur."""
        n = len(before)
        for i in range(len(self.stems) - n):
            if tuple(self.stems[i : i + n]) == before:
                word = self.words[i + n]
                return word if word.isalpha() and word not in _FUNCTION else None
        return None

    @cached_property
    def mentions(self) -> list[tuple[str, int]]:
        """``(name, index of its last word)`` of each named party (a capitalised run)."""
        found: list[tuple[str, int]] = []
        run_end = -1
        for i, token in enumerate(self.raw):
            if not _is_name(token, i, self.raw):
                continue
            key = re.sub(r"['’]s$", "", token).lower()
            if i == run_end + 1 and found:
                found[-1] = (found[-1][0] + " " + key, i)  # the run continues
            else:
                found.append((key, i))
            run_end = i
        return found

    def mentions_between(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """``(index, index)`` of every token inside a name between ``lo`` and ``hi``."""
        return [(i, i) for i in range(lo + 1, hi) if _is_name(self.raw[i], i, self.raw)]

    def positions(self, key: str) -> list[int]:
        """Token indices where the party ``key`` is mentioned."""
        return [i for k, i in self.mentions if k == key]

    def nearest_party(self, index: int, step: int) -> str | None:
        """The party mentioned nearest to token ``index`` going left (-1) or right (+1)."""
        by_position = dict((i, k) for k, i in self.mentions)
        i = index + step
        while 0 <= i < len(self.words):
            if i in by_position:
                return by_position[i]
            i += step
        return None

    def stem_positions(self, stem_: str) -> list[int]:
        """Token indices whose stem is ``stem_``."""
        return [i for i, s in enumerate(self.stems) if s == stem_]


def _is_name(token: str, i: int, tokens: list[str]) -> bool:
    if not token[:1].isupper() or token.lower() in NOT_ENTITIES or token == "May":
        return False
    sentence_start = i == 0 or tokens[i - 1] in {".", "!", "?", ";"}
    if not sentence_start or token.isupper():
        return True
    return i + 1 < len(tokens) and tokens[i + 1][:1].isupper()
