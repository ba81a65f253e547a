"""What changed between two versions of a paper: block text, and citations added or removed."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

from service.papers.blocks import prose_paths
from service.papers.paper import Paper, Prose, render_sentence
from service.text.evidence import Citation


@dataclass(frozen=True)
class SectionDiff:
    """How one block's text changed between two versions."""

    path: str
    old_text: str
    new_text: str
    unified: str


@dataclass(frozen=True)
class PaperDiff:
    """Changed blocks and the citations added or removed between two versions."""

    sections: list[SectionDiff]
    citations_added: list[Citation]
    citations_removed: list[Citation]

    def as_json(self) -> dict[str, Any]:
        """JSON for the API and the editor's history view."""
        keep = {"n", "title", "source", "date", "chunk_id", "quote"}
        return {
            "sections": [asdict(s) for s in self.sections],
            "citations_added": [c.model_dump(include=keep) for c in self.citations_added],
            "citations_removed": [c.model_dump(include=keep) for c in self.citations_removed],
        }


def diff_versions(old: Paper, new: Paper) -> PaperDiff:
    """A unified diff of every block whose text changed, and the citations added or removed."""
    old_paths, new_paths = prose_paths(old), prose_paths(new)
    sections = []
    for path in dict.fromkeys([*old_paths, *new_paths]):  # union, in reading order
        # A block only one side has is diffed against empty text.
        before, after = old_paths.get(path, Prose()), new_paths.get(path, Prose())
        if before.text == after.text:
            continue
        # One line per sentence, so an edit of one sentence shows as that sentence.
        a, b = ([render_sentence(s) for s in p.sentences] for p in (before, after))
        lines = difflib.unified_diff(a, b, f"{path} (old)", f"{path} (new)", lineterm="")
        sections.append(SectionDiff(path, before.text, after.text, "\n".join(lines)))

    # Compared by what they point at, not by number: numbers are renumbered per paper.
    def key(c: Citation) -> tuple[str, str, str]:
        return (c.source, c.chunk_id, c.quote)

    old_keys, new_keys = {key(c) for c in old.citations}, {key(c) for c in new.citations}
    added = [c for c in new.citations if key(c) not in old_keys]
    removed = [c for c in old.citations if key(c) not in new_keys]
    return PaperDiff(sections, added, removed)
