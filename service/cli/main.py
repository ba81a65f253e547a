"""The ``briefing`` command: a thin edge over the core functions."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from service.cli import draft as cli_draft
from service.cli.check import check as check_command
from service.cli.evals import eval_app
from service.cli.support import (
    domain_errors,
    fail,
    load_settings,
    open_index,
    open_index_with,
    out,
    progress_bar,
)
from service.cli.users import user_app
from service.cli.worker import worker as worker_command
from service.config import LOOPBACK_HOSTS

app = typer.Typer(help="Briefing Desk: cited Q&A and options papers over the corpus.")
app.command()(cli_draft.draft)
app.command()(cli_draft.regenerate)
app.command(name="options")(cli_draft.proposed_options)
app.command(name="check")(check_command)
app.command(name="worker")(worker_command)
app.add_typer(user_app, name="user")
app.add_typer(eval_app, name="eval")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to ingest.")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest .md/.txt/.html/.pdf/.docx files and folders; unchanged files are skipped."""
    from service.corpus.ingest import ingest_paths

    index = open_index()
    with progress_bar(quiet or not sys.stderr.isatty()) as progress:
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


@app.command()
def remove(source: Annotated[str, typer.Argument(help="Source path or doc id.")]) -> None:
    """Remove one ingested document and all of its chunks."""
    from service.corpus.ingest import remove_source

    index = open_index()
    with domain_errors():
        removed = remove_source(index, source)
    out.print(f"removed {removed}", markup=False, highlight=False)


@app.command()
def review(
    source: Annotated[str, typer.Argument(help="Source path or doc id.")],
    unreviewed: Annotated[bool, typer.Option("--unreviewed", help="Mark it unreviewed.")] = False,
    by: Annotated[
        str | None,
        typer.Option("--by", help="The reviewer's account (a reviewer or admin); default: cli."),
    ] = None,
) -> None:
    """Mark a document reviewed (papers cite only reviewed sources), or back to unreviewed.
    Recorded with who and when; nobody marks their own upload reviewed."""
    from service.accounts.audit import AuditLog
    from service.accounts.users import UserStore
    from service.corpus.review import mark_source

    index = open_index()
    status = "unreviewed" if unreviewed else "reviewed"
    reviewer = by or "cli"
    if by is not None:
        account = UserStore(index.sessions).active(by)
        if account is None or not account.can("review"):
            fail(f"--by: {by} is no enabled reviewer or admin account")
    with domain_errors():
        doc_id = mark_source(index, source, status, reviewer)
    AuditLog(index.sessions).record(reviewer, "corpus_reviewed", doc_id, status)
    out.print(f"{source}: {status} by {reviewer}", markup=False, highlight=False)


@app.command()
def sources(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List ingested documents with their chunk counts."""
    documents = open_index().registry.list_documents()
    if as_json:
        print(json.dumps([d.as_json() for d in documents], ensure_ascii=False, indent=2))
        return
    table = Table("source", "type", "date", "chunks", "status", "title")
    for d in documents:
        table.add_row(d.source, d.doc_type, d.date or "", str(d.chunk_count), d.status, d.title)
    out.print(table)
    out.print(f"{len(documents)} documents, {sum(d.chunk_count for d in documents)} chunks")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("--k", help="Number of hits.")] = 5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search the corpus; hits best first with their character spans."""
    from service.retrieve.hybrid import search as search_corpus

    index = open_index()
    with domain_errors():
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
    from service.answer.result import DoneEvent, SentenceEvent
    from service.corpus.filters import SearchFilters
    from service.wiring import build_answerer

    settings = load_settings()
    if backend:
        settings = settings.model_copy(update={"llm": backend})
    with domain_errors():
        filters = SearchFilters.parse(doc_type, tag, date_from, date_to)
        answerer = build_answerer(open_index_with(settings), settings)
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
    for note in answer.notes:
        out.print(f"note: {note}", markup=False, highlight=False)
    for c in answer.citations:
        quote = " ".join(c.quote.split())
        out.print(
            f'[{c.n}] {c.source} [{c.start}:{c.end}] "{quote}"', markup=False, highlight=False
        )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
    worker: Annotated[
        bool | None,
        typer.Option(
            "--worker/--no-worker",
            help="Run jobs in this process too "
            "(default BRIEFING_EMBEDDED_WORKER, on); off: `briefing worker` runs them.",
        ),
    ] = None,
) -> None:
    """Serve the web app and JSON API."""
    import uvicorn

    from service.http.app import create_app

    settings = load_settings()
    host = host or settings.host
    if settings.auth == "off" and host not in LOOPBACK_HOSTS:
        fail(f"--host: BRIEFING_AUTH=off is only allowed on a loopback host, not {host}")
    # Uvicorn believes X-Forwarded-For from 127.0.0.1 by default, which let any local
    # client (or a proxy passing the header through) pick its address; the app reads the
    # header itself, and only from BRIEFING_TRUSTED_PROXIES (service/http/addresses.py).
    if worker is not None:
        settings = settings.model_copy(update={"embedded_worker": worker})
    uvicorn.run(create_app(settings), host=host, port=port or settings.port, proxy_headers=False)


def main() -> None:
    """Entry point of the ``briefing`` console script."""
    app()


# `python -m service.cli.main` runs a worktree's CLI without reinstalling the package.
if __name__ == "__main__":
    main()
