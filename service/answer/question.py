"""What a question asks, and whether a sentence meets it.

Abstention is decided from the question's own constraints rather than from how
similar a sentence looks: the names, numbers, years, ordinals and qualifiers ("first",
"largest") the question states must be stated by the sentence or its context (its
heading path, its document title, the sentence before it), a negated question needs a
negated sentence, the sentence must hold the kind of thing the question asks for (a
date for "when", a year for "what year", a count of what is asked for "how many", a new
name for "who"), and it must cover at least half of the question's content words. A
near miss (the right topic, the wrong year, party or event) fails one of these, and the
check says what the question asks that no source states. What passes is then read by
the answerability scorer (``service.answer.answerability``). A Japanese question is read
by the Japanese rules (``service.answer.question_ja``) and held to them alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from service.answer import question_ja
from service.answer import question_words as tables
from service.package_data import alternation
from service.text.dates import is_year
from service.text.language import Language, language_of
from service.text.sentences import sentence_spans
from service.text.tokens import tokenize
from service.verify.facts import Facts, extract_facts
from service.verify.meaning import opposites
from service.verify.meaning_words import ANTONYMS

# Share of the question's content words the sentence and its context must contain.
# Calibrated on evals/core and the SQuAD Normans/Rhine sample (bench/abstention.py).
MIN_COVERAGE = 0.5

_QUANTITY = (
    r"\bhow (many|much|long|far(?! along)|often|large|big|old|high|wide|deep)\b"
    r"|\bwhat (price|amount|sum|percentage|share|number|length|size)\b"
)
# "when" and "who" ask only as the question word ("Since when", ", who ..."), not in a
# clause ("... when Tokyo eased its measures", "Japanese who stayed").
_DATE = (
    r"^\s*(\w+ )?when\b|,\s*when\b"
    r"|\b(what (years?|dates?|days?|months?|decades?|century|centuries)|which years?)\b"
)
_NAME = (
    r"\bwhat (was|is|were|are) the names? of\b"
    r"|\bwhich (\w+ )?(ministers|officials|people|persons|leaders|members)\b"
)
_PERSON = r"^\s*(\w+ )?(who|whom|whose)\b|,\s*(who|whom|whose)\b"
# A proper name of two or more capitalised words ("So Tae Ha", "Fumio Kishida").
_PROPER_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")
_PLACE = r"^\s*where\b|\bin (what|which) (country|city|region|place|town)\b"
_TYPES = [
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        ("quantity", _QUANTITY),
        ("date", _DATE),
        ("name", _NAME),
        ("person", _PERSON),
        ("place", _PLACE),
    )
]
# Qualifiers that pick one fact out of several ("the first", "the largest", "only"): a sentence
# without them states a neighbouring fact.
_QUALIFIER = re.compile(rf"\b({'|'.join(tables.QUALIFIERS)}|(?<=the )last)\b", re.I)
# A question that negates ("never", "no longer") asks about a negated fact.
_NEGATION = re.compile(alternation(tables.NEGATION) + r"|n't\b", re.I)
# Years, days of a month ("26-28 May", "May 26") and numbered labels ("point 5") count nothing.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE_PARTS = re.compile(
    rf"\b(?:1[5-9]\d\d|20\d\d)s?\b(?![.,]\d)"
    rf"|\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}(?=\W|$)"
    rf"|\b{_MONTH}\s+\d{{1,2}}\b"
    r"|\b(?:[Pp]oint|[Pp]aragraph|[Aa]rticle|[Ss]ection|[Rr]esolution|[Cc]hapter|No\.?)\s+\d+\b",
)
_YEAR_OR_DATE = re.compile(
    r"\b(1\d{3}|20\d{2}|centur|years? ago|BP\b|decade)|\b(AD|BC|BCE|CE) \d|\d (AD|BC|BCE|CE)\b",
    re.I,
)
# A question's part ("..., and what did X say?") is answered on its own.
_PARTS = re.compile(r",? and (?=(who|whom|whose|what|which|when|where|why|how)\b)", re.I)
# "1959-84" is 1959 to 1984, not a number 84.
_SHORT_RANGE = re.compile(r"\b(1[89]|20)(\d\d)\s*[-–]\s*(\d\d)\b")
# Each state under one name, and capitals standing for their states (``question_words.yaml``).
_SAME_STATE = tables.SAME_STATE
_STANDS_FOR = tables.STANDS_FOR


# Words that ask rather than constrain (``question_words.yaml``).
_ASKING_WORDS = frozenset(tokenize(" ".join(tables.ASKING_WORDS)))

# Words that ask (``question_words.yaml``).
_QUESTION_WORDS = tables.QUESTION_WORDS


@dataclass(frozen=True)
class Asked:
    """A question's constraints: answer type, stated facts and content words."""

    text: str
    answer_type: str
    facts: Facts
    words: frozenset[str]
    part: str = ""  # the part of the question these constraints come from
    language: Language = "en"
    names: frozenset[str] = frozenset()  # a Japanese question's proper nouns


