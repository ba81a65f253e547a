"""A plain BM25 baseline (Okapi, k1 1.5, b 0.75, lower-cased words, no stemming or stop
words, chunk text only), in the standard library: the yardstick the issue measured against."""

from __future__ import annotations

import math
import re
from collections import Counter

from service.corpus.documents import SearchHit
from service.corpus.registry import ChunkEntry

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _WORD.findall(text.lower())


class PlainBM25:
    """Okapi BM25 over chunk texts."""

    def __init__(self, entries: list[ChunkEntry], k1: float = 1.5, b: float = 0.75) -> None:
        self.entries, self.k1, self.b = entries, k1, b
        self.docs = [Counter(words(e.text)) for e in entries]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = sum(self.lengths) / max(1, len(self.lengths))
        df = Counter(w for d in self.docs for w in d)
        n = len(self.docs)
        self.idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in df.items()}

    def search(self, query: str, k: int) -> list[SearchHit]:
        """The ``k`` best chunks for ``query``."""
        terms = [w for w in words(query) if w in self.idf]
        scores = []
        for i, (doc, length) in enumerate(zip(self.docs, self.lengths, strict=True)):
            norm = self.k1 * (1 - self.b + self.b * length / self.avg)
            score = sum(self.idf[t] * doc[t] * (self.k1 + 1) / (doc[t] + norm) for t in terms)
            scores.append((score, i))
        top = sorted(scores, reverse=True)[:k]
        return [_hit(self.entries[i], s) for s, i in top if s > 0]


def _hit(e: ChunkEntry, score: float) -> SearchHit:
    return SearchHit(e.source, e.doc_id, e.chunk_id, score, e.start, e.end, e.text, e.title)
