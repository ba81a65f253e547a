"""The Evals pages in plain language: what each metric means, a trend chart across stored
runs (inline SVG drawn here, no chart library in the browser) and what a suite expected."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from markupsafe import Markup

from service.errors import BriefingError
from service.evals.runner import select_items
from service.evals.runs import RunSummary
from service.evals.suite import EvalItem


@dataclass(frozen=True)
class Metric:
    """A metric as an analyst reads it: a short label and one line on what it means."""

    label: str
    meaning: str


METRICS: dict[str, Metric] = {
    "hit@5": Metric("Right source found", "found a right document in the top 5 results"),
    "recall@5": Metric("Sources found", "share of the right documents in the top 5"),
    "mrr": Metric("Rank of first right source", "1 if it came first, 1/2 if second, and so on"),
    "ndcg@5": Metric("Ranking quality", "right documents near the top of the 5 score higher"),
    "answer_f1": Metric("Words as expected", "words in common with the expected answer"),
    "answer_similarity": Metric("Meaning as expected", "close in meaning to the expected answer"),
    "answer_rate": Metric("Answered", "share of questions answered rather than declined"),
    "gold_span_cited": Metric("Cited the expected passage", "cited the passage the suite names"),
    "abstention_accuracy": Metric("Declined rightly", "declined what the corpus cannot answer"),
    "groundedness": Metric("Supported sentences", "sentences their cited passages support"),
    "citation_recall": Metric("Sentences cited", "sentences that carry a supporting citation"),
    "citation_precision": Metric("Citations that support", "citations that support their sentence"),
    "latency_p50_ms": Metric("Typical answer time", "median time to answer, in milliseconds"),
    "latency_p95_ms": Metric("Slow answer time", "95 in 100 answers came faster, in milliseconds"),
    "retrieval_p50_ms": Metric("Typical search time", "median time to search, in milliseconds"),
}  # fmt: skip
TREND = (("hit@5", "#1f5fa8"), ("answer_f1", "#b35900"), ("groundedness", "#1d7a3a"))
_W, _H, _PAD = 640, 220, 36


def metric(name: str) -> Metric:
    """The plain-language label of ``name`` (its own name when it has none)."""
    return METRICS.get(name, Metric(name, name))


def trend_chart(runs: list[RunSummary]) -> Markup:
    """Headline metrics of the latest run's suite across its stored runs, oldest first, as
    an SVG line chart with a title and a text summary ("" with fewer than two runs)."""
    if not runs:
        return Markup("")
    suite = runs[0].suite  # the store lists the newest first
    series = sorted((r for r in runs if r.suite == suite), key=lambda r: r.created_at)
    if len(series) < 2:
        return Markup("")
    step = (_W - 2 * _PAD) / (len(series) - 1)
    lines = [_line(series, name, color, step) for name, color in TREND]
    grid = "".join(
        f'<line x1="{_PAD}" x2="{_W - _PAD}" y1="{_y(v)}" y2="{_y(v)}" class="grid"/>'
        f'<text x="4" y="{_y(v) + 4}">{v:.1f}</text>'
        for v in (0.0, 0.5, 1.0)
    )
    ticks = "".join(
        f'<text x="{_PAD + i * step:.1f}" y="{_H - 6}" text-anchor="middle">'
        f"{escape(r.id[:6])}</text>"
        for i, r in enumerate(series)
    )
    title = f"{suite}: {', '.join(metric(n).label for n, _ in TREND)} across {len(series)} runs"
    svg = (
        f'<svg class="trend" viewBox="0 0 {_W} {_H}" role="img" aria-labelledby="trend-title">'
        f'<title id="trend-title">{escape(title)}</title>{grid}{ticks}{"".join(lines)}</svg>'
    )
    legend = "".join(
        f'<li><span class="swatch" style="background:{color}"></span>{escape(metric(n).label)}'
        f" ({escape(n)})</li>"
        for n, color in TREND
    )
    return Markup(
        f'<figure class="trend-chart">{svg}<figcaption>{escape(title)}'
        f'<ul class="legend-list">{legend}</ul></figcaption></figure>'
    )


def _line(series: list[RunSummary], name: str, color: str, step: float) -> str:
    points = [(i, r.metrics[name]) for i, r in enumerate(series) if name in r.metrics]
    coords = " ".join(f"{_PAD + i * step:.1f},{_y(v):.1f}" for i, v in points)
    dots = "".join(
        f'<circle cx="{_PAD + i * step:.1f}" cy="{_y(v):.1f}" r="3" fill="{color}"/>'
        for i, v in points
    )
    return f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"/>{dots}'


def _y(value: float) -> float:
    return round(_H - _PAD - max(0.0, min(1.0, value)) * (_H - 2 * _PAD), 1)


def expected_items(suites: dict[str, Path], suite: str) -> dict[str, EvalItem]:
    """The questions of the suite file a run came from, by id (empty when the file is gone
    or no longer loads: the run page then shows what was stored only)."""
    path = next((p for name, p in suites.items() if Path(name).stem == suite), None)
    if path is None:
        return {}
    try:
        return {item.id: item for item in select_items(path, [])}
    except BriefingError:
        return {}
