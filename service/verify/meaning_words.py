"""Word tables of the meaning checks, read from ``service/verify/data/meaning_words.yaml``.

The file says what each table and group is for. Entries are lower-case words or
phrases; single words are compared by their stem, so "lift", "lifted" and "lifting" are
one entry. Each table groups words that say the same thing; a sentence that uses a word
of one group where its cited text uses a word of an opposing group changes the meaning.
Which tables stay is measured on the tune split with the reading model in
(``bench/word_tables.py``).
"""

from __future__ import annotations

from service.package_data import package_dir, word_tables

DATA_PATH = package_dir("service.verify") / "data" / "meaning_words.yaml"


def _groups(rows: list[list[str]]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(row) for row in rows)


_DATA = word_tables(DATA_PATH)

ANTONYMS: tuple[tuple[str, str], ...] = tuple((a, b) for a, b in _DATA["antonyms"])
CONNECTIVES: dict[str, tuple[frozenset[str], ...]] = {
    kind: _groups(groups) for kind, groups in _DATA["connectives"].items()
}
MODALITY: dict[str, frozenset[str]] = {
    kind: frozenset(group) for kind, group in _DATA["modality"].items()
}
HEDGES = frozenset(_DATA["hedges"])
ABILITY = _groups(_DATA["ability"])
QUANTIFIERS = _groups(_DATA["quantifiers"])
ONLY = frozenset(_DATA["only"])
ALSO = frozenset(_DATA["also"])
SPEECH_VERBS = frozenset(_DATA["speech_verbs"])
IDIOMS: tuple[str, ...] = tuple(_DATA["idioms"])
IRREGULAR_VERBS = frozenset(_DATA["irregular_verbs"])
SPEAKER_GAP_WORDS = frozenset(_DATA["speaker_gap_words"])
PRONOUNS = frozenset(_DATA["pronouns"])
AUXILIARIES = frozenset(_DATA["auxiliaries"])
CONJUNCTIONS = frozenset(_DATA["conjunctions"])
FUNCTION_WORDS = frozenset(_DATA["function_words"])