def parse_question(question: str) -> Asked:
    """The constraints ``question`` states (of its first part, for a multi-part question)."""
    return question_parts(question)[0]


def question_parts(question: str) -> list[Asked]:
    """One ``Asked`` per part of the question ("Who ..., and what ...?" has two)."""
    # Only the asking sentences constrain: "When were the talks held? Say Geneva." asks one thing.
    asking = [question[a:b] for a, b in sentence_spans(question) if question[a:b].endswith("?")]
    text = " ".join(asking) or question
    expanded = _SHORT_RANGE.sub(lambda m: f"{m[1]}{m[2]}-{m[1]}{m[3]}", text)
    parts = _lend_forward([p for p in _PARTS.split(expanded)[::2] if p and p.strip()])
    asked = [_asked(part, question) for part in parts] or [_asked(expanded, question)]
    return [_elliptical(a, asked[i - 1]) if i else a for i, a in enumerate(asked)]


def _lend_forward(parts: list[str]) -> list[str]:
    """A bare question word before "and" asks about what the next part names: "When and
    where was the 12th round held?" asks "When was the 12th round held?" too."""
    lent = []
    for i, part in enumerate(parts):
        bare = re.fullmatch(r"\s*(\w+)\s*", part)
        if bare and i + 1 < len(parts) and bare[1].lower() in _QUESTION_WORDS:
            rest = re.sub(r"^\s*\w+\s*", "", parts[i + 1])
            part = f"{bare[1]} {rest}"
        lent.append(part)
    return lent


def _elliptical(asked: Asked, before: Asked) -> Asked:
    """A part that names nothing asks about what the part before names: "..., and when?"
    takes its words too; "..., and who was heading the association?" its names and dates."""
    if asked.facts.entities or asked.facts.numbers or asked.facts.months:
        return asked
    # Years and dates place the event; a count ("four ministers") belongs to its own part.
    years = frozenset(n for n in before.facts.numbers if is_year(n))
    facts = replace(before.facts, numbers=years, words=asked.facts.words)
    return replace(asked, words=asked.words or before.words, facts=facts)


def _asked(part: str, question: str) -> Asked:
    if language_of(part) == "ja":
        return _asked_japanese(part, question)
    kind = next((name for name, pattern in _TYPES if pattern.search(part)), "other")
    words = frozenset(tokenize(canonical(part))) - _ASKING_WORDS
    facts = extract_facts(part)
    # "Did Pyongyang ever ...": a capitalised question word is no name.
    facts = replace(facts, entities=facts.entities - _QUESTION_WORDS)
    return Asked(question, kind, facts, words, part)


def _asked_japanese(part: str, question: str) -> Asked:
    words = frozenset(tokenize(canonical(part))) - question_ja.ASKING_WORDS
    names = question_ja.proper_nouns(part)
    kind = question_ja.answer_type(part)
    return Asked(question, kind, extract_facts(part), words, part, "ja", names)


