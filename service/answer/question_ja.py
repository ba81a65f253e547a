"""What a Japanese question asks, and whether a Japanese sentence holds it.

The English rules (``service.answer.question``) find the asked type by the question word
("how many", "when", "who"); a Japanese question asks with 何人, いつ, 誰, どこ, いくら
inside the sentence. A count is asked with its counter (何人 asks for a number of people,
何歳 for an age), and is answered only by a number with that counter ("17人"), never by a
year or a day. Names are Sudachi's proper nouns (固有名詞); a person may also be named by
office ("両首脳", "委員長"), as Japanese official prose does.

The learned answerability checks were fitted on English questions read by an English
model; for a Japanese question their inputs mean nothing, so a Japanese question is held
to its constraints alone: the proper nouns and numbers it states, the type it asks for,
and a higher share of its content words (``MIN_COVERAGE_JA``).
"""

from __future__ import annotations

import re

from service.answer.question_words import JAPANESE
from service.text.cjk_tokens import japanese_proper_nouns
from service.text.japanese_numbers import counted, same_counter
from service.text.tokens import tokenize
from service.verify.facts import Facts

# Share of a Japanese question's content words the sentence and its context must hold:
# higher than English's 0.5, since no learned check reads the sentence after the rules.
# A near miss differs by one word (副委員長 asked, 委員長 stated: four words of five), so
# every word is needed, or all but one of seven or more.
MIN_COVERAGE_JA = 0.85


def _any_of(words: list[str]) -> str:
    return "|".join(map(re.escape, words))


# Counters, asking words, offices and units: ``data/question_words.yaml`` ("japanese").
# 何 and an asked counter ("何人"); 何名 asks as 何人 does (``same_counter``).
_ASKED_COUNT = re.compile(f"何({_any_of(JAPANESE['asked_counters'])})")
_ASKED_BY = {kind: _any_of(words) for kind, words in JAPANESE["types"].items()}
_ASKED_BY["quantity"] += f"|{_ASKED_COUNT.pattern}"
# In the file's order: a count first ("何日間" asks a count, not a date).
_TYPES = [(kind, re.compile(pattern)) for kind, pattern in _ASKED_BY.items()]
_OFFICE = re.compile(_any_of(JAPANESE["offices"]))
_AMOUNT = re.compile(_any_of(JAPANESE["money"]))
ASKING_WORDS = frozenset(JAPANESE["asking_words"])
_FORMAL_NOUNS = frozenset(JAPANESE["formal_nouns"])


def answer_type(question: str) -> str:
    """ "quantity", "date", "person", "place", "name" or "other"."""
    return next((name for name, pattern in _TYPES if pattern.search(question)), "other")


def proper_nouns(text: str) -> frozenset[str]:
    """The proper nouns a Japanese text names (a place, a person, an organisation)."""
    return frozenset(japanese_proper_nouns(text))


def predicate(question: str) -> str:
    """The question's predicate: its last content word, Japanese being head-final
    ("何歳の時に拉致されましたか" -> 拉致; "誰が署名しましたか" -> 署名); "" if none."""
    words = [w for w in tokenize(question) if w not in ASKING_WORDS | _FORMAL_NOUNS]
    return words[-1] if words else ""


def predicate_stated(asked: str, sentence: str, context: str) -> bool:
    """Whether the sentence, or the sentence before it (the last line of ``context``),
    states the question's predicate ``asked``: a sentence about another act ("87歳で
    亡くなった" for "何歳の時に拉致された") does not answer, whatever its title says."""
    previous = context.rsplit("\n", 1)[-1]
    return not asked or asked in set(tokenize(f"{previous}\n{sentence}"))


def has_answer_type(kind: str, question: str, sentence: str, facts: Facts) -> bool:
    """Whether Japanese ``sentence`` holds what the question asks for (and does not state)."""
    asked_facts = counted(question)
    if kind == "quantity":
        counts = facts.counted - asked_facts
        counter = _ASKED_COUNT.search(question)
        if counter is None:  # いくら: an amount of money
            return any(_AMOUNT.search(c) for c in counts)
        unit = same_counter(counter[1])
        return any(c.endswith(unit) for c in counts)
    if kind == "date":
        years = {n for n in facts.numbers if len(n) == 4}
        return bool(facts.months or years)
    names = japanese_proper_nouns(sentence)
    new = {n: k for n, k in names.items() if n not in proper_nouns(question)}
    if kind == "person":
        return "人名" in new.values() or _OFFICE.search(sentence) is not None
    if kind == "place":
        return "地名" in new.values()
    if kind == "name":
        return bool(new)
    return True
