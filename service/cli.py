"""The ``briefing`` command: a thin edge over the core functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from service.config import Settings
from service.errors import BriefingError, first_problem

app = typer.Typer(help="Briefing Desk: cited Q&A and options papers over the corpus.")
out = Console()
err = Console(stderr=True)


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        field, message = first_problem(exc)
        _fail(f"BRIEFING_{field.replace('.', '_').upper()}: {message}")
    raise AssertionError  # unreachable: _fail exits


def _fail(message: str, code: int = 2) -> None:
    # Plain print: a rich console would wrap the one line at the terminal width.
    print(f"briefing: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


@contextmanager
def _domain_errors() -> Iterator[None]:
    try:
        yield
    except BriefingError as exc:
        _fail(str(exc))


def _open_index() -> Any:
    return _open_index_with(_settings())


def _open_index_with(settings: Settings) -> Any:
    from service.index import Index

    with _domain_errors():
        return Index.open(settings)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to ingest.")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest .md/.txt/.html/.pdf/.docx files and folders; unchanged files are skipped."""
    from service.ingest import ingest_paths

    index = _open_index()
    with _progress_bar(quiet or not sys.stderr.isatty()) as progress:
        report = ingest_paths(index, paths, progress)
    for failure in report.failed:
        print(f"error: {failure}", file=sys.stderr)
    out.print(
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.failed)} failed; "
        f"{report.chunks_written} chunks written",
        highlight=False,
    )
    if not report.ok:
        raise typer.Exit(1)


