"""One sentence per fact across a paper: a ledger of the claims already used, and the test
for a near-duplicate by meaning.

Two claims repeat each other when they state the same facts (the same numbers, dates and
months: ``extract_facts``) in the same words (most content words of one occur in the other:
``SAME_WORDS``) or close in meaning (``SAME_FACTS_COSINE``); or when they are near-identical
whatever their facts (``NEAR_IDENTICAL_COSINE``, e.g. one adds a date the other leaves out).
What the sentences say decides first; the cosine only confirms it. Measured on our corpus
and on SQuAD text by ``bench/repeats.py``.
"""

from __future__ import annotations

import re

import numpy as np
from langchain_core.embeddings import Embeddings

from service.verify.facts import extract_facts
from service.verify.support import token_coverage

SAME_FACTS_COSINE = 0.75
SAME_WORDS = 0.7
NEAR_IDENTICAL_COSINE = 0.95


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


class ClaimLedger:
    """The claims a paper already carries; ``is_repeat`` before adding a new one."""

    def __init__(self, embedder: Embeddings, texts: list[str] | None = None) -> None:
        self.embedder = embedder
        self.texts: list[str] = []
        self.vectors: list[np.ndarray] = []
        self._normals: set[str] = set()
        self._facts: list[tuple[frozenset[str], frozenset[str]]] = []
        for text in texts or []:
            self.add(text)

    def _vector(self, text: str) -> np.ndarray:
        return np.asarray(self.embedder.embed_documents([text])[0], dtype=np.float32)

    def is_repeat(self, text: str) -> bool:
        """Whether ``text`` restates a claim already in the ledger."""
        if not self.texts:
            return False
        if _normal(text) in self._normals:
            return True
        facts = fact_key(text)
        cosines = np.asarray(self.vectors) @ self._vector(text)
        for other, other_facts, cosine in zip(self.texts, self._facts, cosines, strict=True):
            if cosine >= NEAR_IDENTICAL_COSINE:
                return True
            same_facts = facts == other_facts and any(facts)
            if same_facts and (cosine >= SAME_FACTS_COSINE or same_words(text, other)):
                return True
        return False

    def add(self, text: str) -> None:
        """Record ``text`` as used."""
        self.texts.append(text)
        self.vectors.append(self._vector(text))
        self._normals.add(_normal(text))
        self._facts.append(fact_key(text))


def same_words(a: str, b: str) -> bool:
    """Whether most content words of the shorter sentence occur in the other."""
    short, long = sorted((a, b), key=len)
    return token_coverage(short, long) >= SAME_WORDS


def fact_key(text: str) -> tuple[frozenset[str], frozenset[str]]:
    facts = extract_facts(text)
    return frozenset(map(str, facts.numbers)), frozenset(map(str, facts.months))
