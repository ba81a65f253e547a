"""The CI gate: a run's metrics against the committed thresholds (``evals/thresholds.yaml``).

Thresholds are floors set from a measured baseline (see the file's comments);
every metric named there must be present in the run and at or above its floor. A rate
where lower is better (``fragment_rate``) has a ceiling under ``maximum`` instead.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.errors import BriefingError, first_problem


class Thresholds(BaseModel):
    """Which suite and backend the gate runs, on which questions, and each metric's floor."""

    model_config = ConfigDict(extra="forbid")

    suite: str
    backend: str
    questions: list[str] = Field(default_factory=list, description="Item ids; empty: all.")
    minimum: dict[str, float]
    maximum: dict[str, float] = Field(default_factory=dict)


def load_thresholds(path: Path) -> Thresholds:
    """Read the thresholds file; ``BriefingError`` naming the file and field on bad input."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise BriefingError(f"{path}: not valid yaml ({exc})".split("\n")[0]) from exc
    try:
        return Thresholds.model_validate(raw)
    except ValidationError as exc:
        field, message = first_problem(exc)
        raise BriefingError(f"{path}: field '{field}': {message}") from exc


def gate_failures(
    metrics: dict[str, float],
    minimum: dict[str, float],
    maximum: dict[str, float] | None = None,
) -> list[str]:
    """One line per metric that is missing, below its floor or above its ceiling; empty
    when the gate passes."""
    failures = []
    for name, floor in minimum.items():
        value = metrics.get(name)
        if value is None:
            failures.append(f"{name}: missing from the run (threshold {floor:.3f})")
        elif value < floor:
            failures.append(f"{name} = {value:.3f} is below its threshold {floor:.3f}")
    for name, ceiling in (maximum or {}).items():
        value = metrics.get(name)
        if value is None:
            failures.append(f"{name}: missing from the run (ceiling {ceiling:.3f})")
        elif value > ceiling:
            failures.append(f"{name} = {value:.3f} is above its ceiling {ceiling:.3f}")
    return failures
