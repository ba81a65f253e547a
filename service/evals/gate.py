"""The CI gate: a run's metrics against the committed thresholds (``evals/thresholds.yaml``).

Thresholds are floors set from a measured baseline (see the file's comments);
every metric named there must be present in the run and at or above its floor. A rate
where lower is better (``fragment_rate``) has a ceiling under ``maximum`` instead. Each
floor and ceiling has a ``target`` beside it: what good is (``service/evals/targets.py``
shows a run against them); a target is never below its floor.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from service.errors import BriefingError, first_problem


class Thresholds(BaseModel):
    """Which suite and backend the gate runs, on which questions, and each metric's floor."""

    model_config = ConfigDict(extra="forbid")

    suite: str
    backend: str
    questions: list[str] = Field(default_factory=list, description="Item ids; empty: all.")
    minimum: dict[str, float]
    maximum: dict[str, float] = Field(default_factory=dict)
    target: dict[str, float] = Field(
        default_factory=dict,
        description="What good is, beside each floor and ceiling (service/evals/targets.py).",
    )

    @model_validator(mode="after")
    def _a_target_beside_each_limit(self) -> Thresholds:
        for name, floor in self.minimum.items():
            target = self._target(name)
            if target < floor:
                raise ValueError(f"target of {name}: {target} is below its floor {floor}")
        for name, ceiling in self.maximum.items():
            target = self._target(name)
            if target > ceiling:
                raise ValueError(f"target of {name}: {target} is above its ceiling {ceiling}")
        return self

    def _target(self, name: str) -> float:
        if name not in self.target:
            raise ValueError(f"target: {name} has a limit but no target (say what good is)")
        return self.target[name]


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
        message = message.removeprefix("Value error, ")  # a check of the whole file
        where = f"field '{field}': " if field else ""
        raise BriefingError(f"{path}: {where}{message}") from exc


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
