"""Which suite an eval run started over HTTP may use, and its checked options.

A suite is one of the files in the repository's ``evals/`` folder (never a path typed
in); the Evals page and ``POST /api/evals/runs`` check a run's choice here, with the
same messages naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from service.answer.composers import BACKENDS
from service.config import Settings
from service.errors import BriefingError, InvalidRequestError
from service.evals.runner import select_items
from service.package_data import suites_dir

EVALS_DIR = suites_dir()
SUITE_SUFFIXES = (".yaml", ".jsonl")
# The gates' settings live beside the suites: every thresholds*.yaml is one, never a suite.
THRESHOLDS = "thresholds*.yaml"


@dataclass(frozen=True)
class RunChoice:
    """A checked run: the suite file, the backend, question ids (empty: all), a limit."""

    suite: Path
    backend: str
    only: list[str]
    limit: int | None


def suite_files(folder: Path) -> dict[str, Path]:
    """Suite file name -> path, for every suite directly inside ``folder``."""
    if not folder.is_dir():
        return {}
    return {
        path.name: path
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix in SUITE_SUFFIXES and not path.match(THRESHOLDS)
    }


def choose_run(
    suites: dict[str, Path],
    name: str,
    backend: str,
    only: list[str],
    limit: str,
    settings: Settings,
) -> RunChoice:
    """The run these fields ask for; ``InvalidRequestError`` (422) naming the field. A
    backend the server is not configured for is refused here, not when the job runs."""
    if name not in suites:
        offered = ", ".join(suites) or "none"
        shown = name[:80]
        raise InvalidRequestError(
            f"suite: choose one of the suites in evals/ ({offered}), not '{shown}'"
        )
    if backend not in BACKENDS:
        raise InvalidRequestError(
            f"backend: choose one of {', '.join(BACKENDS)}, not '{backend[:40]}'"
        )
    if backend == "openai" and not settings.llm_base_url:
        raise InvalidRequestError(
            "backend: 'openai' needs BRIEFING_LLM_BASE_URL, which this server does not set"
        )
    try:
        items = select_items(suites[name], only)
    except BriefingError as exc:  # name the file as the form does, not by its server path
        raise InvalidRequestError(str(exc).replace(str(suites[name]), name)) from exc
    if not limit:
        return RunChoice(suites[name], backend, only, None)
    # isdigit() alone accepts "²", which int() then refuses.
    if not (limit.isascii() and limit.isdigit()) or int(limit) < 1:
        shown = ascii(limit)[1:-1][:40]
        raise InvalidRequestError(f"limit: a whole number of questions, at least 1, not '{shown}'")
    if len(limit) > 9 or int(limit) > len(items):  # no silent run of the whole suite
        raise InvalidRequestError(
            f"limit: at most {len(items)} (the questions chosen), not {limit[:40]}"
        )
    return RunChoice(suites[name], backend, only, int(limit))
