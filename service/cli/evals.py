"""``briefing eval``: run suites, store and compare runs, reports, import/export, the gate."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from service.cli.support import (
    domain_errors,
    fail,
    load_settings,
    open_index_with,
    out,
    progress_bar,
    write_atomic,
)

eval_app = typer.Typer(help="Eval suites: run, store, compare, report; the CI gate.")

RunArg = Annotated[str, typer.Argument(help="Run id (or prefix), or a baseline .json file.")]
JsonOpt = Annotated[bool, typer.Option("--json")]
BackendOpt = Annotated[str | None, typer.Option(help="extractive | local | openai")]


def _with_backend(backend: str | None) -> Any:
    settings = load_settings()
    return settings.model_copy(update={"llm": backend}) if backend else settings


def _store(settings: Any) -> Any:
    from service.evals.runs import RunStore

    return RunStore(open_index_with(settings).sessions)


def _load_run(ref: str, settings: Any) -> Any:
    """A stored run, or a run saved as JSON (the committed baselines)."""
    from service.evals.results import EvalRun

    if ref.endswith(".json"):
        try:
            return EvalRun.from_json(json.loads(Path(ref).read_text(encoding="utf-8")))
        except OSError as exc:
            fail(f"{ref}: cannot read ({exc.strerror})")
        except (ValueError, KeyError, TypeError) as exc:
            fail(f"{ref}: not a saved eval run ({exc})")
    with domain_errors():
        return _store(settings).get(ref)


def _print_metrics(run: Any) -> None:
    """The run's metrics in reading order, each against its target: "pass" or "short" in
    words (coloured too, never colour alone)."""
    from service.evals.targets import standings, suite_thresholds

    title = f"run {run.id}: {run.suite} ({run.backend}); read from the top"
    table = Table("reads", "metric", "value", "target", "standing", title=title)
    shown_group = ""
    for s in standings(run.metrics, suite_thresholds(run.suite)):
        value = f"{s.value:.3f}" if s.value < 100 else f"{s.value:.0f}"
        style = {"pass": "green", "short": "bold red"}.get(s.word, "")
        word = f"[{style}]{s.word}[/]" if style else ""
        group = s.group if s.group != shown_group else ""
        shown_group = s.group
        table.add_row(escape(group), escape(s.name), value, s.target_text, word)
    out.print(table)
    out.print(f"{len(run.results)} questions in {run.seconds:.1f} s", highlight=False)


@eval_app.command("run")
def run_command(
    suite: Annotated[Path, typer.Argument(help="evals/<suite>.yaml or .jsonl")],
    backend: BackendOpt = None,
    only: Annotated[list[str] | None, typer.Option(help="Only this question id.")] = None,
    report: Annotated[Path | None, typer.Option(help="Also write an HTML report.")] = None,
    save: Annotated[bool, typer.Option(help="Store the run in the database.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Answer every question of a suite, score it and store the run."""
    from service.evals.runner import run_suite, select_items
    from service.evals.runs import RunStore

    settings = _with_backend(backend)
    with domain_errors():
        items = select_items(suite, only or ())
        index = open_index_with(settings)
        with progress_bar(not sys.stderr.isatty(), "Evaluating", "questions") as progress:
            run = run_suite(index, settings, suite, items, progress)
        if save:
            RunStore(index.sessions).save(run)
    if report is not None:
        from service.evals.report import render_report

        write_atomic(report, render_report(run))
    if as_json:
        print(json.dumps(run.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_metrics(run)


@eval_app.command("list")
def list_command(
    suite: Annotated[str | None, typer.Option(help="Only this suite's runs.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Stored runs, newest first."""
    runs = _store(load_settings()).list(suite)
    if as_json:
        print(json.dumps([r.as_json() for r in runs], ensure_ascii=False, indent=2))
        return
    table = Table("run", "suite", "backend", "created", "questions", "hit@5", "groundedness")
    for r in runs:
        picks = [f"{r.metrics.get(m, float('nan')):.3f}" for m in ("hit@5", "groundedness")]
        created = r.created_at.strftime("%Y-%m-%d %H:%M")
        table.add_row(r.id, r.suite, r.backend, created, str(r.questions), *picks)
    out.print(table)


@eval_app.command("show")
def show_command(run: RunArg, as_json: JsonOpt = False) -> None:
    """A run's metrics, fingerprint and weakest questions."""
    loaded = _load_run(run, load_settings())
    if as_json:
        print(json.dumps(loaded.as_json(), ensure_ascii=False, indent=2))
        return
    _print_metrics(loaded)
    out.print(f"fingerprint {loaded.fingerprint.get('digest')}", highlight=False)
    weak = [r for r in loaded.results if (r.metrics.get("answer_f1") or 1.0) < 0.2]
    for r in weak[:10]:
        out.print(f"  weak answer {r.item_id}: {r.question}", markup=False, highlight=False)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


@eval_app.command("compare")
def compare_command(run_a: RunArg, run_b: RunArg, as_json: JsonOpt = False) -> None:
    """Per-metric deltas of B against A, and the questions that got worse."""
    from service.evals.compare import compare_runs

    settings = load_settings()
    comparison = compare_runs(_load_run(run_a, settings), _load_run(run_b, settings))
    if as_json:
        print(json.dumps(comparison.as_json(), ensure_ascii=False, indent=2))
        return
    table = Table("metric", comparison.run_a, comparison.run_b, "delta")
    for d in comparison.deltas:
        delta = "" if d.delta is None else f"[{'red' if d.worse else 'green'}]{d.delta:+.3f}[/]"
        table.add_row(d.name, _fmt(d.before), _fmt(d.after), delta)
    out.print(table)
    if not comparison.same_fingerprint:
        out.print("fingerprints differ (backend, prompts, settings, suite or corpus)")
    for q in comparison.worse:
        drops = ", ".join(f"{m} {a:.2f}->{b:.2f}" for m, (a, b) in q.drops.items())
        out.print(f"worse {q.item_id}: {drops}", markup=False, highlight=False)


@eval_app.command("report")
def report_command(
    run: RunArg,
    out_path: Annotated[Path, typer.Option("--out", help="report.html")],
    against: Annotated[str | None, typer.Option(help="Compare with this run.")] = None,
) -> None:
    """Write a self-contained HTML report with charts and every question."""
    from service.evals.compare import compare_runs
    from service.evals.report import render_report

    settings = load_settings()
    loaded = _load_run(run, settings)
    comparison = compare_runs(_load_run(against, settings), loaded) if against else None
    write_atomic(out_path, render_report(loaded, comparison))
    out.print(f"wrote {out_path}", markup=False)


@eval_app.command("export")
def export_command(
    run: RunArg,
    out_path: Annotated[Path, typer.Option("--out", help="results.jsonl or results.csv")],
) -> None:
    """Export a run's per-question results; the format follows the file's suffix."""
    from service.evals.export import FORMATS, export_run

    fmt = out_path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        fail(f"--out: '{out_path}' must end in .jsonl or .csv")
    loaded = _load_run(run, load_settings())
    write_atomic(out_path, export_run(loaded, fmt))
    out.print(f"wrote {out_path} ({len(loaded.results)} questions)", markup=False)


@eval_app.command("import")
def import_command(
    what: Annotated[str, typer.Argument(help="'squad' or 'ragas' then FILE, or a RAGAS jsonl")],
    out_path: Annotated[Path, typer.Option("--out", help="The suite file to write (.yaml).")],
    source: Annotated[Path | None, typer.Argument(help="The file, after 'squad'/'ragas'.")] = None,
    corpus_dir: Annotated[
        Path | None, typer.Option(help="squad: folder the paragraph documents are written to.")
    ] = None,
    sample: Annotated[
        int | None, typer.Option(help="squad: also write N answerable + N unanswerable.")
    ] = None,
    prefix: Annotated[str, typer.Option(help="Id prefix of imported questions.")] = "r",
) -> None:
    """Import a suite: SQuAD json (documents written as files) or RAGAS-style jsonl."""
    from service.cli.eval_imports import import_ragas_file, import_squad_file

    if what == "squad":
        if source is None or corpus_dir is None:
            fail("import squad: give the SQuAD file and --corpus-dir DIR")
        import_squad_file(source, corpus_dir, out_path, sample)
        return
    import_ragas_file(source if what == "ragas" and source else Path(what), out_path, prefix)


@eval_app.command("gate")
def gate_command(
    thresholds: Annotated[Path, typer.Option(help="The thresholds file.")] = Path(
        "evals/thresholds.yaml"
    ),
    run: Annotated[str | None, typer.Option(help="Check a stored run instead.")] = None,
) -> None:
    """Run the gated suite (or check a run) against the thresholds; exit 1 on any failure."""
    from service.evals.gate import gate_failures, load_thresholds
    from service.evals.runner import run_suite, select_items

    with domain_errors():
        limits = load_thresholds(thresholds)
    settings = _with_backend(limits.backend)
    if run is not None:
        checked = _load_run(run, settings)
    else:
        suite = thresholds.parent / f"{limits.suite}.yaml"
        with (
            domain_errors(),
            progress_bar(not sys.stderr.isatty(), "Evaluating", "questions") as progress,
        ):
            items = select_items(suite, limits.questions)
            checked = run_suite(open_index_with(settings), settings, suite, items, progress)
    failures = gate_failures(checked.metrics, limits.minimum, limits.maximum)
    for failure in failures:
        print(f"briefing: error: eval gate: {failure}", file=sys.stderr)
    if failures:
        raise typer.Exit(1)
    metrics = len(limits.minimum) + len(limits.maximum)
    out.print(f"eval gate passed ({metrics} metrics, run {checked.id})", markup=False)


@eval_app.command("draft")
def draft_command(
    draft_id: Annotated[str, typer.Argument(help="A stored draft's id.")], as_json: JsonOpt = False
) -> None:
    """Score a stored draft: supported claims, citation coverage, agenda-weight adherence."""
    from service.evals.answers import verifier_support
    from service.evals.drafts import score_paper
    from service.evals.runner import chunk_passages
    from service.papers.store import DraftStore
    from service.verify.support import Verifier

    index = open_index_with(load_settings())
    with domain_errors():
        record = DraftStore(index.sessions).get(draft_id)
    supports = verifier_support(Verifier(index.embedder))
    scores = score_paper(record.paper, chunk_passages(index), supports)
    if as_json:
        print(json.dumps(scores.as_json(), ensure_ascii=False, indent=2))
        return
    share = "n/a" if scores.supported_share is None else f"{scores.supported_share:.3f}"
    adherence = "n/a" if scores.weight_adherence is None else f"{scores.weight_adherence:.3f}"
    out.print(
        f"{scores.claims} claims, supported share {share}, agenda-weight adherence {adherence}",
        markup=False,
    )
    for section, value in scores.coverage.items():
        out.print(f"  coverage {section}: {value:.2f}", markup=False, highlight=False)
