"""What the draft templates show: a paper's blocks with headings, and readable diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from service.papers.blocks import prose_paths
from service.papers.diff import SectionDiff
from service.papers.paper import Paper, Prose, phase_heading
from service.text.evidence import Citation

_LABELS = {"bluf": "BLUF", "core_assessment": "Assessment of the core issue",
           "indicators": "Indicators of progress", "red_lines": "Red lines"}  # fmt: skip


@dataclass(frozen=True)
class Block:
    """One editable block of prose with where it sits in the paper."""

    path: str
    slug: str  # the path as an HTML id (dots would need escaping in CSS selectors)
    group: str
    label: str
    prose: Prose
    citations: list[Citation]


@dataclass(frozen=True)
class DiffLine:
    """One sentence line of a diff: kept, removed or added, split into changed words."""

    kind: str  # "same", "removed", "added"
    words: list[tuple[bool, str]]  # (changed, text)


def slug(path: str) -> str:
    """``options.0.sequencing.1`` -> ``options-0-sequencing-1``."""
    return path.replace(".", "-").replace("_", "-")


def label(field: str) -> str:
    """A field name as a heading."""
    return _LABELS.get(field, field.replace("_", " ").capitalize())


def place(paper: Paper, path: str) -> tuple[str, str]:
    """``(group heading, block heading)`` of a block path."""
    parts = path.split(".")
    if parts[0] == "agendas":
        agenda = next(a for a in paper.agendas if a.agenda_id == parts[1])
        return f"Agenda: {agenda.name} (weight {agenda.weight:.2f})", label(parts[2])
    if parts[0] == "options":
        number = int(parts[1])
        option = paper.options[number]
        group = f"Option {number + 1}: {option.name}"
        if parts[2] == "sequencing":
            phase_number = int(parts[3])
            return group, phase_heading(phase_number, option.sequencing[phase_number].name)
        return group, label(parts[2])
    return "", label(path)


def paper_blocks(paper: Paper) -> list[Block]:
    """Every block in reading order, with the citations its sentences use."""
    by_n = {c.n: c for c in paper.citations}
    blocks = []
    for path, prose in prose_paths(paper).items():
        group, heading = place(paper, path)
        numbers = dict.fromkeys(n for s in prose.sentences for n in s.citations)
        cited = [by_n[n] for n in numbers if n in by_n]
        blocks.append(Block(path, slug(path), group, heading, prose, cited))
    return blocks


def find_block(paper: Paper, path: str) -> Block | None:
    """The block at ``path``, if the paper has one."""
    return next((b for b in paper_blocks(paper) if b.path == path), None)


def diff_lines(section: SectionDiff) -> list[DiffLine]:
    """A section's unified diff as lines, with the changed words of a replaced sentence marked."""
    raw = section.unified.splitlines()[2:]  # drop the ---/+++ file headers
    lines: list[DiffLine] = []
    removed: list[str] = []
    for line in raw:
        if line.startswith("@@"):
            continue
        sign, text = line[:1], line[1:]
        if sign == "-":
            removed.append(text)
            continue
        if sign == "+" and removed:
            old = removed.pop(0)
            old_words, new_words = _word_diff(old, text)
            lines += [DiffLine("removed", old_words), DiffLine("added", new_words)]
            continue
        lines += [DiffLine("removed", [(True, r)]) for r in removed]
        removed = []
        lines.append(DiffLine("added" if sign == "+" else "same", [(sign == "+", text)]))
    lines += [DiffLine("removed", [(True, r)]) for r in removed]
    return lines


def _word_diff(old: str, new: str) -> tuple[list[tuple[bool, str]], list[tuple[bool, str]]]:
    a, b = old.split(" "), new.split(" ")
    left: list[tuple[bool, str]] = []
    right: list[tuple[bool, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if i2 > i1:
            left.append((op != "equal", " ".join(a[i1:i2]) + " "))
        if j2 > j1:
            right.append((op != "equal", " ".join(b[j1:j2]) + " "))
    return left, right
