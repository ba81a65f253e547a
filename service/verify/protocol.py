"""The support checker's contract: claims in, one judgment each out.

Every checker (the rules of ``service.verify.support`` today; a trained reading model and
an LLM judge next) takes a batch of claims, each with the passages it cites, and says
for each whether the passages support it, contradict it or do not mention it, with a
score, what failed and the passage span that decided. ``tests/verify/contract.py`` holds
the tests every implementation must pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from service.text.evidence import Passage, Quote

SupportLabel = Literal["supported", "contradicted", "not_mentioned"]
SUPPORT_LABELS: tuple[SupportLabel, ...] = ("supported", "contradicted", "not_mentioned")
# A judgment is "supported" exactly when its score reaches this.
SUPPORTED_SCORE = 0.5


@dataclass(frozen=True)
class Claim:
    """A sentence to check and the passages it cites (taken together)."""

    text: str
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Judgment:
    """What a checker concluded about one claim.

    ``score`` is in [0, 1] and reaches ``SUPPORTED_SCORE`` exactly when ``label`` is
    "supported"; ``kind`` names what failed ("number", "negation", "antonym", "weak",
    ...) and is None when supported; ``span`` is the passage text that decided.
    """

    label: SupportLabel
    score: float
    kind: str | None
    reason: str
    span: Quote | None

    @property
    def supported(self) -> bool:
        """True when the passages support the claim."""
        return self.label == "supported"


class SupportChecker(Protocol):
    """Judges claims against the passages they cite."""

    name: str

    def judge(self, claims: Sequence[Claim]) -> list[Judgment]:
        """One judgment per claim, in the claims' order."""
        ...