def canonical(text: str) -> str:
    """Text with each state's names made one ("Tokyo", "Japanese" -> "Japan")."""
    for pattern, name in _SAME_STATE:
        text = pattern.sub(name, text)
    return text


def unmet(asked: Asked, sentence: str, context: str) -> list[str]:
    """What the question states that ``sentence`` (with its ``context``) does not; [] if met."""
    held, own = extract_facts(f"{context}\n{sentence}"), extract_facts(sentence)
    missing = sorted(asked.facts.numbers - held.numbers)
    missing += sorted(asked.facts.months - held.months)
    missing += [d for d in _other_date(asked, own) if d not in missing]
    missing += sorted(e for e in asked.facts.entities if not _named(e, held.words))
    if asked.language == "ja":  # its proper nouns, as its words are read, and its predicate
        tokens = set(tokenize(canonical(f"{context}\n{sentence}")))
        missing += sorted(n for n in asked.names if n not in tokens)
        act = question_ja.predicate(asked.part)
        if not question_ja.predicate_stated(act, sentence, context):
            missing.append(act)
    missing += _unmatched_qualifiers(asked, f"{context}\n{sentence}")
    # A Japanese count says what it counts by its counter (13歳 is an age), checked below.
    relation = asked.language == "ja" or _relation_stated(asked, sentence)
    if asked.answer_type == "quantity" and not relation:
        missing.append("what is counted")
    if _NEGATION.search(asked.part) and not own.negated:
        missing.append("a negation")
    if not _has_answer_type(asked, own, sentence):
        missing.append(f"a {asked.answer_type}")
    if not missing:  # the costlier check last, and only for a sentence that passed the rest
        missing += _opposed(asked, sentence)
    return missing


# A span ("ran from 74,000 BP until the end of the Pleistocene") states its start and its
# end, so its boundary words oppose nothing the question asks.
_SPAN = re.compile(r"\bfrom\b.+\b(until|till|to|through)\b|\bbetween\b.+\band\b", re.I)
_BOUNDARIES = tables.SPAN_BOUNDARIES
_NOT_BOUNDARIES = tuple(pair for pair in ANTONYMS if not _BOUNDARIES & set(pair))


def _opposed(asked: Asked, sentence: str) -> list[str]:
    """The question's words whose opposites the sentence states instead ("weak" tidal
    currents asked, "strong" ones stated)."""
    pairs = _NOT_BOUNDARIES if _SPAN.search(sentence) else ANTONYMS
    return [change.detail for change in opposites(asked.part, sentence, pairs)]


def _other_date(asked: Asked, own: Facts) -> list[str]:
    """The question's months and years that the sentence itself contradicts: context may
    place an undated sentence, but a sentence dated "26 March 2024" is about another event
    than one asked "in mid-February 2024", whatever the paragraph around it says."""
    years = {n for n in asked.facts.numbers if is_year(n)}
    own_years = {n for n in own.numbers if is_year(n)}
    missing = sorted(asked.facts.months - own.months) if own.months else []
    missing += sorted(years - own_years) if own_years else []
    return missing


def _named(entity: str, words: frozenset[str]) -> bool:
    """Whether a question's name occurs: in any inflection ("Normans", "European"), as the
    state a capital stands for, or misspelt by a letter ("Wessel" for "Wesel")."""
    if entity in words or _STANDS_FOR.get(entity, entity) in words:
        return True
    stem = tokenize(entity)[0] if tokenize(entity) else entity
    if len(stem) >= 4 and any(w.startswith(stem) for w in words):
        return True
    close = difflib.get_close_matches(entity, [w for w in words if len(w) >= 5], 1, 0.85)
    return len(entity) >= 5 and bool(close)


def answers(parts: list[Asked], sentence: str, context: str) -> float | None:
    """The best coverage among the question parts the sentence meets; None if it meets none
    (a Japanese part is met only at ``question_ja.MIN_COVERAGE_JA``)."""
    met = [
        covered
        for a in parts
        if not unmet(a, sentence, context)
        and (covered := coverage(a, sentence, context)) >= _floor(a)
    ]
    return max(met, default=None)


