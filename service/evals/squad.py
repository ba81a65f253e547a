"""Import a SQuAD-format file (v1.1 or 2.0) as a corpus of paragraph files and an eval suite.

Each paragraph becomes one Markdown document (its article's title in the front
matter, the paragraph as the body), so retrieval is measured over passages a
question does not name. Each question becomes a suite item whose gold document is
its paragraph and whose spans are the gold answers' character spans in that
document's normalised text (what citations point into). SQuAD 2.0's
``is_impossible`` questions become ``answerable: false``.

SQuAD is CC BY-SA 4.0 (Rajpurkar, Jia and Liang, ACL 2018): every document written
carries that attribution in its front matter, and the suite file in its header.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from service.corpus.load import normalise_text
from service.errors import BriefingError
from service.evals.suite import EvalItem, GoldSpan

ATTRIBUTION = (
    "SQuAD 2.0 (Rajpurkar, Jia and Liang, 'Know What You Don't Know: Unanswerable Questions "
    "for SQuAD', ACL 2018), CC BY-SA 4.0; https://rajpurkar.github.io/SQuAD-explorer/"
)


@dataclass
class SquadImport:
    """The documents written and the suite items, with counts for the report line."""

    items: list[EvalItem] = field(default_factory=list)
    documents: int = 0
    spans_missed: int = 0


def read_squad(path: Path) -> list[dict[str, Any]]:
    """The ``data`` articles of a SQuAD file; ``BriefingError`` names the file on bad input."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise BriefingError(f"{path}: not valid json ({exc.msg})") from exc
    articles = raw.get("data") if isinstance(raw, dict) else None
    if not isinstance(articles, list):
        raise BriefingError(f"{path}: field 'data': a SQuAD file has a list of articles")
    return articles


def import_squad(path: Path, corpus_dir: Path) -> SquadImport:
    """Write one document per paragraph under ``corpus_dir``; the suite items for its questions."""
    result = SquadImport()
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for a, article in enumerate(read_squad(path), 1):
        title = str(article.get("title") or f"article {a}").replace("_", " ")
        for p, paragraph in enumerate(article.get("paragraphs") or [], 1):
            context = paragraph.get("context")
            if not isinstance(context, str) or not context.strip():
                raise BriefingError(f"{path}: article {a} paragraph {p}: field 'context' is empty")
            text = normalise_text(context)
            name = f"{_slug(title)}-{p:02d}.md"
            (corpus_dir / name).write_text(_document(title, p, text), encoding="utf-8")
            result.documents += 1
            source = (corpus_dir / name).as_posix()
            for qa in paragraph.get("qas") or []:
                result.items.append(_item(qa, source, context, text, title, result))
    return result


def _document(title: str, number: int, text: str) -> str:
    meta = {
        "title": f"{title} ({number})",
        "doc_type": "reference",
        "tags": [_slug(title)],
        "sources": [{"title": ATTRIBUTION, "url": "https://rajpurkar.github.io/SQuAD-explorer/"}],
        "licence": "CC BY-SA 4.0",
    }
    return f"---\n{yaml.safe_dump(meta, sort_keys=False, width=200)}---\n{text}\n"


def _item(
    qa: dict[str, Any], source: str, context: str, text: str, title: str, result: SquadImport
) -> EvalItem:
    impossible = bool(qa.get("is_impossible"))
    answers = [] if impossible else list(qa.get("answers") or [])
    spans: list[GoldSpan] = []
    for answer in answers:
        span = _span(answer, source, context, text)
        if span is None:
            result.spans_missed += 1
        elif span not in spans:
            spans.append(span)
    return EvalItem(
        id=str(qa.get("id") or f"q{len(result.items) + 1:04d}"),
        question=" ".join(str(qa.get("question", "")).split()),
        answer=str(answers[0].get("text", "")) if answers else "",
        gold=[] if impossible else [source],
        kind="unanswerable" if impossible else "squad",
        tags=[_slug(title)],
        answerable=not impossible,
        spans=spans,
    )


def _span(answer: dict[str, Any], source: str, context: str, text: str) -> GoldSpan | None:
    """The answer's span in the normalised text: at its own offset if unchanged, else nearest."""
    wanted = normalise_text(str(answer.get("text", "")))
    if not wanted:
        return None
    start = int(answer.get("answer_start", -1))
    # Normalisation strips leading white space; offsets shift by what was stripped.
    start -= len(context) - len(context.lstrip())
    if text[start : start + len(wanted)] != wanted:
        found = [m.start() for m in re.finditer(re.escape(wanted), text)]
        if not found:
            return None
        start = min(found, key=lambda s: abs(s - start))
    return GoldSpan(source=source, start=start, end=start + len(wanted))


def sample(items: list[EvalItem], per_kind: int) -> list[EvalItem]:
    """At most ``per_kind`` answerable and ``per_kind`` unanswerable items, evenly spread."""
    chosen: list[EvalItem] = []
    for answerable in (True, False):
        group = [i for i in items if i.answerable == answerable]
        step = max(1.0, len(group) / per_kind)
        chosen += [group[int(n * step)] for n in range(min(per_kind, len(group)))]
    return chosen


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"
