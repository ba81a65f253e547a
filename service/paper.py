"""The options paper: a pydantic model that is also the JSON shape of a draft.

Text lives in ``Prose``: a list of sentences, each either a *claim* (a factual
sentence that must cite the corpus and pass verification) or *framing* (structure
the service writes itself: labels, weights, phase names; never presented as fact).
Citations are numbered once per paper.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

LENGTHS = ("short", "standard")


class Sentence(BaseModel):
    """One sentence of a paper with the paper-level citation numbers it carries."""

    text: str
    kind: Literal["claim", "framing"] = "claim"
    citations: list[int] = Field(default_factory=list)
    supported: bool = True
    reason: str = ""


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


class PaperCitation(BaseModel):
    """A citation of the paper: source, date and the exact supporting quote."""

    n: int
    source: str
    doc_id: str
    chunk_id: str
    title: str = ""
    date: str = ""
    quote: str
    start: int
    end: int


class AgendaSection(BaseModel):
    """One weighted peripheral agenda item: status, leverage and linkage to the core."""

    agenda_id: str
    name: str
    weight: float
    status: Prose = Field(default_factory=Prose)
    leverage: Prose = Field(default_factory=Prose)
    linkage: Prose = Field(default_factory=Prose)


class Phase(BaseModel):
    """A step of an option's sequencing."""

    name: str
    steps: Prose = Field(default_factory=Prose)


class Option(BaseModel):
    """A distinct course of action with its sequencing, safeguards and trade-offs."""

    name: str
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

    option: str
    agenda_id: str
    weight: float
    score: int = Field(ge=0, le=3)
    weighted: float


class EvidenceRow(BaseModel):
    """A claim of the paper with its source, quote and date."""

    claim: str
    source: str
    quote: str
    date: str


class DraftRequest(BaseModel):
    """What an analyst asks for."""

    tasking: str = Field(min_length=1, max_length=4000)
    weights: dict[str, float] = Field(default_factory=dict)
    options: int = Field(default=3, ge=2, le=5)
    constraints: str = Field(default="", max_length=4000)
    length: Literal["short", "standard"] = "standard"

    @field_validator("tasking")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("tasking must not be blank")
        return value.strip()

    @field_validator("weights")
    @classmethod
    def _weights_in_range(cls, value: dict[str, float]) -> dict[str, float]:
        for agenda_id, weight in value.items():
            if not 0.0 <= weight <= 1.0:
                raise ValueError(f"weight of '{agenda_id}' must be between 0 and 1, got {weight}")
        return value


class Paper(BaseModel):
    """A complete options paper."""

    title: str
    request: DraftRequest
    bluf: Prose = Field(default_factory=Prose)
    background: Prose = Field(default_factory=Prose)
    core_assessment: Prose = Field(default_factory=Prose)
    agendas: list[AgendaSection] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    comparison: list[ComparisonRow] = Field(default_factory=list)
    recommendation: Prose = Field(default_factory=Prose)
    evidence: list[EvidenceRow] = Field(default_factory=list)
    citations: list[PaperCitation] = Field(default_factory=list)
    backend: str = ""


def render_sentence(sentence: Sentence) -> str:
    """A sentence with its ``[n]`` markers before the final stop."""
    if not sentence.citations:
        return sentence.text
    marks = "".join(f"[{n}]" for n in sentence.citations)
    text = sentence.text
    if text.endswith((".", "!", "?")):
        return f"{text[:-1]} {marks}{text[-1]}"
    return f"{text} {marks}"
