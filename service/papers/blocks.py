"""A paper's prose blocks by path ("bluf", "agendas.<id>.status",
"options.<i>.sequencing.<j>", ...): found by walking the model, replaced one at a time,
and what follows from them (the citations still used, the evidence table, the gaps still
open, the claim counts)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from service.errors import InvalidRequestError
from service.papers.paper import EvidenceRow, Paper, Phase, Prose


def _walk(model: BaseModel, prefix: str) -> Iterator[tuple[str, Prose]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Prose):
            yield f"{prefix}{name}", value
        elif isinstance(value, BaseModel):
            yield from _walk(value, f"{prefix}{name}.")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                # Agendas are addressed by id so reordering them is not an edit.
                key = getattr(item, "agenda_id", i)
                if isinstance(item, Phase):  # a phase is one block: options.<i>.sequencing.<j>
                    yield f"{prefix}{name}.{key}", item.steps
                elif isinstance(item, BaseModel):
                    yield from _walk(item, f"{prefix}{name}.{key}.")


def prose_paths(paper: Paper) -> dict[str, Prose]:
    """Every block of prose by path, in reading order: "bluf", "agendas.<id>.status",
    "options.<i>.sequencing.<j>", ... (walked generically: new Prose fields just appear)."""
    return dict(_walk(paper, ""))


def set_prose(paper: Paper, path: str, prose: Prose) -> None:
    """Replace the block at ``path`` in place; an unknown path raises ``InvalidRequestError``."""
    target = prose_paths(paper).get(path)
    if target is None:
        raise InvalidRequestError(f"section '{path}': no such section in this draft")
    target.sentences = [s.model_copy(deep=True) for s in prose.sentences]


def refresh_derived(paper: Paper) -> Paper:
    """Recompute what follows from the prose: drop citations no sentence cites any more
    and rebuild the evidence table. Called after every generation, regeneration and edit."""
    cited = cited_numbers(paper)
    paper.citations = [c for c in paper.citations if c.n in cited]
    paper.evidence = _evidence(paper)
    # A gap closes once its block carries a claim (an analyst cited a passage on it).
    blocks = prose_paths(paper)
    paper.gaps = [g for g in paper.gaps if g.path not in blocks or not blocks[g.path].claims]
    return paper


def cited_numbers(paper: Paper) -> set[int]:
    """Every citation number the paper's prose, chronology and conflicts use."""
    cited = {
        n for prose in prose_paths(paper).values() for s in prose.sentences for n in s.citations
    }
    cited |= {n for row in paper.matrix for cell in row.cells for n in cell.citations}
    cited |= {n for entry in paper.chronology for n in entry.citations}
    cited |= {n for c in paper.conflicts for s in c.statements for n in s.citations}
    return cited


def _evidence(paper: Paper) -> list[EvidenceRow]:
    by_n = {c.n: c for c in paper.citations}
    rows, seen = [], set()
    for prose in prose_paths(paper).values():
        for sentence in prose.claims:
            if sentence.citations and sentence.text not in seen:
                seen.add(sentence.text)
                cited = by_n[sentence.citations[0]]
                rows.append(
                    EvidenceRow(
                        claim=sentence.text,
                        source=cited.title or cited.source,
                        quote=cited.quote,
                        date=cited.date,
                    )
                )
    return rows


def paper_sentence_count(paper: Paper) -> tuple[int, int]:
    """``(claims, supported claims)`` across the paper."""
    claims = [s for prose in prose_paths(paper).values() for s in prose.claims]
    return len(claims), sum(s.supported for s in claims)
