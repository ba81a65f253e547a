"""Answer metrics: correctness against a reference, abstention, groundedness and
citation recall/precision in the ALCE sense (Gao et al. 2023).

Support is a callable ``supports(sentence, passages) -> bool`` so the formulas can
be tested on hand-made support tables; runs pass the project's ``Verifier``.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from service.text.evidence import Passage
from service.verify.support import Verifier

Support = Callable[[str, Sequence[Passage]], bool]
CitedSentence = tuple[str, Sequence[Passage]]

_ARTICLES = re.compile(r"\b(a|an|the)\b")
# ASCII punctuation is deleted as in SQuAD ("13,000" -> "13000"); typographic dashes
# and quotes separate words.
_PUNCTUATION = str.maketrans(
    {**dict.fromkeys(string.punctuation, ""), **dict.fromkeys("“”‘’–—", " ")}
)


def answer_tokens(text: str) -> list[str]:
    """SQuAD normalisation: lower case, no punctuation, no articles, split on white space."""
    return _ARTICLES.sub(" ", text.lower().translate(_PUNCTUATION)).split()


def token_f1(prediction: str, reference: str) -> float:
    """Harmonic mean of token precision and recall (multiset overlap); 1.0 when both empty."""
    predicted, expected = answer_tokens(prediction), answer_tokens(reference)
    if not predicted or not expected:
        return float(predicted == expected)
    common = sum((Counter(predicted) & Counter(expected)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(predicted), common / len(expected)
    return 2 * precision * recall / (precision + recall)


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity of two vectors; 0.0 when either is all zeros."""
    u, v = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    norms = float(np.linalg.norm(u) * np.linalg.norm(v))
    return float(u @ v) / norms if norms else 0.0


def abstention_correct(abstained: bool, answerable: bool) -> float:
    """1.0 when the answer abstained exactly when the corpus cannot answer."""
    return float(abstained != answerable)


def groundedness(composed: Sequence[CitedSentence], supports: Support) -> float | None:
    """Share of sentences supported by the passages they themselves cite (None: no sentences).

    A sentence with no citation is unsupported.
    """
    if not composed:
        return None
    return sum(bool(cited) and supports(text, cited) for text, cited in composed) / len(composed)


@dataclass(frozen=True)
class CitationScores:
    """ALCE counts for one answer: sentences, supported ones, citations, precise ones."""

    sentences: int
    supported: int
    citations: int
    precise: int

    @property
    def recall(self) -> float | None:
        """Share of sentences whose citations together support them."""
        return self.supported / self.sentences if self.sentences else None

    @property
    def precision(self) -> float | None:
        """Share of citations that support their sentence alone or are needed jointly."""
        return self.precise / self.citations if self.citations else None


def citation_scores(answer: Sequence[CitedSentence], supports: Support) -> CitationScores:
    """ALCE citation recall and precision counts, following the reference implementation.

    A sentence is recalled when its citations, concatenated, support it. For a
    recalled sentence with several citations, a citation is precise when it
    supports the sentence alone, or when the others without it no longer do;
    otherwise it is over-citation. A single citation is precise when it supports
    its sentence; no citation of an unsupported sentence is precise.
    """
    supported = citations = precise = 0
    for text, cited in answer:
        citations += len(cited)
        joint = bool(cited) and supports(text, cited)
        supported += joint
        if not joint:
            continue
        if len(cited) == 1:
            precise += 1
            continue
        for i, passage in enumerate(cited):
            others = [p for j, p in enumerate(cited) if j != i]
            precise += supports(text, [passage]) or not supports(text, others)
    return CitationScores(len(answer), supported, citations, precise)


def verifier_support(verifier: Verifier) -> Support:
    """The project's verifier as a ``Support`` callable."""

    def supports(sentence: str, passages: Sequence[Passage]) -> bool:
        return verifier.verify(sentence, passages).supported

    return supports
