"""The options paper: a pydantic model that is also the JSON shape of a draft.

Text lives in ``Prose``: a list of sentences, each either a *claim* (a factual
sentence that must cite the corpus and pass verification) or *framing* (structure
the service writes itself: labels, weights, phase names; never presented as fact).
Citations are numbered once per paper.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from service.papers.choices import AgendaFrame, OptionChoice
from service.text.evidence import Citation
from service.text.labels import NulFree, strip_bidi

LENGTHS = ("short", "standard")


class Sentence(BaseModel):
    """One sentence of a paper with the paper-level citation numbers it carries."""

    text: NulFree
    kind: Literal["claim", "framing"] = "claim"
    citations: list[int] = Field(default_factory=list)
    supported: bool = True
    reason: NulFree = ""
    # The analysis document whose argument a claim reports: shown as an attributed
    # assessment with a visible marker, not as a plain fact. Empty for facts.
    assessment: NulFree = ""
    # The paper's own words before a claim (the BLUF's recommendation: "Decline the
    # summit, before the G7, because"): framing, never verified; the claim after it is.
    lead: str = Field(default="", max_length=600)


class Prose(BaseModel):
    """A block of sentences."""

    sentences: list[Sentence] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The block as plain text with ``[n]`` markers."""
        return " ".join(render_sentence(s) for s in self.sentences)

    @property
    def claims(self) -> list[Sentence]:
        """Only the factual sentences."""
        return [s for s in self.sentences if s.kind == "claim"]


class AgendaSection(BaseModel):
    """One weighted peripheral agenda item: status, leverage and linkage to the core."""

    agenda_id: NulFree
    name: NulFree
    weight: float
    status: Prose = Field(default_factory=Prose)
    leverage: Prose = Field(default_factory=Prose)
    linkage: Prose = Field(default_factory=Prose)


class Phase(BaseModel):
    """A step of an option's sequencing."""

    name: NulFree
    steps: Prose = Field(default_factory=Prose)


class Option(BaseModel):
    """A distinct course of action with its sequencing, safeguards and trade-offs."""

    name: NulFree
    summary: Prose = Field(default_factory=Prose)
    sequencing: list[Phase] = Field(default_factory=list)
    verification: Prose = Field(default_factory=Prose)
    red_lines: Prose = Field(default_factory=Prose)
    fallback: Prose = Field(default_factory=Prose)
    pros: Prose = Field(default_factory=Prose)
    cons: Prose = Field(default_factory=Prose)
    risks: Prose = Field(default_factory=Prose)
    indicators: Prose = Field(default_factory=Prose)


class ComparisonRow(BaseModel):
    """How one option scores against one weighted agenda (0-3), and the weighted score."""

    option: NulFree
    agenda_id: NulFree
    weight: float
    score: int = Field(ge=0, le=3)
    weighted: float


class EvidenceRow(BaseModel):
    """A claim of the paper with its source, quote and date."""

    claim: NulFree
    source: NulFree
    quote: NulFree
    date: NulFree


class CitedText(BaseModel):
    """A verbatim, verified passage sentence outside the prose, with its paper citations."""

    text: NulFree
    citations: list[int] = Field(default_factory=list)


class MatrixCell(CitedText):
    """One cell of the options matrix: a cited claim, the service's own framing (the
    agenda scoring), or an explicit "No source"."""

    criterion: NulFree
    kind: Literal["claim", "framing", "none"] = "claim"
    # An analyst's own cell text is verified like any edited claim: flagged, not dropped.
    supported: bool = True
    reason: NulFree = ""


class MatrixRow(BaseModel):
    """An option's row of the matrix, one cell per criterion in column order."""

    option: NulFree
    option_path: NulFree
    cells: list[MatrixCell] = Field(default_factory=list)


class ChronologyEntry(CitedText):
    """A dated event relevant to the tasking: an ISO date ("1959-08-13", "1959-08" or
    "1959") and the cited sentence that dates it. ``mentions`` is a later date the sentence
    names that is not the event's own (what a proposal made on ``date`` proposes)."""

    date: NulFree
    mentions: str = ""


class Statement(CitedText):
    """One side of a conflict: what a source says (``value``: an ISO date, a count) and
    where; ``later`` marks the later of two dated sides (the superseding one)."""

    value: NulFree
    later: bool = False