def _floor(asked: Asked) -> float:
    # English coverage is held to MIN_COVERAGE later, beside the learned checks.
    return question_ja.MIN_COVERAGE_JA if asked.language == "ja" else 0.0


def unstated(parts: list[Asked], texts: list[str]) -> list[str]:
    """The names, numbers and qualifiers the question states that none of ``texts`` states;
    when every one is stated somewhere, what the closest sentence lacks (``closest_miss``)."""
    held = extract_facts("\n".join(texts))
    missing: set[str] = set()
    for asked in parts:
        missing |= asked.facts.numbers - held.numbers
        missing |= {e for e in asked.facts.entities if not _named(e, held.words)}
        missing |= set(_unmatched_qualifiers(asked, "\n".join(texts)))
    return sorted(missing) or closest_miss(parts, texts)


def closest_miss(parts: list[Asked], texts: list[str]) -> list[str]:
    """The fewest unmet constraints of any sentence of ``texts``, each read with its whole
    text as context: the near miss ("a quantity", "what is counted", "a negation"); [] when
    a sentence meets them all (then it was coverage or the scorer that turned it down)."""
    misses = [
        unmet(asked, text[start:end], text)
        for text in texts
        for start, end in sentence_spans(text)
        for asked in parts
    ]
    return min(misses, key=len, default=[])


def coverage(asked: Asked, sentence: str, context: str) -> float:
    """Share of the question's content words in the sentence and its context."""
    if not asked.words:
        return 1.0
    held = set(tokenize(canonical(f"{context}\n{sentence}")))
    return len(asked.words & held) / len(asked.words)


def _has_answer_type(asked: Asked, facts: Facts, sentence: str) -> bool:
    """Whether the sentence holds something of the asked type that the question lacks."""
    if asked.language == "ja":
        return question_ja.has_answer_type(asked.answer_type, asked.part, sentence, facts)
    if asked.answer_type == "quantity":
        return bool(_counts(sentence) - asked.facts.numbers)
    years = {n for n in facts.numbers if len(n) in (3, 4)} - asked.facts.numbers
    if asked.answer_type == "date":  # a month, a year or a period; "point 7" dates nothing
        return bool(facts.months or years) or bool(_YEAR_OR_DATE.search(sentence))
    if asked.answer_type == "name":  # "what was the name of", "which ministers": names
        question = asked.text.lower()
        names = [m.group() for m in _PROPER_NAME.finditer(sentence)]
        return any(n.lower() not in question for n in names)
    if asked.answer_type in ("person", "place"):
        whole = extract_facts(asked.text)  # the answer is new to the whole question, not one part
        return bool(facts.entities - whole.entities - whole.words)
    return True


def _counts(sentence: str) -> set[str]:
    """Numbers that can answer "how many" / "what price": not a year, a day of a month, or a
    label ("point 5", "resolution 2397")."""
    text = _DATE_PARTS.sub(" ", sentence)
    return set(extract_facts(text).numbers)


def _unmatched_qualifiers(asked: Asked, held: str) -> list[str]:
    """The question's qualifiers ("first", "largest") that ``held`` does not state."""
    stated = set(re.findall(r"[a-z]+", held.lower()))
    stated |= {word for same in _SAME_QUALIFIER if stated & same for word in same}
    return sorted({q.lower() for q in _QUALIFIER.findall(asked.part)} - stated)


# Qualifiers that say the same thing: "the biggest city" answers "the largest city".
_SAME_QUALIFIER = tables.SAME_QUALIFIERS


def _relation_stated(asked: Asked, sentence: str) -> bool:
    """Whether ``sentence`` itself (not its context) states one of the question's words that
    are neither names nor numbers: a count answers only in the sentence that says what it
    counts ("four subcommittees" does not answer "how many members")."""
    names = {w for e in extract_facts(asked.text).entities for w in tokenize(canonical(e))}
    relation = {w for w in asked.words if w not in names and not w[0].isdigit()}
    return not relation or bool(relation & set(tokenize(canonical(sentence))))
