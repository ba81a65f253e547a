"""Eval suite files: ``evals/*.yaml`` or ``.jsonl``, one question per item."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from service.errors import BriefingError, validate_items


class GoldSpan(BaseModel):
    """A character span of a gold document that holds the answer."""

    model_config = ConfigDict(extra="forbid")

    source: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class EvalItem(BaseModel):
    """One question, its reference answer and the documents that support it."""

    # A misspelt field ("answerble") would otherwise be dropped silently and
    # change what the question measures.
    model_config = ConfigDict(extra="forbid")

    id: str
    question: str = Field(min_length=1)
    answer: str = ""
    gold: list[str] = Field(default_factory=list)
    also: list[str] = Field(default_factory=list)
    kind: str = "lexical"
    tags: list[str] = Field(default_factory=list)
    answerable: bool = True
    spans: list[GoldSpan] = Field(default_factory=list)
    # Documents searched around: asked without them, the question must abstain.
    exclude: list[str] = Field(default_factory=list)

    @property
    def relevant(self) -> set[str]:
        """Every document that supports the answer (gold and also)."""
        return set(self.gold) | set(self.also)


def leave_one_out(items: list[EvalItem]) -> list[EvalItem]:
    """Each answerable question asked without every document that answers it: must abstain."""
    return [
        EvalItem(
            id=f"loo-{i.id}",
            question=i.question,
            kind="leave-one-out",
            tags=i.tags,
            answerable=False,
            exclude=sorted(i.relevant),
        )
        for i in items
        if i.answerable
    ]


def load_suite(path: Path) -> list[EvalItem]:
    """Read a suite; raise ``BriefingError`` naming the file, item and field on bad input."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        if path.suffix == ".jsonl":
            raw = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            raw = yaml.safe_load(text) or []
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise BriefingError(f"{path}: not valid {path.suffix[1:]} ({exc})".split("\n")[0]) from exc
    if not isinstance(raw, list):
        raise BriefingError(f"{path}: a suite is a list of questions")
    return validate_items(EvalItem, raw, path)
