"""The reading model as a ``SupportChecker``: each claim against each sentence of its cited
passages (and each pair of adjacent sentences), aggregated as SummaC's zero-shot rule
does for a one-sentence claim: the best-supporting window decides.

A claim is supported when some window entails it (P(entailment) ≥ 0.5); otherwise it is
contradicted when some window contradicts it (P(contradiction) ≥ 0.5); otherwise the
passages do not mention it. The score is the best window's P(entailment).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from service.text.evidence import Passage, Quote
from service.text.sentences import window_spans
from service.verify.protocol import SUPPORTED_SCORE, Claim, Judgment
from service.verify.reader import ReadingModel


@dataclass(frozen=True)
class _Window:
    passage: Passage
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]

    def quote(self) -> Quote:
        offset = self.passage.doc_start
        return Quote(self.passage, self.text, offset + self.start, offset + self.end)


def windows(passages: Sequence[Passage]) -> list[_Window]:
    """Every sentence of the passages, and every two adjacent sentences of one passage."""
    found = []
    for passage in passages:
        found += [_Window(passage, s, e) for s, e in window_spans(passage.text) if e > s]
    return found


class ModelChecker:
    """Support judged by the reading model trained here."""

    name = "model"

    def __init__(self, reader: ReadingModel) -> None:
        self.reader = reader

    def judge(self, claims: Sequence[Claim]) -> list[Judgment]:
        """One judgment per claim; all pairs of the batch go to the model at once."""
        spans = [windows(c.passages) if c.text.strip() else [] for c in claims]
        pairs = [(w.text, c.text) for c, ws in zip(claims, spans, strict=True) for w in ws]
        probs = self.reader.probabilities(pairs)
        out, cursor = [], 0
        for ws in spans:
            out.append(_judgment(ws, probs[cursor : cursor + len(ws)]))
            cursor += len(ws)
        return out


def _judgment(found: list[_Window], probs: np.ndarray) -> Judgment:
    if not found:
        return Judgment("not_mentioned", 0.0, "weak", "no cited text to read", None)
    best = int(probs[:, 0].argmax())
    entail = float(probs[best, 0])
    if entail >= SUPPORTED_SCORE:
        return Judgment("supported", entail, None, "supported", found[best].quote())
    worst = int(probs[:, 2].argmax())
    if probs[worst, 2] >= 0.5:
        reason = f"the cited text says otherwise (P = {probs[worst, 2]:.2f}): {found[worst].text}"
        return Judgment("contradicted", entail, "contradiction", reason, found[worst].quote())
    reason = f"the cited text does not state it (best P = {entail:.2f})"
    return Judgment("not_mentioned", entail, "weak", reason, found[best].quote())
