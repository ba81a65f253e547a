"""One sentence per fact across a paper: a ledger of the claims already used, and the test
for a near-duplicate by meaning.

Two claims repeat each other when they state the same facts (the same numbers, dates and
months: ``extract_facts``) in the same words (most content words of one occur in the other:
``SAME_WORDS``) or close in meaning (``SAME_FACTS_COSINE``); or when they are near-identical
whatever their facts (``NEAR_IDENTICAL_COSINE``, e.g. one adds a date the other leaves out).
What the sentences say decides first; the cosine only confirms it. Measured on our corpus
and on SQuAD text by ``bench/repeats.py``.

With the reading model, a claim also repeats one that states it in other words: among the
claims at least ``CANDIDATE_COSINE`` close (the budget: a standard paper's ~90 claims make
~4,000 pairs, of which ~50 are that close and read by the model), either reads as
entailing the other (P(entailment) at least the model's ``entails`` threshold). The
paper metric (``bench/repeats.py``) counts a pair from cosine 0.75; the ledger reads from
0.7, since the model alone over-reads neighbours and the cosine is what keeps it to
restatements. "Japan demands the immediate
return of every abductee ..." and "Japan wants every abductee returned ..." share no
number, so the rules let the pair through; the model reads it.
"""

from __future__ import annotations

import re

import numpy as np
from langchain_core.embeddings import Embeddings

from service.verify.facts import extract_facts
from service.verify.reader import ReadingModel
from service.verify.verdict import token_coverage

SAME_FACTS_COSINE = 0.75
SAME_WORDS = 0.7
NEAR_IDENTICAL_COSINE = 0.95
CANDIDATE_COSINE = 0.7


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


class ClaimLedger:
    """The claims a paper already carries; ``is_repeat`` before adding a new one."""

    def __init__(
        self,
        embedder: Embeddings,
        texts: list[str] | None = None,
        reader: ReadingModel | None = None,
    ) -> None:
        self.embedder = embedder
        self.reader = reader
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
        return self._restates(text, cosines)

    def _restates(self, text: str, cosines: np.ndarray) -> bool:
        """Whether the reading model reads ``text`` and a close claim as stating each other."""
        if self.reader is None:
            return False
        close = [self.texts[i] for i in np.flatnonzero(cosines >= CANDIDATE_COSINE)]
        if not close:
            return False
        pairs = [(text, other) for other in close] + [(other, text) for other in close]
        return bool((self.reader.entailment(pairs) >= self.reader.thresholds.entails).any())

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
