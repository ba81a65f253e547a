"""The types a quote travels in: a cited passage, the quote taken from it, a citation.

One type per concept for every stage: retrieval hands passages to the composer, the
verifier returns the quote that decided, and answers and papers keep citations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict


@dataclass(frozen=True)
class Passage:
    """Text a sentence cites: a chunk's text and where it starts in its document."""

    key: str
    text: str
    doc_start: int = 0


@dataclass(frozen=True)
class Quote:
    """The window of a passage that best supports a sentence, with its document span."""

    passage: Passage
    text: str
    start: int
    end: int


class Citation(BaseModel):
    """A resolved citation: its number, where the passage comes from and the exact quote.

    One type for answers and papers: a paper keeps the citations its sections' answers
    returned, renumbered in reading order."""

    model_config = ConfigDict(frozen=True)

    n: int
    source: str
    doc_id: str
    chunk_id: str
    title: str = ""
    date: str = ""
    quote: str
    start: int
    end: int
    source_status: str = "reviewed"  # of the cited document: "reviewed" or "unreviewed"

    def as_json(self) -> dict[str, Any]:
        """The public JSON shape of an answer's citation."""
        keys = ("n", "source", "doc_id", "chunk_id", "quote", "start", "end", "source_status")
        return {key: getattr(self, key) for key in keys}

    def renumbered(self, n: int) -> Citation:
        """The same citation as number ``n``."""
        return self.model_copy(update={"n": n})