class Conflict(BaseModel):
    """Sources that disagree on a date or a number of the same thing, or a later source
    that supersedes an earlier one: every side is kept, each with its own citation, so the
    analyst sees the disagreement and which statement is later."""

    about: NulFree
    kind: Literal["date", "number", "supersession"] = "date"
    statements: list[Statement] = Field(min_length=2)

    @property
    def heading(self) -> str:
        """How the conflict is introduced in the editor, Markdown and DOCX."""
        if self.kind == "supersession":
            return f"A later statement supersedes an earlier one on {self.about}"
        return f"Sources differ on {self.about}"


class Gap(BaseModel):
    """A block the corpus gave no verified claim for: left out of the prose and listed once
    in "Gaps in the evidence" as something an analyst can act on."""

    path: NulFree
    text: NulFree


class DraftRequest(BaseModel):
    """What an analyst asks for."""

    tasking: str = Field(min_length=1, max_length=4000)
    weights: dict[str, float] = Field(default_factory=dict)
    options: int = Field(default=3, ge=2, le=5)
    constraints: str = Field(default="", max_length=4000)
    length: Literal["short", "standard"] = "standard"
    reviewed_only: bool = True  # cite only documents an analyst has marked reviewed
    # The options as the analyst settled them before drafting (renamed, dropped, added);
    # empty: the options the tasking's decision proposes.
    choices: list[OptionChoice] = Field(default_factory=list, max_length=5)
    # The draft's own core and peripheral agendas; None: the desk's catalogue.
    frame: AgendaFrame | None = None

    @field_validator("tasking")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("tasking must not be blank")
        return value.strip()

    @field_validator("tasking", "constraints")
    @classmethod
    def _plain(cls, value: str) -> str:
        # No NUL (PostgreSQL refuses it), no bidi controls (they reorder what is shown).
        if "\x00" in value:
            raise ValueError("must not contain a NUL character")
        return strip_bidi(value)

    @field_validator("weights")
    @classmethod
    def _weights_in_range(cls, value: dict[str, float]) -> dict[str, float]:
        for agenda_id, weight in value.items():
            if not 0.0 <= weight <= 1.0:
                raise ValueError(f"weight of '{agenda_id}' must be between 0 and 1, got {weight}")
        return value

    @field_validator("choices")
    @classmethod
    def _two_or_more(cls, value: list[OptionChoice]) -> list[OptionChoice]:
        if len(value) == 1:
            raise ValueError("give at least two options to weigh, or none for the proposed ones")
        names = [c.name.lower() for c in value]
        if len(set(names)) != len(names):
            raise ValueError("option names must differ")
        return value


class Paper(BaseModel):
    """A complete options paper."""

    title: NulFree
    request: DraftRequest
    # Said at the top when the corpus does not speak to agendas of the frame (issue 31).
    frame_note: str = ""
    bluf: Prose = Field(default_factory=Prose)
    background: Prose = Field(default_factory=Prose)
    core_assessment: Prose = Field(default_factory=Prose)
    agendas: list[AgendaSection] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    comparison: list[ComparisonRow] = Field(default_factory=list)
    recommendation: Prose = Field(default_factory=Prose)
    matrix: list[MatrixRow] = Field(default_factory=list)
    chronology: list[ChronologyEntry] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    evidence: list[EvidenceRow] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    backend: NulFree = ""


ASSESSMENT_TYPES = ("analysis", "commentary")


def assessment_label(sentence: Sentence) -> str:
    """The visible marker of an attributed assessment ("" for a fact)."""
    return f"◇ Assessment ({sentence.assessment}):" if sentence.assessment else ""


_PHASE_LABEL = re.compile(r"^\s*Phase\s+\d+\s*[:.–-]\s*", re.I)


def phase_heading(number: int, name: str) -> str:
    """ "Phase 2: Parallel tracks" for the phase at 0-based ``number``: the label once, even
    when the archetype's phase name already carries it."""
    return f"Phase {number + 1}: {_PHASE_LABEL.sub('', name).strip()}"


def clip_words(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis
    when anything was cut (never mid-word: "…precondition, wit")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


def render_sentence(sentence: Sentence) -> str:
    """A sentence (after its lead, if any) with its ``[n]`` markers before the final stop."""
    text = f"{sentence.lead} {sentence.text}" if sentence.lead else sentence.text
    if not sentence.citations:
        return text
    marks = "".join(f"[{n}]" for n in sentence.citations)
    if text.endswith((".", "!", "?")):
        return f"{text[:-1]} {marks}{text[-1]}"
    return f"{text} {marks}"
