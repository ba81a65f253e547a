"""Facts a sentence commits to: numbers, months, named entities and negation.

Used by the verifier's hard check: a paraphrase may reword anything except these.
Japanese numbers and dates are read in their Japanese forms (令和 and 平成 years, 年月日,
万 and 億, counters such as 人 and 歳; ``service.text.japanese_numbers``), so
"令和2年6月5日" and "5 June 2020" state the same date and "17人" is not "17件".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from service.package_data import alternation, package_dir, word_tables
from service.text.japanese_numbers import counted, western_forms
from service.text.language import has_cjk
from service.text.sentences import sentence_spans

_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]*(?:['’][a-z]+)?\b")
_WORD = re.compile(r"[A-Za-z]+")

_NUMBER_WORDS = {
    word: str(n)
    for n, word in enumerate(
        "zero _ two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update(
    {
        w: str(n)
        for n, w in enumerate(
            "_ _ second third fourth fifth sixth seventh eighth ninth "
            "tenth eleventh twelfth".split()
        )
        if n >= 2
    }
)
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100"})
_MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
# Aliases, peoples' adjectives, demonyms and negation words: ``data/fact_words.yaml``,
# which says what each table is for (and which name our corpus's parties).
_DATA = word_tables(package_dir("service.verify") / "data" / "fact_words.yaml")
_ALIASES = [(re.compile(row["pattern"], re.I), row["name"]) for row in _DATA["aliases"]]
_COUNTRY_OF: dict[str, str] = dict(_DATA["country_adjectives"])
# Capitalised words that start sentences or name months/days rather than entities.
NOT_ENTITIES = frozenset(
    """a an the in on at after before under during by for from to of when while although though
    both its his her their this that these those it as with since according once until if but and
    or so then there here what which who how why where some all each every most many no not one two
    also however later earlier today yet i we they he she you our my
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
# Japanese negation: a negative ending ("なかった", "ません", "ず、") or a verb of refusal;
# not "ない" inside an adjective ("少ない", "危ない").
_JA_NEGATION = re.compile(r"(?<![少危])な(?:い|かった|く)|ません|ず[、。にとも]|拒否|否定")
_NEGATIONS = frozenset(_DATA["negation_words"])
_CONTRAST = re.compile(alternation(_DATA["contrast_phrases"]), re.I)


@dataclass(frozen=True)
class Facts:
    """The checkable commitments of a piece of text."""

    numbers: frozenset[str]
    months: frozenset[str]
    entities: frozenset[str]
    words: frozenset[str]
    negated: bool
    # Numbers with the counter after them ("17人", "13歳"), as Japanese writes counts.
    counted: frozenset[str] = frozenset()


def canonical_names(text: str) -> str:
    """``text`` with each party's long names replaced by one ("North Korea" -> "DPRK")."""
    for pattern, canonical in _ALIASES:
        text = pattern.sub(canonical, text)
    return text


@lru_cache(maxsize=8192)
def extract_facts(text: str) -> Facts:
    """Numbers (digits or words), months, capitalised names and whether it negates.

    Cached (``Facts`` is frozen): drafting a paper reads the same sentences and cited
    passages again and again (the support check, the paper's repeat test, the matrix),
    some 2,700 calls for a standard paper of which most repeat a text already read."""
    cjk = has_cjk(text)
    counts = counted(text) if cjk else frozenset()
    japanese_negation = cjk and _JA_NEGATION.search(text) is not None
    text = canonical_names(western_forms(text) if cjk else text)
    words = [w.lower() for w in _WORD.findall(text)]
    numbers = {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
    numbers |= {_NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS}
    months = {str(_MONTHS[w]) for w in words if w in _MONTHS and _is_month(w, text)}
    entities = {_entity_key(m) for m in _names(text)} - NOT_ENTITIES
    return Facts(
        numbers=frozenset(numbers),
        months=frozenset(months),
        entities=frozenset(e for e in entities if len(e) > 1),
        words=frozenset(_entity_key(w) for w in words)
        | frozenset(words)
        | frozenset(_COUNTRY_OF[w] for w in words if w in _COUNTRY_OF),
        negated=any(w in _NEGATIONS for w in words)
        or "n't" in text
        or _contrast(text)
        or japanese_negation,
        counted=counts,
    )


def _contrast(text: str) -> bool:
    """Phrasings that carry a negation's meaning without a negation word."""
    return _CONTRAST.search(text) is not None


def _names(text: str) -> list[str]:
    """Capitalised words, except a sentence's first word when it stands alone.

    "Because ..." or "More than ..." are capitalised only by position; a first word
    still counts when it is an acronym ("DPRK") or starts a multi-word name.
    """
    names = []
    for start, end in sentence_spans(text):
        words = list(_CAPITALISED.finditer(text, start, end))
        for i, match in enumerate(words):
            first = match.start() == start
            nxt = words[i + 1] if i + 1 < len(words) else None
            multiword = nxt is not None and text[match.end() : nxt.start()] == " "
            if not first or match.group().isupper() or multiword:
                names.append(match.group())
    return names


_DEMONYMS: dict[str, str] = dict(_DATA["demonyms"])


def _entity_key(word: str) -> str:
    key = re.sub(r"['’]s$", "", word).lower()
    return _DEMONYMS.get(key, key)


def _is_month(word: str, text: str) -> bool:
    # "may" is a verb far more often than a month; count it only when capitalised.
    return word != "may" or re.search(r"\bMay\b", text) is not None
