"""``briefing draft`` and ``briefing regenerate``: options papers from the command line.

The CLI works on this machine's database directly, so it acts as the local user
(``local``, admin), the same identity as ``BRIEFING_AUTH=off``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from service.accounts.users import LOCAL_USER
from service.cli.choices import (
    DraftFlags,
    OptionEdits,
    settle,
    stated_request,
    with_choices,
)
from service.cli.support import (
    domain_errors,
    err,
    fail,
    load_settings,
    open_index_with,
    out,
)

RENAME_HELP = "OLD=NEW: rename a proposed option (repeatable)."
DROP_HELP = "NAME: drop a proposed option (repeatable)."
OPTION_HELP = "NAME=BASIS: add an option weighed as archetype BASIS, e.g. abductions-first."
CORE_HELP = "The core agenda of the draft's own frame (default: prompts/agendas.yaml)."
PERIPHERAL_HELP = "A peripheral agenda of the draft's own frame (repeatable; needs --core)."


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
    rename: Annotated[list[str] | None, typer.Option(help=RENAME_HELP)] = None,
    drop: Annotated[list[str] | None, typer.Option(help=DROP_HELP)] = None,
    option: Annotated[list[str] | None, typer.Option(help=OPTION_HELP)] = None,
    core: Annotated[str | None, typer.Option(help=CORE_HELP)] = None,
    peripheral: Annotated[list[str] | None, typer.Option(help=PERIPHERAL_HELP)] = None,
) -> None:
    """Draft an options paper; it is saved as version 1 of a new draft. The options are the
    proposed ones (``briefing options``), as --rename, --drop and --option settle them."""
    edits = OptionEdits(rename or [], drop or [], option or [])
    flags = DraftFlags(
        tasking, weight or [], options, edits, core, peripheral or [], constraints, length
    )
    with domain_errors():
        service, request = _drafting(backend, flags)
        with _section_progress(not sys.stderr.isatty()) as progress:
            record = service.generate(request, LOCAL_USER, progress)
        _emit_draft(service, record, as_json, out_path)


def proposed_options(
    tasking: Annotated[str, typer.Option(help="The question the paper answers.")],
    options: Annotated[int, typer.Option(help="Number of options, 2-5.")] = 3,
    weight: Annotated[
        list[str] | None, typer.Option(help="agenda=weight, e.g. remains-and-graves=0.4")
    ] = None,
    backend: Annotated[str | None, typer.Option(help="extractive | local | openai")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    rename: Annotated[list[str] | None, typer.Option(help=RENAME_HELP)] = None,
    drop: Annotated[list[str] | None, typer.Option(help=DROP_HELP)] = None,
    option: Annotated[list[str] | None, typer.Option(help=OPTION_HELP)] = None,
    core: Annotated[str | None, typer.Option(help=CORE_HELP)] = None,
    peripheral: Annotated[list[str] | None, typer.Option(help=PERIPHERAL_HELP)] = None,
) -> None:
    """The options a draft of the tasking would weigh, best first, before any text (as
    POST /api/drafts/options); the same flags as ``briefing draft`` settle them."""
    edits = OptionEdits(rename or [], drop or [], option or [])
    flags = DraftFlags(tasking, weight or [], options, edits, core, peripheral or [])
    with domain_errors():
        service, request = _drafting(backend, flags)
        proposed = service.propose(request, LOCAL_USER)
    if as_json:
        print(json.dumps(proposed, ensure_ascii=False, indent=2))
        return
    kind = proposed["decision"] or "open tasking"
    when = f", {proposed['deadline']}" if proposed["deadline"] else ""
    out.print(f"decision: {kind}{when}", markup=False, highlight=False)
    for n, item in enumerate(proposed["options"], 1):
        out.print(f"{n}. {item['name']} (weighed as {item['basis']})", markup=False)


def regenerate(
    draft_id: Annotated[str, typer.Argument(help="Draft id.")],
    section: Annotated[
        str,
        typer.Argument(
            help='Section path, e.g. "background", "agendas.remains.status", "options.0.pros".'
        ),
    ],
    backend: Annotated[str | None, typer.Option(help="extractive | local | openai")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    out_path: Annotated[Path | None, typer.Option("--out", help="paper.docx or paper.md")] = None,
    accept_shorter: Annotated[
        bool, typer.Option(help="Save the new section even with fewer claims than the current.")
    ] = False,
) -> None:
    """Write one section of a draft afresh from the corpus; saved as a new version (not when
    it has fewer claims than the current one, unless --accept-shorter)."""
    with domain_errors():
        service = _service(backend)
        current = service.store.get(draft_id)
        with _section_progress(not sys.stderr.isatty()) as progress:
            record = service.regenerate_section(
                draft_id, section, current.version, LOCAL_USER, progress, accept_shorter
            )
        _emit_draft(service, record, as_json, out_path)


def _drafting(backend: str | None, flags: DraftFlags) -> tuple[Any, Any]:
    """The draft service for ``backend`` and the request the flags state, its proposed
    options settled as --rename, --drop and --option say: where ``draft`` and ``options``
    both start. A mistake in a flag is reported before the index is opened."""
    request = stated_request(flags)
    service = _service(backend)
    if flags.edits:
        settled = settle(service.propose(request, LOCAL_USER), flags.edits)
        request = with_choices(request, settled, flags.edits.flag)
    return service, request


def _service(backend: str | None) -> Any:
    from service.papers.service import DraftService

    settings = load_settings()
    if backend:
        settings = settings.model_copy(update={"llm": backend})
    return DraftService.open(open_index_with(settings), settings)


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
    from service.papers.export import paper_to_docx, paper_to_markdown

    if out_path is not None:
        if out_path.suffix.lower() == ".docx":
            data = paper_to_docx(record.paper)
        elif out_path.suffix.lower() == ".md":
            data = paper_to_markdown(record.paper).encode("utf-8")
        else:
            fail(f"--out: '{out_path}' must end in .docx or .md")
        _write_atomically(out_path, data)
    if as_json:
        payload = {"id": record.draft_id, "version": record.version, **record.paper.model_dump()}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        claims, supported = service.sentence_counts(record.paper)
        title_line = f"draft {record.draft_id} v{record.version}: {record.paper.title}"
        out.print(title_line, markup=False, soft_wrap=True)
        out.print(
            f"{len(record.paper.options)} options, {claims} cited claims "
            f"({supported} verified), {len(record.paper.citations)} citations"
        )
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
        fail(f"--out: cannot write {path} ({exc.strerror})")
