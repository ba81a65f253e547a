"""Compose: number the retrieved passages [1..n] and render them for a prompt.

Bracketed numbers inside a document are neutralised before the model sees them,
so a document cannot plant a citation marker ("see [3]") in the model's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from service.corpus.documents import SearchHit
from service.text.evidence import Passage

# What the text handed to a composer is: a user's question, held to its constraints, or
# a drafting query (a bag of evidence terms a paper section needs), which is not.
Purpose = Literal["question", "evidence"]

_MARKER_LIKE = re.compile(r"\[(\s*\d+\s*(?:[,;]\s*\d+\s*)*)\]")


@dataclass(frozen=True)
class NumberedPassage:
    """A retrieved chunk with its 1-based number in the prompt."""

    n: int
    hit: SearchHit

    @property
    def passage(self) -> Passage:
        """The chunk as the verifier sees it, anchored in its document."""
        return Passage(self.hit.chunk_id, self.hit.text, self.hit.start)


def number_passages(hits: list[SearchHit]) -> list[NumberedPassage]:
    """Passages numbered from 1 in retrieval order."""
    return [NumberedPassage(n, hit) for n, hit in enumerate(hits, 1)]


def neutralise_markers(text: str) -> str:
    """``[3]`` becomes ``(3)`` so only the service's own numbering looks like a citation."""
    return _MARKER_LIKE.sub(lambda m: f"({m.group(1)})", text)


def strip_markers(text: str) -> str:
    """Text with every ``[n]``-like marker removed."""
    return " ".join(_MARKER_LIKE.sub(" ", text).split())


def render_passages(passages: list[NumberedPassage]) -> str:
    """The passages block of a prompt: ``[n] title - section`` then the text."""
    blocks = []
    for p in passages:
        heading = " - ".join(part for part in (p.hit.title, p.hit.section.split(" > ")[-1]) if part)
        text = neutralise_markers(" ".join(p.hit.text.split()))
        blocks.append(f"[{p.n}] {neutralise_markers(heading)}\n{text}")
    return "\n\n".join(blocks)
