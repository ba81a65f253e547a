"""What good is: each metric against its target, in the order an analyst reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.evals.choice import suite_files
from service.evals.gate import load_thresholds
from service.evals.targets import READING_ORDER, Standing, standings, suite_thresholds

REPO = Path(__file__).resolve().parents[2]
GATES = sorted((REPO / "evals").glob("thresholds*.yaml"))


@pytest.mark.parametrize("path", GATES, ids=lambda p: p.stem)
def test_every_committed_limit_has_a_target_no_lower_than_it(path: Path) -> None:
    limits = load_thresholds(path)  # the model refuses a limit without a target
    assert set(limits.minimum) | set(limits.maximum) <= set(limits.target)
    assert suite_thresholds(Path(limits.suite).name, REPO / "evals") == limits


def test_answers_that_answer_are_read_before_sentences_supported() -> None:
    assert READING_ORDER.index("answer_rate") < READING_ORDER.index("groundedness")
    assert READING_ORDER.index("answer_similarity") < READING_ORDER.index("groundedness")
    limits = load_thresholds(REPO / "evals" / "thresholds-news.yaml")
    metrics = {"groundedness": 1.0, "zeta": 0.3, "answer_rate": 0.8, "dateline_rate": 0.0}
    found = standings(metrics, limits)
    assert [s.name for s in found] == ["answer_rate", "groundedness", "dateline_rate", "zeta"]
    assert [s.word for s in found] == ["short", "pass", "pass", ""]
    assert [s.target_text for s in found][:3] == ["at least 0.90", "at least 1.00", "at most 0.00"]


@pytest.mark.parametrize(
    ("standing", "word"),
    [(Standing("a", "g", 0.5, 0.5), "pass"), (Standing("a", "g", 0.49, 0.5), "short"),
     (Standing("r", "g", 0.1, 0.0, at_most=True), "short"), (Standing("a", "g", 0.5), "")],
)  # fmt: skip
def test_a_standing_is_said_in_words(standing: Standing, word: str) -> None:
    assert standing.word == word


def test_no_thresholds_file_is_offered_as_a_suite() -> None:
    offered = suite_files(REPO / "evals")
    assert offered and not [name for name in offered if name.startswith("thresholds")]
