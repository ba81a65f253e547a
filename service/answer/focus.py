"""What a question is about, beyond its topic: the signals that rank answering sentences.

Retrieval brings back sentences that are all on the question's topic ("Rhine", "the
Stockholm Agreement"); similarity to the question then favours the sentence that
repeats the topic best, not the one that answers. Three signals say which answers:

* ``focus_coverage``: the question's words weighted by how rare they are among the
  retrieved sentences, so the words that single out the answer ("arches" in "What kind
  of arches does Norman architecture have?") count and the topic ("Norman") hardly does;
* ``agent_match``: for "What did North Korea promise …?", whether the sentence has the
  asked party doing the asked kind of act ("the DPRK undertook …") or another party
  doing it ("Japan promised …");
* ``cause_match``: for "Why ...?", whether the sentence states a cause or a purpose
  ("because", "due to", "in order to"), not only that the event happened or when;
* ``overlap``: how much of one sentence's wording another repeats (near-duplicates).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from service.answer import question_words as tables
from service.answer.question import canonical
from service.package_data import alternation
from service.text.tokens import tokenize

# Acts that mean the same thing for "who did what" (stemmed) and the parties that act
# (``question_words.yaml``).
_ACTS = [frozenset(tokenize(" ".join(group))) for group in tables.ACTS]
# "What did <party> <act> ...": the party asked about and its act.
_DID = re.compile(r"\b(?:did|does|do|has|have|had|would|will)\s+(?:the\s+)?(.+?)\s+(\w+)\b")
_PARTIES = tables.PARTIES
_ASKS_WHY = re.compile(r"^\W*(\w+\s+)?why\b|,\s*(and\s+)?why\b", re.I)
# English's closed class of causal and purpose connectives (``question_words.yaml``).
_STATES_CAUSE = re.compile(alternation(tables.CAUSE_WORDS), re.I)
# How far before an act its agent may stand ("the DPRK, through KCNA, promised").
_AGENT_WINDOW = 6


def words(text: str) -> frozenset[str]:
    """Stemmed content words, each state under one name ("Pyongyang", "North Korea": dprk)."""
    return frozenset(tokenize(canonical(text)))


def rarity(sentences: Sequence[frozenset[str]]) -> dict[str, float]:
    """Inverse sentence frequency of each word among ``sentences`` (``words``; smoothed)."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        counts.update(sentence)
    n = len(sentences)
    return {word: math.log((n + 1) / (c + 0.5)) for word, c in counts.items()}


def focus_coverage(asked: frozenset[str], held: frozenset[str], idf: dict[str, float]) -> float:
    """Share of the question's words (``asked``), weighted by rarity, that a sentence's
    words (``held``) contain."""
    if not asked:
        return 0.0
    default = max(idf.values(), default=1.0)
    weights = {w: idf.get(w, default) for w in asked}
    total = sum(weights.values())
    return sum(w for word, w in weights.items() if word in held) / total if total else 0.0


def asked_act(question: str) -> tuple[str, frozenset[str]] | None:
    """``(party, act stems)`` for "What did <party> <act> …?" with a known party and act."""
    match = _DID.search(canonical(question))
    if not match:
        return None
    party = [w for w in tokenize(match[1]) if w in _PARTIES]
    verb = tokenize(match[2])
    act = next((a for a in _ACTS if verb and verb[0] in a), None)
    if len(party) != 1 or act is None:
        return None
    return party[0], act


def agent_match(act: tuple[str, frozenset[str]] | None, sentence: str) -> float:
    """+1 if the asked party does the asked act in ``sentence``, -1 if only another party
    does it, 0 when the sentence has no such act or no party before it."""
    if act is None:
        return 0.0
    party, verbs = act
    words = tokenize(canonical(sentence))
    agents = []
    for i, word in enumerate(words):
        if word in verbs:
            before = [w for w in words[max(0, i - _AGENT_WINDOW) : i] if w in _PARTIES]
            if before:
                agents.append(before[-1])
    if party in agents:
        return 1.0
    return -1.0 if agents else 0.0


def overlap(a: str, b: str) -> float:
    """Share of the shorter sentence's words that the other repeats (stemmed, numbers kept)."""
    x, y = set(tokenize(a)), set(tokenize(b))
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def cause_match(question: str, sentence: str) -> float:
    """1.0 when ``question`` asks why and ``sentence`` states a cause or purpose, else 0.0."""
    return float(bool(_ASKS_WHY.search(question) and _STATES_CAUSE.search(sentence)))
