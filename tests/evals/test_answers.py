"""Answer and citation metrics on hand-made cases with known values."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from service.corpus.embed import LocalEmbeddings
from service.evals.answers import (
    Support,
    abstention_correct,
    answer_tokens,
    citation_scores,
    cosine,
    groundedness,
    token_f1,
    verifier_support,
)
from service.text.evidence import Passage
from service.verify.support import Verifier

A, B, C = Passage("a", "alpha"), Passage("b", "beta"), Passage("c", "gamma")


def table(*supported: tuple[str, str]) -> Support:
    """A support judge from a table of (sentence, passage keys joined) that are supported."""
    allowed = set(supported)

    def supports(sentence: str, passages: Sequence[Passage]) -> bool:
        return (sentence, "".join(sorted(p.key for p in passages))) in allowed

    return supports


def test_tokens_are_normalised_like_squad() -> None:
    assert answer_tokens("The DPRK's report, in July!") == ["dprks", "report", "in", "july"]
    assert answer_tokens("13,000 remains—home") == ["13000", "remains", "home"]


@pytest.mark.parametrize(
    ("prediction", "reference", "expected"),
    [
        ("13,000 sets of remains", "13,000 sets of remains", 1.0),
        ("", "", 1.0),
        ("", "something", 0.0),
        ("nothing alike", "entirely different words", 0.0),
        # 2 common tokens; precision 2/4, recall 2/3 -> F1 = 2*(1/2*2/3)/(1/2+2/3) = 4/7
        ("about 13000 remains returned", "13000 remains repatriated", 4 / 7),
    ],
)
def test_token_f1(prediction: str, reference: str, expected: float) -> None:
    assert token_f1(prediction, reference) == pytest.approx(expected)


def test_cosine_known_values() -> None:
    assert cosine([1, 0], [1, 0]) == pytest.approx(1.0)
    assert cosine([1, 0], [0, 1]) == pytest.approx(0.0)
    assert cosine([1, 1], [1, 0]) == pytest.approx(2**-0.5)
    assert cosine([0, 0], [1, 0]) == 0.0


def test_abstention_is_right_when_it_matches_answerability() -> None:
    assert abstention_correct(abstained=True, answerable=False) == 1.0
    assert abstention_correct(abstained=False, answerable=False) == 0.0
    assert abstention_correct(abstained=True, answerable=True) == 0.0


def test_groundedness_counts_sentences_supported_by_their_own_citations() -> None:
    supports = table(("s1", "a"), ("s2", "b"))
    assert groundedness([("s1", [A]), ("s2", [B])], supports) == 1.0
    assert groundedness([], supports) is None
    # s2 cites the wrong passage; s3 cites nothing: 1 of 3.
    composed = [("s1", [A]), ("s2", [C]), ("s3", [])]
    assert groundedness(composed, supports) == pytest.approx(1 / 3)


def test_alce_perfect_answer() -> None:
    scores = citation_scores([("s1", [A]), ("s2", [B])], table(("s1", "a"), ("s2", "b")))
    assert (scores.recall, scores.precision) == (1.0, 1.0)


def test_alce_empty_answer_has_no_scores() -> None:
    scores = citation_scores([], table())
    assert scores.recall is None and scores.precision is None


def test_alce_partial_answer() -> None:
    # s1: A alone supports; B is irrelevant (A without B still supports) -> 1 of 2 precise.
    # s2: only A+C together support, each is needed -> 2 of 2 precise.
    # s3: cites B, which does not support -> unrecalled, 0 of 1 precise.
    # s4: no citation -> unrecalled, no citations counted.
    supports = table(("s1", "a"), ("s1", "ab"), ("s2", "ac"))
    answer = [("s1", [A, B]), ("s2", [A, C]), ("s3", [B]), ("s4", [])]
    scores = citation_scores(answer, supports)
    assert (scores.sentences, scores.supported) == (4, 2)
    assert (scores.citations, scores.precise) == (5, 3)
    assert scores.recall == pytest.approx(0.5)
    assert scores.precision == pytest.approx(0.6)


def test_alce_with_the_real_verifier(embedder: LocalEmbeddings) -> None:
    supports = verifier_support(Verifier(embedder))
    remains = Passage("r", "About 13,000 sets of remains were brought home to Japan.")
    visits = Passage("v", "Grave visits by bereaved families began in August 2012.")
    answer = [
        ("About 13,000 sets of remains were brought home to Japan.", [remains, visits]),
        ("Grave visits began in August 2012.", [visits]),
        ("About 20,000 sets of remains were brought home.", [remains]),
    ]
    scores = citation_scores(answer, supports)
    # Sentence 1 is supported; "visits" is over-citation. Sentence 3 has the wrong number.
    assert (scores.supported, scores.sentences) == (2, 3)
    assert (scores.precise, scores.citations) == (2, 4)
