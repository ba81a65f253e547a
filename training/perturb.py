"""Meaning pairs made from text: a sentence against itself changed in one way.

Kinds of change (a contradiction of the source): antonym (WordNet, Debian's
``wordnet-base``: any word's opposite, not a table written for one article), number,
date, negation, modality, order, scope, causal and role swap. Faithful pairs (entailed):
the sentence itself, without a parenthesis, with a small number written out. Made from the
training articles and our corpus only; the held-out articles never pass through here.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
Change = Callable[[str, random.Random], str | None]

# Function-word swaps that reverse a general relation (not words from any one text).
ORDER = {
    "before": "after",
    "after": "before",
    "earlier": "later",
    "later": "earlier",
    "first": "last",
    "last": "first",
    "preceded": "followed",
    "followed": "preceded",
    "previous": "next",
    "next": "previous",
    "began": "ended",
    "ended": "began",
}
SCOPE = {
    "all": "some",
    "some": "all",
    "most": "few",
    "many": "few",
    "few": "many",
    "every": "no",
    "several": "all",
    "always": "sometimes",
    "often": "rarely",
}
CAUSAL = {
    "because of": "despite",
    "due to": "despite",
    "led to": "prevented",
    "caused": "prevented",
    "resulted in": "prevented",
    "because": "although",
    "so that": "even though",
}
MODAL = {
    " was ": " may have been ",
    " were ": " may have been ",
    " is ": " could be ",
    " are ": " could be ",
    " has ": " may have ",
    " had ": " may have had ",
    " will ": " might ",
}
NEGATE = {
    " was ": " was not ",
    " were ": " were not ",
    " is ": " is not ",
    " are ": " are not ",
    " has ": " has not ",
    " had ": " had not ",
    " can ": " cannot ",
    " will ": " will not ",
    " not ": " ",
    " never ": " ",
}
SMALL = {
    str(n): w
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w,]*\d)")
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_NAME = re.compile(r"(?<!^)(?<![.!?] )\b([A-Z][a-z]+(?: [A-Z][a-z]+)*)")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@lru_cache(maxsize=1)
def antonyms(folder: Path = WORDNET) -> dict[str, tuple[str, ...]]:
    """Single word -> its WordNet antonyms (adjectives, verbs, adverbs, nouns)."""
    found: dict[str, set[str]] = {}
    for part in ("adj", "verb", "adv", "noun"):
        path = folder / f"data.{part}"
        if not path.is_file():
            continue
        synsets = {}
        lines = [ln for ln in path.read_text(encoding="latin-1").splitlines() if ln[:1].isdigit()]
        for line in lines:
            fields = line.split(" | ")[0].split()
            count = int(fields[3], 16)
            words = [fields[4 + 2 * i].split("(")[0].lower() for i in range(count)]
            synsets[fields[0]] = (words, fields[4 + 2 * count :])
        for words, rest in synsets.values():
            pointers = int(rest[0])
            for i in range(pointers):
                symbol, offset, _, link = rest[1 + 4 * i : 5 + 4 * i]
                if symbol != "!" or offset not in synsets:
                    continue
                src, dst = int(link[:2], 16), int(link[2:], 16)
                a, b = words[src - 1], synsets[offset][0][dst - 1]
                if "_" not in a and "_" not in b:
                    found.setdefault(a, set()).add(b)
    return {w: tuple(sorted(v)) for w, v in found.items()}


@lru_cache(maxsize=1)
def synonyms(folder: Path = WORDNET) -> dict[str, tuple[str, ...]]:
    """Single word -> the other single words of its most frequent WordNet sense (the first
    synset its index line lists), so a swap keeps the meaning."""
    found: dict[str, tuple[str, ...]] = {}
    for part in ("adj", "verb", "adv", "noun"):
        index, data = folder / f"index.{part}", folder / f"data.{part}"
        if not index.is_file() or not data.is_file():
            continue
        words_of = {}
        for line in data.read_text(encoding="latin-1").splitlines():
            if line[:1].isdigit():
                fields = line.split()
                count = int(fields[3], 16)
                words_of[fields[0]] = [
                    fields[4 + 2 * i].split("(")[0].lower() for i in range(count)
                ]
        for line in index.read_text(encoding="latin-1").splitlines():
            if not line[:1].isalpha():
                continue
            fields = line.split()
            lemma, first = fields[0], fields[-int(fields[2])]
            same = [w for w in words_of.get(first, []) if w != lemma and "_" not in w]
            if "_" not in lemma and same and lemma not in found:
                found[lemma] = tuple(same)
    return found


def reword(sentence: str, rng: random.Random, swaps: int = 2) -> str:
    """Up to ``swaps`` lower-case content words replaced by a synonym of their main sense."""
    table = synonyms()
    # Inflected forms ("rising", "built", "schools") have other main senses than their
    # lemma; words the changes use (order, scope, negation) must not move either.
    fixed = set(ORDER) | set(SCOPE) | {k.strip() for k in (*NEGATE, *MODAL)}
    words = [
        m
        for m in re.finditer(r"\b[a-z]{5,}\b", sentence)
        if m.group() in table
        and m.group() not in fixed
        and not m.group().endswith(("ing", "ed", "s"))
    ]
    for m in sorted(rng.sample(words, min(swaps, len(words))), key=lambda m: -m.start()):
        sentence = sentence[: m.start()] + rng.choice(table[m.group()]) + sentence[m.end() :]
    return sentence


def _swap_word(sentence: str, table: dict[str, str], rng: random.Random) -> str | None:
    hits = [m for m in re.finditer(r"\b\w+\b", sentence) if m.group().lower() in table]
    if not hits:
        return None
    m = rng.choice(hits)
    new = table[m.group().lower()]
    new = new.capitalize() if m.group()[0].isupper() else new
    return sentence[: m.start()] + new + sentence[m.end() :]


def _phrase(sentence: str, table: dict[str, str], rng: random.Random) -> str | None:
    keys = [k for k in table if re.search(rf"\b{re.escape(k.strip())}\b", sentence)]
    # "because of" before "because": a key inside a longer matching key is not a match.
    keys = [k for k in keys if not any(k != o and k.strip() in o for o in keys)]
    if not keys:
        return None
    key = rng.choice(keys)
    if key.startswith(" "):
        return sentence.replace(key, table[key], 1)
    return re.sub(rf"\b{re.escape(key)}\b", table[key], sentence, count=1)


def antonym(sentence: str, rng: random.Random) -> str | None:
    table = antonyms()
    words = [m for m in re.finditer(r"\b[a-z]{4,}\b", sentence) if m.group() in table]
    if not words:
        return None
    m = rng.choice(words)
    return sentence[: m.start()] + rng.choice(table[m.group()]) + sentence[m.end() :]


def number(sentence: str, rng: random.Random) -> str | None:
    hits = [m for m in _NUMBER.finditer(sentence) if not _YEAR.fullmatch(m.group())]
    if not hits:
        return None
    m = rng.choice(hits)
    value = float(m.group().replace(",", ""))
    new = value * rng.choice((2, 3, 0.5)) if value > 10 else value + rng.choice((1, 2, 3))
    text = f"{int(new):,}" if "," in m.group() else str(int(new))
    return sentence[: m.start()] + text + sentence[m.end() :]


def date(sentence: str, rng: random.Random) -> str | None:
    years = list(_YEAR.finditer(sentence))
    if years:
        m = rng.choice(years)
        shifted = int(m.group()) + rng.choice((-30, -10, -3, -1, 1, 2, 5, 20))
        return sentence[: m.start()] + str(shifted) + sentence[m.end() :]
    months = [mo for mo in _MONTHS if re.search(rf"\b{mo}\b", sentence)]
    if not months:
        return None
    old = rng.choice(months)
    new = rng.choice([mo for mo in _MONTHS if mo != old])
    return re.sub(rf"\b{old}\b", new, sentence, count=1)


def role_swap(sentence: str, rng: random.Random) -> str | None:
    names = list(dict.fromkeys(m.group() for m in _NAME.finditer(sentence)))
    if len(names) < 2:
        return None
    a, b = rng.sample(names, 2)
    return sentence.replace(a, "\0").replace(b, a).replace("\0", b)


CHANGES: dict[str, Change] = {
    "antonym": antonym,
    "number": number,
    "date": date,
    "negation": lambda s, r: _phrase(s, NEGATE, r),
    "modality": lambda s, r: _phrase(s, MODAL, r),
    "order": lambda s, r: _swap_word(s, ORDER, r),
    "scope": lambda s, r: _swap_word(s, SCOPE, r),
    "causal": lambda s, r: _phrase(s, CAUSAL, r),
    "role-swap": role_swap,
}


def faithful(sentence: str, rng: random.Random) -> str:
    """The sentence reworded with synonyms (most of the time), or without a parenthesis,
    or with a small number in words, or as it is."""
    if rng.random() < 0.7:
        reworded = reword(sentence, rng)
        if reworded != sentence:
            return reworded
    bare = re.sub(r"\s*\([^()]*\)", "", sentence)
    if bare != sentence and rng.random() < 0.5:
        return bare
    small = [m for m in re.finditer(r"\b([0-9]|1[0-2])\b", sentence)]
    if small and rng.random() < 0.5:
        m = rng.choice(small)
        return sentence[: m.start()] + SMALL[m.group()] + sentence[m.end() :]
    return sentence


def change(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    """One change of meaning to ``sentence`` (a kind that applies, chosen at random)."""
    kinds = list(CHANGES)
    rng.shuffle(kinds)
    for kind in kinds:
        changed = CHANGES[kind](sentence, rng)
        if changed and changed != sentence:
            return changed, kind
    return None
