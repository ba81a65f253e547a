"""Export a run's per-question results as jsonl (everything) or csv (one flat row each)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from service.evals.results import SUMMARY_NAMES, EvalRun, QuestionResult

FORMATS = ("jsonl", "csv")


def result_row(run: EvalRun, result: QuestionResult) -> dict[str, Any]:
    """One question as a flat record: ids, answer, cited sources and every metric."""
    sources = dict.fromkeys(c["source"] for c in result.answer["citations"])
    row: dict[str, Any] = {
        "run": run.id,
        "id": result.item_id,
        "question": result.question,
        "answerable": result.answerable,
        "abstained": result.answer["abstained"],
        "answer": result.answer["text"],
        "cited_sources": ";".join(sources),
        "latency_ms": result.latency_ms,
    }
    for name in SUMMARY_NAMES:
        row[name] = result.metrics.get(name)
    return row


def export_run(run: EvalRun, fmt: str) -> str:
    """The run's questions in ``fmt`` (``jsonl``: full records; ``csv``: flat rows)."""
    if fmt == "jsonl":
        lines = [
            json.dumps({"run": run.id, **r.as_json()}, ensure_ascii=False) for r in run.results
        ]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        rows = [result_row(run, r) for r in run.results]
        columns = list(rows[0]) if rows else ["run", "id"]
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    raise ValueError(f"unknown export format {fmt!r} ({', '.join(FORMATS)})")
