"""``briefing check``: is a sentence supported by a passage? The verifier of answers and
drafts, for any text an analyst or an eval brings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from service.cli.support import domain_errors, fail, load_settings, out
from service.errors import first_problem


def check(
    sentence: Annotated[str | None, typer.Argument(help="The sentence to check.")] = None,
    against: Annotated[
        str | None, typer.Option("--against", help="The passage text it should rest on.")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help='JSON lines, each {"sentence", "passage"}; one result a line.'),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check SENTENCE against --against PASSAGE, or every pair of --file PAIRS.jsonl."""
    from service.verify.pairs import CheckPair, check_all, parse_pairs_jsonl

    pairs = _pairs(sentence, against, file, CheckPair, parse_pairs_jsonl)
    with domain_errors():
        results = check_all(_verifier(), pairs)
    for result in results:
        if as_json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            mark = "supported" if result["supported"] else "NOT supported"
            detail = "" if result["supported"] else f" ({result['reason']})"
            out.print(mark + detail, markup=False, highlight=False)


def _pairs(
    sentence: str | None, against: str | None, file: Path | None, model: Any, parse: Any
) -> list[Any]:
    """The pairs the arguments name; a wrong combination exits with one line."""
    if file is not None:
        if sentence is not None or against is not None:
            fail("--file: give either --file or SENTENCE --against PASSAGE, not both")
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            fail(f"{file}: no such file")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{file}: cannot read ({exc.__class__.__name__})")
        with domain_errors():
            return list(parse(text, str(file)))
    if sentence is None or not sentence.strip():
        fail("SENTENCE: give a sentence to check (or --file PAIRS.jsonl)")
    if against is None or not against.strip():
        fail("--against: give the passage text the sentence should rest on")
    try:
        return [model(sentence=sentence, passage=against)]
    except ValidationError as exc:
        field, message = first_problem(exc)
        fail(f"{'SENTENCE' if field == 'sentence' else '--against'}: {message}")
    raise AssertionError  # unreachable: fail exits


def _verifier() -> Any:
    from service.corpus.embed import load_embedder
    from service.wiring import build_reader, build_verifier

    settings = load_settings()
    with domain_errors():
        embedder = load_embedder(settings.resolved_embedding_model_path())
        return build_verifier(embedder, settings, build_reader(settings))
