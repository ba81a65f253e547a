"""Words as the stages compare them: index tokens (BM25, coverage) and stems (meaning checks).

``tokenize`` drops stopwords and keeps numbers whole, for retrieval and coverage; a line
written in Japanese or Korean is cut into words by its language's analyser
(``service.text.cjk_tokens``), since neither language spaces its words as English does.
``stem`` stems one word as the verifier's meaning checks compare words.
"""

from __future__ import annotations

import re
import threading
from functools import cache

import Stemmer

from service.text.cjk_tokens import japanese_words, korean_words
from service.text.language import has_cjk, language_of

# A run of Latin-letter words inside Japanese text (digits stay with the Japanese: "2002年").
_LATIN_RUN = re.compile(r"([A-Za-z][A-Za-z0-9.'’-]*(?:[ \t]+[A-Za-z][A-Za-z0-9.'’-]*)*)")
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_STOPWORDS = frozenset(
    (
        "a an and are as at be by for from has have in is it its of on or that the this to was "
        "were what when where which who whom why how with did does do not no"
    ).split()
)
_stemmer = Stemmer.Stemmer("english")
# An agent noun also says its act: "chairman" is who "chaired", "congressmen" sit in congress.
_AGENT_NOUN = re.compile(r"^([a-z]{5,})(?:man|men|woman|women|person|persons)$")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed tokens; numbers keep their digits ("93,340" -> "93340"); an
    agent noun is followed by its root ("chairman" -> "chairman", "chair"). Lines in
    Japanese or Korean give their content words in dictionary form."""
    if not has_cjk(text):
        return _english_tokens(text)
    tokens = []
    for line in text.split("\n"):
        language = language_of(line)
        if language == "ja":
            tokens += _japanese_tokens(line)
        elif language == "ko":
            tokens += korean_words(line)
        else:
            tokens += _english_tokens(line)
    return tokens


def _japanese_tokens(line: str) -> list[str]:
    """A Japanese line's words; its words in Latin letters ("DNA", "Stockholm") are read as
    English words are (Sudachi would give them in katakana: "The" -> "ザ")."""
    tokens = []
    for piece in _LATIN_RUN.split(line):
        latin = _LATIN_RUN.fullmatch(piece) is not None
        tokens += _english_tokens(piece) if latin else japanese_words(piece)
    return tokens


def _english_tokens(text: str) -> list[str]:
    words = [w.replace(",", "") for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]
    tokens = []
    for word, stemmed in zip(words, _stemmer.stemWords(words), strict=True):
        tokens.append(word if word[0].isdigit() else stemmed)
        agent = _AGENT_NOUN.match(word)
        if agent:
            tokens.append(_stemmer.stemWord(agent[1]))
    return tokens


_local = threading.local()  # a PyStemmer stemmer must not be shared between threads


@cache
def stem(word: str) -> str:
    """The stem the checks compare words by."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return str(stemmer.stemWord(word.lower()))
