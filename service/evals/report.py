"""HTML report of a run: summary, charts (matplotlib PNGs inlined) and every question.

``render_report`` returns one self-contained page (no external files), so it can be
written to disk by the CLI; ``report_body`` is its content for the web Evals page.
Every piece of text from the run is escaped; a citation links to its source where
``source_link`` says how.
"""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from collections.abc import Callable
from html import escape

from matplotlib.figure import Figure

from service.evals.compare import Comparison
from service.evals.metrics import mean
from service.evals.results import EvalRun, QuestionResult
from service.evals.targets import standings, suite_thresholds

SourceLink = Callable[[str, int, int], str]
"""``(source, start, end) -> URL`` of a cited span (an empty string for no link)."""

TABLE_METRICS = (
    "hit@5", "answer_f1", "answer_similarity", "groundedness",
    "citation_recall", "citation_precision",
)  # fmt: skip
_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:70rem}
table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ccc;padding:.25rem .5rem}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.worse{color:#b00020}.better{color:#1b5e20}.low{background:#fde8e8}
.pass{color:#1b5e20}.short{color:#b00020;font-weight:600}
details{margin:.5rem 0}blockquote{margin:.25rem 1rem;color:#555}img{max-width:100%}
"""


def render_report(
    run: EvalRun, comparison: Comparison | None = None, source_link: SourceLink | None = None
) -> str:
    """The whole report as one HTML page."""
    title = escape(f"Eval {run.id} ({run.suite}, {run.backend})")
    body = report_body(run, comparison, source_link)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def report_body(
    run: EvalRun, comparison: Comparison | None = None, source_link: SourceLink | None = None
) -> str:
    """The report's content without the page around it (the web Evals page shows it
    inside its own layout); every piece of text from the run is escaped."""
    parts = [
        f"<h1>Eval run {escape(run.id)}: {escape(run.suite)}</h1>",
        _run_facts(run),
        _summary_table(run, comparison),
        "<h2>Charts</h2>",
        _img(_metrics_chart(run, comparison), "summary metrics"),
        _img(_latency_chart(run), "answer latency"),
        _img(_tag_chart(run), "hit@5 and answer F1 by tag"),
        "<h2>Questions</h2>",
        _question_table(run),
        "<h2>Answers</h2>",
        *(_answer_block(r, source_link) for r in run.results),
    ]
    return "\n".join(parts)


def _run_facts(run: EvalRun) -> str:
    prints = run.fingerprint
    facts = {
        "backend": run.backend,
        "model": run.model,
        "questions": str(len(run.results)),
        "created": run.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        "duration": f"{run.seconds:.1f} s",
        "fingerprint": str(prints.get("digest", "")),
        "prompts": ", ".join(f"{k}:{v[:8]}" for k, v in prints.get("prompts", {}).items()),
        "settings": ", ".join(f"{k}={v}" for k, v in prints.get("settings", {}).items()),
    }
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in facts.items())
    return f"<table>{rows}</table>"


def _summary_table(run: EvalRun, comparison: Comparison | None) -> str:
    """Every metric in reading order, against its target in words ("pass", "short")."""
    deltas = {d.name: d for d in comparison.deltas} if comparison else {}
    head = "<tr><th>reads</th><th>metric</th><th>value</th><th>target</th><th>standing</th>"
    head += f"<th>vs {escape(comparison.run_a)}</th></tr>" if comparison else "</tr>"
    rows, shown_group = [], ""
    for s in standings(run.metrics, suite_thresholds(run.suite)):
        cell = ""
        if comparison:
            d = deltas.get(s.name)
            delta = d.delta if d else None
            css = "worse" if d and d.worse else "better"
            cell = f'<td class="num {css}">{delta:+.3f}</td>' if delta is not None else "<td></td>"
        group = escape(s.group) if s.group != shown_group else ""
        shown_group = s.group
        rows.append(
            f'<tr><td>{group}</td><td>{escape(s.name)}</td><td class="num">{s.value:.3f}</td>'
            f'<td>{escape(s.target_text)}</td><td class="{s.word}">{s.word}</td>{cell}</tr>'
        )
    worse = ""
    if comparison and comparison.worse:
        items = "".join(
            f'<li><a href="#q-{escape(q.item_id)}">{escape(q.item_id)}</a>: '
            + escape(", ".join(f"{m} {a:.2f}→{b:.2f}" for m, (a, b) in q.drops.items()))
            + "</li>"
            for q in comparison.worse
        )
        worse = f"<h3>Questions that got worse</h3><ul>{items}</ul>"
    note = (
        "<p>Read from the top: first whether answers answer the question, then whether "
        "search found the sources, then whether each sentence is supported by its "
        "citation. Standing: each metric against its suite's target.</p>"
    )
    return f"<h2>Summary</h2>{note}<table>{head}{''.join(rows)}</table>{worse}"


def _question_table(run: EvalRun) -> str:
    head = "<tr><th>id</th><th>question</th><th>answerable</th><th>abstained</th>"
    head += "".join(f"<th>{escape(m)}</th>" for m in TABLE_METRICS) + "<th>ms</th></tr>"
    rows = []
    for r in run.results:
        cells = "".join(_metric_cell(r.metrics.get(m)) for m in TABLE_METRICS)
        rows.append(
            f'<tr><td><a href="#q-{escape(r.item_id)}">{escape(r.item_id)}</a></td>'
            f"<td>{escape(r.question)}</td><td>{'yes' if r.answerable else 'no'}</td>"
            f"<td>{'yes' if r.answer['abstained'] else 'no'}</td>{cells}"
            f'<td class="num">{r.latency_ms:.0f}</td></tr>'
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _metric_cell(value: float | None) -> str:
    if value is None:
        return "<td></td>"
    css = "num low" if value < 0.5 else "num"
    return f'<td class="{css}">{value:.2f}</td>'


def _answer_block(result: QuestionResult, source_link: SourceLink | None) -> str:
    answer = result.answer
    item_id = escape(result.item_id)
    sentences = "".join(
        f"<li>{escape(s['text'])} {escape(''.join(f'[{n}]' for n in s['citations']))}</li>"
        for s in answer["sentences"]
    )
    body = f"<ol>{sentences}</ol>" if sentences else f"<p>{escape(answer['text'])}</p>"
    citations = "".join(_citation(c, source_link) for c in answer["citations"])
    retrieved = escape(", ".join(result.ranked_docs))
    return (
        f'<details id="q-{item_id}"><summary>{item_id}: {escape(result.question)}</summary>'
        f"{body}<ul>{citations}</ul><p>retrieved: {retrieved}</p></details>"
    )


def _citation(citation: dict[str, object], source_link: SourceLink | None) -> str:
    source, start, end = (
        str(citation["source"]),
        int(str(citation["start"])),
        int(str(citation["end"])),
    )
    label = escape(f"[{citation['n']}] {source} [{start}:{end}]")
    url = source_link(source, start, end) if source_link is not None else ""
    if url:  # "" when the source has no page (e.g. removed from the corpus since)
        label = f'<a href="{escape(url)}">{label}</a>'
    quote = escape(" ".join(str(citation["quote"]).split()))
    return f"<li>{label}<blockquote>{quote}</blockquote></li>"


def _img(png: bytes, alt: str) -> str:
    encoded = base64.b64encode(png).decode("ascii")
    return f'<p><img alt="{escape(alt)}" src="data:image/png;base64,{encoded}"></p>'


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return buffer.getvalue()


def _metrics_chart(run: EvalRun, comparison: Comparison | None) -> bytes:
    """Horizontal bars of the 0-1 metrics; the compared run's values as outlines."""
    names = [n for n, v in run.metrics.items() if not n.endswith("_ms") and 0 <= v <= 1]
    figure = Figure(figsize=(7, 0.35 * len(names) + 1))
    axes = figure.subplots()
    axes.barh(names, [run.metrics[n] for n in names], color="#4a78b5", label=run.id)
    if comparison is not None:
        before = {d.name: d.before for d in comparison.deltas}
        values = [before.get(n) or 0.0 for n in names]
        axes.barh(names, values, fill=False, edgecolor="#d0661b", label=comparison.run_a)
        axes.legend(loc="lower right")
    axes.set_xlim(0, 1)
    axes.invert_yaxis()
    axes.set_title("Summary metrics")
    return _png(figure)


def _latency_chart(run: EvalRun) -> bytes:
    figure = Figure(figsize=(7, 2.5))
    axes = figure.subplots()
    axes.hist([r.latency_ms / 1000 for r in run.results], bins=20, color="#4a78b5")
    axes.set_xlabel("seconds per question")
    axes.set_ylabel("questions")
    axes.set_title("Answer latency")
    return _png(figure)


def _tag_chart(run: EvalRun) -> bytes:
    by_tag: dict[str, list[QuestionResult]] = defaultdict(list)
    for result in run.results:
        for tag in result.tags:
            by_tag[tag].append(result)
    tags = sorted(by_tag)
    figure = Figure(figsize=(7, 0.35 * len(tags) + 1))
    axes = figure.subplots()
    for offset, (metric, color) in enumerate((("hit@5", "#4a78b5"), ("answer_f1", "#d0661b"))):
        values = [
            mean([v for r in by_tag[t] if (v := r.metrics.get(metric)) is not None]) for t in tags
        ]
        positions = [i + offset * 0.4 for i in range(len(tags))]
        axes.barh(positions, values, height=0.4, color=color, label=metric)
    axes.set_yticks([i + 0.2 for i in range(len(tags))], tags)
    axes.set_xlim(0, 1)
    axes.invert_yaxis()
    axes.legend(loc="lower right")
    axes.set_title("By tag")
    return _png(figure)
