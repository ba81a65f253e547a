"""Corpus lint: front matter, tags, agenda coverage and eval gold paths, as problem lines."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, HttpUrl, ValidationError

from service.corpus.agendas import AgendaCatalogue
from service.corpus.load import FRONT_MATTER, parse_front_matter
from service.errors import IngestError

DOC_TYPES = ("agreement", "fact-sheet", "chronology", "profile", "analysis", "statement-summary")


class SourceRef(BaseModel):
    """A source a corpus document was written from."""

    title: str = Field(min_length=1)
    url: HttpUrl


class CorpusFrontMatter(BaseModel):
    """The front matter every corpus document must carry."""

    title: str = Field(min_length=1)
    doc_type: str = Field(pattern="^(" + "|".join(DOC_TYPES) + ")$")
    date: dt.date
    as_of: dt.date | None = None  # content current to a later date than `date` (agreements)
    sources: list[SourceRef] = Field(min_length=1)
    tags: list[str] = Field(min_length=1)


def check_document(path: Path, catalogue: AgendaCatalogue) -> tuple[list[str], list[str]]:
    """Problems found in one document, and its tags."""
    raw = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(raw)
    if not match:
        return [f"{path}: no YAML front matter"], []
    try:
        meta = CorpusFrontMatter.model_validate(parse_front_matter(match.group(1), str(path)))
    except IngestError as exc:
        return [str(exc)], []
    except ValidationError as exc:
        return [f"{path}: field '{_loc(e['loc'])}': {e['msg']}" for e in exc.errors()], []
    unknown = sorted(set(meta.tags) - catalogue.known_tags)
    problems = [f"{path}: unknown tag '{tag}'" for tag in unknown]
    if not raw[match.end() :].strip():
        problems.append(f"{path}: empty body")
    return problems, meta.tags


def check_corpus(corpus: Path, catalogue: AgendaCatalogue) -> list[str]:
    """Problems across the corpus folder, including agendas without any evidence."""
    problems: list[str] = []
    tag_counts: Counter[str] = Counter()
    for path in sorted(corpus.glob("*.md")):
        found, tags = check_document(path, catalogue)
        problems += found
        tag_counts.update(tags)
    for agenda in catalogue.items:
        if not any(tag_counts[tag] for tag in agenda.tags):
            problems.append(f"agenda '{agenda.id}': no corpus document carries its tags")
    return problems


def check_eval_suite(suite: Path, repo: Path) -> list[str]:
    """Problems in an eval suite: missing fields and gold paths that do not exist."""
    items = yaml.safe_load(suite.read_text(encoding="utf-8")) or []
    problems: list[str] = []
    for item in items:
        qid = item.get("id", "?")
        if not str(item.get("question", "")).strip():
            problems.append(f"{suite}: {qid}: empty question")
        if item.get("answerable", True) and not item.get("gold"):
            problems.append(f"{suite}: {qid}: answerable question without gold documents")
        for gold in [*(item.get("gold") or []), *(item.get("also") or [])]:
            if not (repo / gold).is_file():
                problems.append(f"{suite}: {qid}: gold path '{gold}' does not exist")
    return problems


def _loc(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)