@contextmanager
def _progress_bar(disabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    if disabled:
        yield None
        return
    columns = ("Embedding", BarColumn(), MofNCompleteColumn(), "chunks", TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("ingest", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@app.command()
def remove(source: Annotated[str, typer.Argument(help="Source path or doc id.")]) -> None:
    """Remove one ingested document and all of its chunks."""
    from service.ingest import remove_source

    index = _open_index()
    with _domain_errors():
        removed = remove_source(index, source)
    out.print(f"removed {removed}", markup=False, highlight=False)


@app.command()
def sources(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List ingested documents with their chunk counts."""
    documents = _open_index().registry.list_documents()
    if as_json:
        print(json.dumps([d.as_json() for d in documents], ensure_ascii=False, indent=2))
        return
    table = Table("source", "type", "date", "chunks", "title")
    for d in documents:
        table.add_row(d.source, d.doc_type, d.date or "", str(d.chunk_count), d.title)
    out.print(table)
    out.print(f"{len(documents)} documents, {sum(d.chunk_count for d in documents)} chunks")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("--k", help="Number of hits.")] = 5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search the corpus; hits best first with their character spans."""
    from service.retrieve import search as search_corpus

    index = _open_index()
    with _domain_errors():
        hits = search_corpus(index, query, k)
    if as_json:
        print(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        return
    for rank, hit in enumerate(hits, 1):
        out.print(f"[bold]{rank}. {hit.source}[/] [{hit.start}:{hit.end}] score {hit.score:.3f}")
        out.print(f"   {hit.section}", markup=False, highlight=False)
        out.print("   " + " ".join(hit.text.split())[:240], markup=False, highlight=False)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question.")],
    k: Annotated[int, typer.Option("--k", help="Passages to retrieve.")] = 6,
    doc_type: Annotated[
        list[str] | None, typer.Option("--type", help="Only this doc type.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only documents with a tag.")
    ] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    backend: Annotated[str | None, typer.Option(help="extractive | local | openai")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Answer a question from the corpus; every sentence is verified against its citation."""
    from service.answer import DoneEvent, SentenceEvent
    from service.filters import SearchFilters
    from service.wiring import build_answerer

    settings = _settings()
    if backend:
        settings = settings.model_copy(update={"llm": backend})
    with _domain_errors():
        filters = SearchFilters.parse(doc_type, tag, date_from, date_to)
        answerer = build_answerer(_open_index_with(settings), settings)
        for event in answerer.stream(question, k, filters):
            if isinstance(event, SentenceEvent) and not as_json:
                _print_sentence(event)
            elif isinstance(event, DoneEvent):
                _print_answer(event.answer, as_json)


def _print_sentence(event: Any) -> None:
    marks = "".join(f"[{n}]" for n in event.sentence.citations)
    out.print(f"{event.sentence.text} {marks}", markup=False, highlight=False)


def _print_answer(answer: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.as_json(), ensure_ascii=False, indent=2))
        return
    if answer.abstained:
        out.print(answer.text, markup=False, highlight=False)
        return
    out.print("")
    for c in answer.citations:
        quote = " ".join(c.quote.split())
        out.print(
            f'[{c.n}] {c.source} [{c.start}:{c.end}] "{quote}"', markup=False, highlight=False
        )


@app.command()
def draft(
    tasking: Annotated[str, typer.Option(help="The question the paper answers.")],
    weight: Annotated[
        list[str] | None, typer.Option(help="agenda=weight, e.g. remains-and-graves=0.4")
    ] = None,
    options: Annotated[int, typer.Option(help="Number of options, 2-5.")] = 3,
    constraints: Annotated[str, typer.Option(help="Constraints and red lines.")] = "",
    length: Annotated[str, typer.Option(help="short | standard")] = "standard",
    backend: Annotated[str | None, typer.Option(help="extractive | local | openai")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    out_path: Annotated[Path | None, typer.Option("--out", help="paper.docx or paper.md")] = None,
) -> None:
    """Draft an options paper; it is saved as version 1 of a new draft."""
    from service.drafting import DraftService

    settings = _settings()
    if backend:
        settings = settings.model_copy(update={"llm": backend})
    request = _draft_request(tasking, weight or [], options, constraints, length)
    with _domain_errors():
        service = DraftService.open(_open_index_with(settings), settings)
        with _section_progress(not sys.stderr.isatty()) as progress:
            record = service.generate(request, author="cli", progress=progress)
        _emit_draft(service, record, as_json, out_path)


def _draft_request(
    tasking: str, weights: list[str], options: int, constraints: str, length: str
) -> Any:
    from service.paper import DraftRequest

    parsed: dict[str, float] = {}
    for item in weights:
        agenda, sep, value = item.partition("=")
        try:
            parsed[agenda.strip()] = float(value)
        except ValueError:
            _fail(f"--weight: '{item}' is not agenda=number")
        if not sep:
            _fail(f"--weight: '{item}' is not agenda=number")
    try:
        return DraftRequest(
            tasking=tasking, weights=parsed, options=options, constraints=constraints,
            length=length,  # type: ignore[arg-type]
        )  # fmt: skip
    except ValidationError as exc:
        field, message = first_problem(exc)
        _fail(f"--{field.split('.')[0]}: {message}")


@contextmanager
def _section_progress(disabled: bool) -> Iterator[Callable[[str], None] | None]:
    if disabled:
        yield None
        return
    with err.status("Drafting") as status:

        def update(section: str) -> None:
            status.update(f"Drafting: {section}")

        yield update


def _emit_draft(service: Any, record: Any, as_json: bool, out_path: Path | None) -> None:
    from service.export import paper_to_docx, paper_to_markdown

    if out_path is not None:
        if out_path.suffix.lower() == ".docx":
            data = paper_to_docx(record.paper)
        elif out_path.suffix.lower() == ".md":
            data = paper_to_markdown(record.paper).encode("utf-8")
        else:
            _fail(f"--out: '{out_path}' must end in .docx or .md")
        _write_atomically(out_path, data)
    if as_json:
        payload = {"id": record.draft_id, "version": record.version, **record.paper.model_dump()}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        claims, supported = service.sentence_counts(record.paper)
        title_line = f"draft {record.draft_id} v{record.version}: {record.paper.title}"
        out.print(title_line, markup=False, soft_wrap=True)
        out.print(f"{len(record.paper.options)} options, {claims} cited claims "
                  f"({supported} verified), {len(record.paper.citations)} citations")  # fmt: skip
        if out_path is not None:
            out.print(f"wrote {out_path}", markup=False)


def _write_atomically(path: Path, data: bytes) -> None:
    # A half-written export is worse than none: write beside it, then rename.
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        _fail(f"--out: cannot write {path} ({exc.strerror})")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
) -> None:
    """Serve the web app and JSON API."""
    import uvicorn

    from service.api.app import create_app

    settings = _settings()
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


# At the end: the eval commands use this module's helpers.
from service.cli_eval import eval_app  # noqa: E402

app.add_typer(eval_app, name="eval")


def main() -> None:
    """Entry point of the ``briefing`` console script."""
    app()
