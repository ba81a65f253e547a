"""Tests every ``SupportChecker`` must pass, as a mixin (the Haystack document-store way).

A test module binds an implementation by subclassing ``SupportCheckerContract`` and
providing a ``checker`` fixture; the rules bind it in ``tests/verify/test_support.py``.
"""

from __future__ import annotations

import pytest

from service.text.evidence import Passage
from service.verify.protocol import SUPPORT_LABELS, SUPPORTED_SCORE, Claim, SupportChecker

PASSAGE = Passage(
    "contract",
    "Japan officially recognises 17 people as abductees of the DPRK. Five of the 17 "
    "recognised abductees returned to Japan on 15 October 2002.",
    doc_start=250,
)
VERBATIM = "Five of the 17 recognised abductees returned to Japan on 15 October 2002."
NEGATED = "Five of the 17 recognised abductees did not return to Japan on 15 October 2002."
NUMBER = "Seven of the 17 recognised abductees returned to Japan on 15 October 2002."
UNRELATED = "The price of rice in Osaka rose sharply during the summer festival."


def _claim(text: str, *passages: Passage) -> Claim:
    return Claim(text, passages or (PASSAGE,))


class SupportCheckerContract:
    """Mixin: subclass it and provide ``checker``."""

    @pytest.fixture
    def checker(self) -> SupportChecker:
        raise NotImplementedError("bind an implementation with a 'checker' fixture")

    def test_it_has_a_name(self, checker: SupportChecker) -> None:
        assert isinstance(checker.name, str) and checker.name

    def test_a_verbatim_claim_is_supported_with_its_span(self, checker: SupportChecker) -> None:
        (judgment,) = checker.judge([_claim(VERBATIM)])
        assert judgment.supported, judgment.reason
        assert judgment.kind is None
        span = judgment.span
        assert span is not None and span.passage == PASSAGE
        offset = PASSAGE.doc_start
        assert PASSAGE.text[span.start - offset : span.end - offset] == span.text
        assert VERBATIM in span.text

    def test_a_negated_claim_is_contradicted(self, checker: SupportChecker) -> None:
        (judgment,) = checker.judge([_claim(NEGATED)])
        assert judgment.label == "contradicted", judgment.reason
        assert judgment.kind and judgment.reason

    def test_a_changed_number_is_not_supported(self, checker: SupportChecker) -> None:
        (judgment,) = checker.judge([_claim(NUMBER)])
        assert not judgment.supported
        assert judgment.kind and judgment.reason

    def test_an_unrelated_claim_is_not_mentioned(self, checker: SupportChecker) -> None:
        (judgment,) = checker.judge([_claim(UNRELATED)])
        assert judgment.label == "not_mentioned", judgment.reason

    def test_a_claim_without_passages_is_not_mentioned(self, checker: SupportChecker) -> None:
        (judgment,) = checker.judge([Claim(VERBATIM, ())])
        assert judgment.label == "not_mentioned"
        assert judgment.span is None and judgment.score < SUPPORTED_SCORE

    def test_a_blank_claim_is_not_supported(self, checker: SupportChecker) -> None:
        (judgment,) = checker.judge([_claim("  ")])
        assert not judgment.supported

    def test_an_empty_batch_gives_no_judgments(self, checker: SupportChecker) -> None:
        assert checker.judge([]) == []

    def test_a_batch_keeps_order_and_matches_single_calls(self, checker: SupportChecker) -> None:
        texts = [UNRELATED, VERBATIM, NEGATED, NUMBER, VERBATIM]
        batch = checker.judge([_claim(t) for t in texts])
        assert len(batch) == len(texts)
        singles = [checker.judge([_claim(t)])[0] for t in texts]
        assert [j.label for j in batch] == [j.label for j in singles]
        assert [j.score for j in batch] == pytest.approx([j.score for j in singles], abs=1e-6)

    def test_scores_are_in_range_and_agree_with_labels(self, checker: SupportChecker) -> None:
        claims = [_claim(t) for t in (VERBATIM, NEGATED, NUMBER, UNRELATED)]
        for judgment in checker.judge(claims):
            assert judgment.label in SUPPORT_LABELS
            assert 0.0 <= judgment.score <= 1.0
            assert judgment.supported == (judgment.score >= SUPPORTED_SCORE)

    def test_passages_are_read_together(self, checker: SupportChecker) -> None:
        first, second = PASSAGE.text.split(". ", 1)
        split = (Passage("a", first + "."), Passage("b", second, doc_start=999))
        (judgment,) = checker.judge([_claim(VERBATIM, *split)])
        assert judgment.supported, judgment.reason
        assert judgment.span is not None and judgment.span.passage == split[1]
