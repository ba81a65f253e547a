"""What good is: each metric of a run against the target its thresholds file sets, in the
order an analyst should read them.

A thresholds file's ``minimum`` (and ``maximum``) are the gate's floors and ceilings: what
the last baseline reached, so that a regression fails. Its ``target`` says what good is,
beside each floor: a metric can pass the gate and still fall short of its target. A
standing is said in words ("pass", "short"), never by colour alone.

Reading order: first whether answers answer the question (answered, the expected
passage cited, meaning as expected, declined rightly); then whether search found the
sources; then whether each shown sentence is backed by its citation ("supported
sentences" is 1.00 for an answer that says nothing wrong and nothing useful); then
whether the sentences can be quoted as they are; then speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from service.errors import BriefingError
from service.evals.gate import Thresholds, load_thresholds
from service.package_data import suites_dir

READING_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Answers that answer", ("answer_rate", "gold_span_cited", "answer_similarity",
                             "answer_f1", "abstention_accuracy")),
    ("Sources found", ("hit@5", "recall@5", "mrr", "ndcg@5")),
    ("Sentences supported", ("groundedness", "citation_precision", "citation_recall")),
    ("Sentences quotable as they are", ("fragment_rate", "dateline_rate", "dangling_rate")),
    ("Speed", ("latency_p50_ms", "latency_p95_ms", "retrieval_p50_ms")),
)  # fmt: skip
READING_ORDER = tuple(name for _, names in READING_GROUPS for name in names)


@dataclass(frozen=True)
class Standing:
    """One metric of a run: its value, its target (None: the suite sets none) and whether
    it reaches it; ``at_most`` for a rate where lower is better."""

    name: str
    group: str
    value: float
    target: float | None = None
    at_most: bool = False

    @property
    def reached(self) -> bool | None:
        """True when the value reaches the target, None when there is no target."""
        if self.target is None:
            return None
        return self.value <= self.target if self.at_most else self.value >= self.target

    @property
    def word(self) -> str:
        """ "pass", "short" or "" (no target): what the report prints beside the colour."""
        return {True: "pass", False: "short", None: ""}[self.reached]

    @property
    def target_text(self) -> str:
        """The target as read: "at least 0.90", "at most 0.00", or ""."""
        if self.target is None:
            return ""
        return f"{'at most' if self.at_most else 'at least'} {self.target:.2f}"


def standings(metrics: dict[str, float], limits: Thresholds | None) -> list[Standing]:
    """Every metric of a run in reading order (those of no group last), with its target."""
    groups = {name: group for group, names in READING_GROUPS for name in names}
    order = {name: i for i, name in enumerate(READING_ORDER)}
    names = sorted(metrics, key=lambda n: (order.get(n, len(order)), n))
    targets = limits.target if limits else {}
    ceilings = set(limits.maximum) if limits else set()
    return [
        Standing(n, groups.get(n, "Other"), metrics[n], targets.get(n), n in ceilings)
        for n in names
    ]


def suite_thresholds(suite: str, folder: Path | None = None) -> Thresholds | None:
    """The thresholds file whose gate runs ``suite`` (a run's suite name, the file's
    stem), or None when no gate does (or its file does not load)."""
    for path in sorted((folder or suites_dir()).glob("thresholds*.yaml")):
        try:
            limits = load_thresholds(path)
        except BriefingError:
            continue
        if Path(limits.suite).name == suite:
            return limits
    return None
