"""What every ``briefing`` command shares: settings, one-line errors, opening the index,
progress display."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from service.config import Settings
from service.errors import BriefingError, first_problem

out = Console()
err = Console(stderr=True)


def load_settings() -> Settings:
    """Settings from the environment; a bad BRIEFING_* value exits with one line."""
    try:
        return Settings()
    except ValidationError as exc:
        field, message = first_problem(exc)
        fail(f"BRIEFING_{field.replace('.', '_').upper()}: {message}")
    raise AssertionError  # unreachable: fail exits


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``briefing: error: <message>`` on one line and exit with ``code``."""
    # Plain print: a rich console would wrap the one line at the terminal width.
    print(f"briefing: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn a ``BriefingError`` raised inside into a one-line exit."""
    try:
        yield
    except BriefingError as exc:
        fail(str(exc))


def open_index() -> Any:
    """The index for the environment's settings."""
    return open_index_with(load_settings())


def open_index_with(settings: Settings) -> Any:
    """The index for ``settings`` (lazy import: ``--help`` stays fast)."""
    from service.corpus.index import Index

    with domain_errors():
        return Index.open(settings)


@contextmanager
def progress_bar(
    disabled: bool, doing: str = "Embedding", unit: str = "chunks"
) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr as a ``(done, total)`` callback (None if disabled)."""
    if disabled:
        yield None
        return
    columns = (doing, BarColumn(), MofNCompleteColumn(), unit, TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(doing, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all; a failure is one error line."""
    # Atomic: a report or export is either complete or not there.
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        fail(f"{path}: cannot write ({exc.strerror})")
