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

from service.text.cjk_tokens import japanese_proper_nouns
from service.text.japanese_numbers import counted
from service.text.tokens import tokenize
from service.verify.facts import Facts

# Share of a Japanese question's content words the sentence and its context must hold:
# higher than English's 0.5, since no learned check reads the sentence after the rules.
# A near miss differs by one word (副委員長 asked, 委員長 stated: four words of five), so
# every word is needed, or all but one of seven or more.
MIN_COVERAGE_JA = 0.85
# Asked counter -> the counter that answers it (何名 asks as 何人 does).
_ASKED_COUNT = re.compile(
    r"何(人|名|歳|件|回|隻|発|か国|カ国|個|本|台|筆|票|家族|日間|年間|か月|カ月)"
)
_SAME_COUNTER = {"名": "人", "カ国": "か国", "カ月": "か月"}
_TYPES = [
    ("quantity", re.compile(_ASKED_COUNT.pattern + r"|いくら|幾ら|どのくらい|どれくらい|何円")),
    ("date", re.compile(r"いつ|何年|何月|何日|何時")),
    ("person", re.compile(r"誰|だれ|どなた")),
    ("place", re.compile(r"どこ|何処")),
    ("name", re.compile(r"名前|名称|何という")),
]
# Offices that name a person in official prose ("両首脳は", "委員長は").
_OFFICE = re.compile(r"首脳|大臣|総理|首相|長官|局長|大使|委員長|大統領|代表|議長|総裁")
_AMOUNT = re.compile(r"円|ドル")
# Words that ask rather than constrain ("名前は何ですか" asks for a name, "時" in "何歳の時"),
# and the honorific "さん", which names no one.
ASKING_WORDS = frozenset("名前 名称 時 年 月 日 さん".split())
# Formal nouns that stand where a clause ends ("再開することとされた"): no predicate.
_FORMAL_NOUNS = frozenset("こと もの ため よう ところ".split())


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
        unit = _SAME_COUNTER.get(counter[1], counter[1])
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
