"""Japanese and Korean words for the lexical index: SudachiPy (with sudachidict-core)
for Japanese, Kiwi (kiwipiepy with kiwipiepy-model) for Korean.

Both ship their dictionaries inside their PyPI packages; nothing is downloaded. Neither
writes spaces between all words (Japanese none at all), so a regular expression cannot
find the words: the analysers cut the text into morphemes and say what each is. Content
words are kept in their dictionary form (Sudachi's normalised form: "亡くなっ" ->
"亡くなる", "9万3340" -> "93340"; Kiwi's lemma), particles, auxiliaries, endings and
punctuation dropped, as the English tokenizer drops stopwords.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

# Sudachi's parts of speech that carry content; of the suffixes only counters and
# noun-like ones ("人", "歳", "日"); "非自立可能" verbs ("為る", "居る") are grammar.
_JA_CONTENT = frozenset({"名詞", "動詞", "形容詞", "形状詞", "接尾辞", "接頭辞"})
_JA_GRAMMAR_VERB = "非自立可能"
# Question words ask rather than constrain ("何人", "いつ", "誰"): never index terms.
_JA_ASKING = ("何", "幾")
_JA_ASKING_WORDS = frozenset("いつ 誰 どこ どちら どれ どの いくら 幾ら".split())
# Kiwi's tags for content: nouns, numerals, numbers, verbs and adjectives, roots,
# foreign words and hanja.
_KO_CONTENT = frozenset({"NNG", "NNP", "NR", "SN", "VV", "VA", "XR", "SL", "SH", "NNB"})
_KO_ASKING_WORDS = frozenset("언제 누구 어디 무엇 몇 얼마 어느 무슨".split())

_local = threading.local()  # a Sudachi tokenizer is not to be shared between threads
_kiwi_lock = threading.Lock()


@cache
def _sudachi_dictionary() -> Any:
    from sudachipy import Dictionary  # imported on first use: the dictionary is large

    return Dictionary(dict="core")


def _sudachi() -> Any:
    tokenizer = getattr(_local, "sudachi", None)
    if tokenizer is None:
        tokenizer = _local.sudachi = _sudachi_dictionary().tokenizer()
    return tokenizer


@cache
def _kiwi() -> Any:
    from kiwipiepy import Kiwi  # imported on first use: the model is large

    return Kiwi()


def japanese_words(text: str) -> list[str]:
    """Content words of Japanese ``text`` in their normalised form, lower-cased."""
    from sudachipy import SplitMode

    words = []
    for morpheme in _sudachi().tokenize(text, SplitMode.B):
        pos = morpheme.part_of_speech()
        if pos[0] not in _JA_CONTENT or pos[1] == _JA_GRAMMAR_VERB:
            continue
        word = str(morpheme.normalized_form()).lower()
        if word.startswith(_JA_ASKING) or word in _JA_ASKING_WORDS or not word.strip():
            continue
        words.append(word)
    return words


def korean_words(text: str) -> list[str]:
    """Content words of Korean ``text`` (verbs as their lemma), lower-cased."""
    with _kiwi_lock:  # one Kiwi, loaded once; its analysis is not documented as thread-safe
        tokens = _kiwi().tokenize(text)
    words = []
    for token in tokens:
        if token.tag not in _KO_CONTENT:
            continue
        word = str(token.lemma if token.tag in ("VV", "VA") else token.form).lower()
        if word not in _KO_ASKING_WORDS:
            words.append(word)
    return words


def japanese_proper_nouns(text: str) -> dict[str, str]:
    """Japanese ``text``'s proper nouns (Sudachi's 固有名詞), each with its kind: "人名"
    (a person), "地名" (a place), "組織名" or "一般"."""
    from sudachipy import SplitMode

    found = {}
    for morpheme in _sudachi().tokenize(text, SplitMode.B):
        pos = morpheme.part_of_speech()
        if pos[1] == "固有名詞":
            found[str(morpheme.normalized_form()).lower()] = pos[2]
    return found
