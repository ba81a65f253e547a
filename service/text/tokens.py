"""Words as the stages compare them: index tokens (BM25, coverage) and stems (meaning checks).

``tokenize`` drops stopwords and keeps numbers whole, for retrieval and coverage;
``stem`` stems one word as the verifier's meaning checks compare words.
"""

from __future__ import annotations

import re
import threading
from functools import cache

import Stemmer

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
    agent noun is followed by its root ("chairman" -> "chairman", "chair")."""
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
