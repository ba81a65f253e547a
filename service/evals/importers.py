"""Import RAGAS-style jsonl into a suite; gold documents are found by matching contexts.

A RAGAS row has ``question``, ``answer`` (a system's answer, ignored here: a suite
keeps references, not someone's output), ``contexts`` and ``ground_truth`` (the
reference). Newer RAGAS names (``user_input``, ``reference``, ``retrieved_contexts``,
``reference_contexts``) are read too. Each context is located in the ingested
documents: first verbatim (whitespace and case ignored), which also gives a gold
span; failing that, the document holding the largest share of the context's
stemmed words (ties broken by shared word pairs), if that share is at least
``MIN_COVERAGE``. Contexts found nowhere
are counted and reported, never guessed.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.errors import BriefingError
from service.evals.suite import EvalItem, GoldSpan
from service.text.tokens import tokenize

MIN_COVERAGE = 0.8
_QUESTION_KEYS = ("question", "user_input")
_REFERENCE_KEYS = ("ground_truth", "reference", "ground_truths")
_CONTEXT_KEYS = ("reference_contexts", "contexts", "retrieved_contexts")


@dataclass(frozen=True)
class Document:
    """An ingested document's source path and text."""

    source: str
    text: str


@dataclass
class ImportReport:
    """The imported items and how many contexts could not be placed in the corpus."""

    items: list[EvalItem] = field(default_factory=list)
    contexts: int = 0
    unmatched: int = 0


def locate(context: str, documents: list[Document]) -> tuple[str, GoldSpan | None] | None:
    """``(source, span or None)`` of the document a context comes from, or None."""
    words = context.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    for doc in documents:
        found = pattern.search(doc.text)
        if found:
            return doc.source, GoldSpan(source=doc.source, start=found.start(), end=found.end())
    tokens = tokenize(context)
    if not tokens:
        return None
    pairs = set(itertools.pairwise(tokens))
    scored = []
    for doc in documents:
        words = tokenize(doc.text)
        coverage = len(set(tokens) & set(words)) / len(set(tokens))
        # Ties on coverage are common (short contexts); word pairs in the same order break them.
        scored.append((coverage, len(pairs & set(itertools.pairwise(words))), doc.source))
    coverage, _pairs, best = max(scored, default=(0.0, 0, ""))
    return (best, None) if coverage >= MIN_COVERAGE else None


def import_ragas(path: Path, documents: list[Document], prefix: str = "r") -> ImportReport:
    """Suite items from a RAGAS jsonl file; ``BriefingError`` names the line on bad input."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read ({exc.strerror})") from exc
    report = ImportReport()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BriefingError(f"{path}: line {number}: not valid json ({exc.msg})") from exc
        report.items.append(_item(row, path, number, prefix, documents, report))
    return report


def _item(
    row: Any, path: Path, number: int, prefix: str, documents: list[Document], report: ImportReport
) -> EvalItem:
    if not isinstance(row, dict):
        raise BriefingError(f"{path}: line {number}: a row is a json object")
    question = _first(row, _QUESTION_KEYS)
    if not isinstance(question, str) or not question.strip():
        raise BriefingError(f"{path}: line {number}: field 'question': missing or empty")
    reference = _first(row, _REFERENCE_KEYS)
    if isinstance(reference, list):  # old RAGAS: ground_truths is a list
        reference = " ".join(str(r) for r in reference)
    contexts = _first(row, _CONTEXT_KEYS) or []
    if not isinstance(contexts, list):
        raise BriefingError(f"{path}: line {number}: field 'contexts': must be a list of strings")
    gold: list[str] = []
    spans: list[GoldSpan] = []
    for context in contexts:
        report.contexts += 1
        found = locate(str(context), documents)
        if found is None:
            report.unmatched += 1
            continue
        source, span = found
        gold += [] if source in gold else [source]
        spans += [span] if span is not None else []
    return EvalItem(
        id=str(row.get("id") or f"{prefix}{number:03d}"),
        question=question.strip(),
        answer=str(reference or ""),
        gold=gold,
        spans=spans,
        tags=[str(t) for t in row.get("tags", [])],
        kind="imported",
        answerable=bool(row.get("answerable", True)),
    )


def _first(row: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((row[k] for k in keys if row.get(k) is not None), None)


def suite_yaml(items: list[EvalItem]) -> str:
    """A suite file's text for ``items`` (defaults left out)."""
    import yaml

    rows = [item.model_dump(exclude_defaults=True) for item in items]
    return yaml.safe_dump(rows, sort_keys=False, allow_unicode=True, width=100)
