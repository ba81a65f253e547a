"""With a chat-model backend (``BRIEFING_LLM=openai``), the paper's structure beyond the prose
(chronology entries, conflicts, matrix cells) is filled by the model from numbered
passages, one line per item (``prompts/draft_chronology.txt``, ``draft_conflicts.txt``,
``draft_matrix.txt``).

Nothing the model writes is taken on trust: every sentence goes through the shared citation
path (``check_sentence``: resolved, repaired or rejected against the passages), a date or a
value must be one the verified sentence itself states, and a criterion must be one the
matrix has. An item that fails is dropped; where the model gives no verified item at all,
the rule-based structure (``TimelineBuilder``, ``build_matrix``) stands in for it, so a weak
or misbehaving model costs detail, never correctness.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from service.answer.cite import check_sentence, parse_markers
from service.answer.composers import Composer
from service.answer.numbered import NumberedPassage, number_passages
from service.corpus.filters import SearchFilters
from service.papers.archetypes import Archetype
from service.papers.dates import iso_dates
from service.papers.labels import source_label, without_label
from service.papers.matrix import CRITERIA, NO_SOURCE
from service.papers.paper import ChronologyEntry, Conflict, MatrixCell, MatrixRow, Statement
from service.papers.section_writer import SectionWriter
from service.papers.timeline import CHRONOLOGY_ENTRIES
from service.papers.withheld import admissible, withhold
from service.retrieve.hybrid import search
from service.text.evidence import Citation

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MATRIX_PASSAGES = 8


class ModelFill:
    """Asks the paper's chat model for its structured parts and keeps what verifies."""

    def __init__(self, writer: SectionWriter, composer: Composer) -> None:
        self.writer = writer
        self.composer = composer

    def chronology(self, passages: list[NumberedPassage]) -> list[ChronologyEntry]:
        """Dated events, each a verified sentence that states its date; sorted, one per
        sentence, at most the paper length's number (numbered only once kept)."""
        dated: dict[str, tuple[str, list[Citation]]] = {}
        for date, rest in self._lines("draft_chronology", self.writer.tasking.focus, passages):
            verified = self._verified(rest, passages)
            if verified is not None and source_label(verified[0]):
                continue  # a labelled line ("Risk: ...") is a judgement, not an event
            if _ISO.match(date) and verified is not None:
                text, cited = verified
                if date in {iso for iso, _ in iso_dates(text)}:
                    dated.setdefault(text, (date, cited))
        limit = CHRONOLOGY_ENTRIES[self.writer.request.length]
        kept = sorted(dated.items(), key=lambda item: (item[1][0], item[0]))[:limit]
        return [
            ChronologyEntry(date=date, text=text, citations=self._numbers(cited))
            for text, (date, cited) in kept
        ]

    def conflicts(self, passages: list[NumberedPassage]) -> list[Conflict]:
        """Disagreements on a date or a number: two or more verified sides with different
        values, each value stated by its own sentence."""
        sides: dict[str, dict[str, tuple[str, list[Citation]]]] = {}
        for thing, rest in self._lines("draft_conflicts", self.writer.tasking.focus, passages):
            value, _, sentence = rest.partition("|")
            value, verified = value.strip(), self._verified(sentence, passages)
            if verified is not None and value and _states(verified[0], value):
                stated = (without_label(verified[0]), verified[1])
                sides.setdefault(thing.lower(), {}).setdefault(value, stated)
        found = []
        for thing, by_value in sides.items():
            if len(by_value) < 2:
                continue
            statements = [
                Statement(text=text, value=value, citations=self._numbers(cited))
                for value, (text, cited) in by_value.items()
            ]
            dates = all(_ISO.match(v) for v in by_value)
            found.append(
                Conflict(
                    about=f"the {thing}", kind="date" if dates else "number", statements=statements
                )
            )
        return found

    def matrix(self, chosen: list[Archetype], rules: list[MatrixRow]) -> list[MatrixRow]:
        """The rule-based matrix with each cell the model filled with a verified sentence
        (or an explicit "No source") put in its place; the agenda column stays framing."""
        rows = []
        for archetype, row in zip(chosen, rules, strict=True):
            passages = self._option_passages(archetype)
            cells = {c.criterion: c for c in row.cells}
            for label, cell in self._cells(archetype, passages):
                cells[label] = cell
            rows.append(row.model_copy(update={"cells": [cells[c.criterion] for c in row.cells]}))
        return rows

    def _cells(
        self, archetype: Archetype, passages: list[NumberedPassage]
    ) -> Iterator[tuple[str, MatrixCell]]:
        labels = {c.id: c.label for c in CRITERIA}
        ask = "; ".join(f"{c.id}: {c.query}" for c in CRITERIA)
        question = f"the option '{archetype.name}' ({archetype.summary.framing}) against: {ask}"
        for criterion, rest in self._lines("draft_matrix", question, passages):
            label = labels.get(criterion.lower())
            if label is None:
                continue
            if rest.strip().upper().startswith("NO SOURCE"):
                yield label, MatrixCell(criterion=label, text=NO_SOURCE, kind="none")
            elif (verified := self._verified(rest, passages)) is not None:
                text, cited = without_label(verified[0]), verified[1]
                yield label, MatrixCell(criterion=label, text=text, citations=self._numbers(cited))

    def _option_passages(self, archetype: Archetype) -> list[NumberedPassage]:
        filters = SearchFilters(reviewed_only=self.writer.request.reviewed_only)
        query = f"{archetype.summary.query} ({self.writer.request.tasking})"[:3900]
        hits = search(self.writer.answerer.index, query, MATRIX_PASSAGES, filters)
        return number_passages(withhold(hits))

    def _lines(
        self, prompt: str, question: str, passages: list[NumberedPassage]
    ) -> list[tuple[str, str]]:
        """The model's ``KEY | rest`` lines for ``prompt`` over ``passages``."""
        if not passages:
            return []
        text = "".join(self.composer.with_prompt(prompt).compose(question, passages))
        found = []
        for line in text.splitlines():
            key, bar, rest = line.partition("|")
            if bar and key.strip() and rest.strip():
                found.append((key.strip(" -*\t"), rest.strip()))
        return found

    def _verified(
        self, text: str, passages: list[NumberedPassage]
    ) -> tuple[str, list[Citation]] | None:
        """One sentence with its markers, verified through the shared citation path."""
        parsed = parse_markers(text, len(passages))
        if len(parsed) != 1:
            return None
        sentence, markers = parsed[0]
        if not admissible(sentence):  # a model repeating an instruction states no fact
            return None
        checked, found = check_sentence(sentence, markers, passages, self.writer.answerer.verifier)
        if not checked.supported:
            return None
        return checked.text, [found[n] for n in checked.citations]

    def _numbers(self, cited: list[Citation]) -> list[int]:
        return [self.writer.number(c) for c in cited]


def _states(sentence: str, value: str) -> bool:
    """Whether ``sentence`` itself gives ``value`` (an ISO date or a number)."""
    if _ISO.match(value):
        return value in {iso for iso, _ in iso_dates(sentence)}
    digits = re.sub(r"[^\d]", "", value)
    return bool(digits) and digits in re.sub(r"(?<=\d),(?=\d)", "", sentence)
