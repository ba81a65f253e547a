"""The editor's contents rail: the paper's sections in reading order with how many of
their sentences are flagged (failed verification), and the sections grouped as the page
shows them (an option or an agenda is one collapsible group of blocks)."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.http.web.views import Block
from service.papers.paper import Paper


@dataclass(frozen=True)
class Entry:
    """A link in the rail: where it goes, what it says, how many flagged sentences."""

    anchor: str
    label: str
    flagged: int


@dataclass
class Group:
    """Consecutive blocks under one heading ("" for a top-level block such as BLUF)."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The id of the group's box on the page."""
        return f"group-{self.blocks[0].slug}"

    @property
    def flagged(self) -> int:
        """Flagged sentences in all of the group's blocks."""
        return sum(flagged_in(block) for block in self.blocks)


@dataclass(frozen=True)
class Rail:
    """The whole rail: the groups with their blocks, then the paper's tables and lists."""

    groups: list[Group]
    extras: list[Entry]

    @property
    def flagged(self) -> int:
        """Flagged sentences in the whole paper (prose and matrix)."""
        return sum(g.flagged for g in self.groups) + sum(e.flagged for e in self.extras)


def flagged_in(block: Block) -> int:
    """Sentences of ``block`` that failed verification."""
    return sum(1 for sentence in block.prose.sentences if not sentence.supported)


def grouped(blocks: list[Block]) -> list[Group]:
    """Blocks in reading order, consecutive ones of the same group together."""
    groups: list[Group] = []
    for block in blocks:
        if not groups or not block.group or groups[-1].title != block.group:
            groups.append(Group(block.group))
        groups[-1].blocks.append(block)
    return groups


def contents_rail(paper: Paper, blocks: list[Block]) -> Rail:
    """The rail of ``paper`` whose blocks are ``blocks``."""
    matrix_flags = sum(
        1
        for row in paper.matrix
        for cell in row.cells
        if cell.kind == "claim" and not cell.supported
    )
    present = [
        ("comparison", "Comparison", bool(paper.comparison), 0),
        ("matrix-section", "Options matrix", bool(paper.matrix), matrix_flags),
        ("chronology", "Chronology", bool(paper.chronology), 0),
        ("conflicts", "Conflicts between sources", bool(paper.conflicts), 0),
        ("gaps", "Gaps in the evidence", bool(paper.gaps), 0),
        ("sources", "Sources", True, 0),
    ]
    extras = [Entry(anchor, label, flags) for anchor, label, shown, flags in present if shown]
    return Rail(grouped(blocks), extras)
