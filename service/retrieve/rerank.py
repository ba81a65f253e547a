"""Rerank: the fused candidates reordered by the reading model's question/sentence judgment
(``BRIEFING_RERANK``).

A chunk's judgment is its best sentence's P(the sentence answers the question); the top
``depth`` fused chunks are ordered by reciprocal rank fusion of their fused rank and their
judgment's rank (``weight`` on the judgment), and the rest keep their place after them.
Retrieval does not import the model (it is the verify stage's): wiring hands ``search`` a
``Scorer``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from service.corpus.documents import SearchHit
from service.text.sentences import sentence_spans

# P(answers) per (question, sentence) pair, in order.
Scorer = Callable[[Sequence[tuple[str, str]]], np.ndarray]
RRF_K = 60


def chunk_judgments(query: str, hits: Sequence[SearchHit], scorer: Scorer) -> list[float]:
    """Each chunk's best sentence score for ``query`` (0 for a chunk with no sentence)."""
    sentences = [[h.text[s:e] for s, e in sentence_spans(h.text)] or [h.text] for h in hits]
    pairs = [(query, s) for group in sentences for s in group]
    scores = scorer(pairs) if pairs else np.zeros(0)
    best, cursor = [], 0
    for group in sentences:
        best.append(float(scores[cursor : cursor + len(group)].max()) if group else 0.0)
        cursor += len(group)
    return best


def rerank(
    query: str, hits: list[SearchHit], scorer: Scorer, depth: int, weight: float
) -> list[SearchHit]:
    """``hits`` with the first ``depth`` reordered by fused rank and judgment together."""
    head, tail = hits[:depth], hits[depth:]
    if len(head) < 2:
        return hits
    judged = chunk_judgments(query, head, scorer)
    by_judgment = sorted(range(len(head)), key=lambda i: -judged[i])
    judgment_rank = {i: rank for rank, i in enumerate(by_judgment, 1)}
    fused = [1 / (RRF_K + i + 1) + weight / (RRF_K + judgment_rank[i]) for i in range(len(head))]
    order = sorted(range(len(head)), key=lambda i: -fused[i])
    return [replace(head[i], score=fused[i]) for i in order] + tail
