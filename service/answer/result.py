"""The answer as callers receive it: its verified sentences and their citations, or an
abstention (what no source states, a false premise corrected), with the notes on how it
was found; and the events a streamed answer arrives as (``Answerer.stream``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.answer.cite import CheckedSentence
from service.answer.languages import abstain_text, unstated_text
from service.text.evidence import Citation
from service.text.language import Language


@dataclass
class Answer:
    """A verified answer: its sentences, their citations and how it was made."""

    question: str
    sentences: list[CheckedSentence] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    backend: str = ""
    fallback: bool = False
    # When abstaining: what the question states that no retrieved source states; when
    # answering a question of several parts: the parts no source answers.
    unstated: list[str] = field(default_factory=list)
    # When abstaining on a false premise: the year the question assumed, and the verified
    # sentence that states another (``service.answer.premise``).
    corrections: list[tuple[str, CheckedSentence]] = field(default_factory=list)
    language: Language = "en"  # the question's: an abstention is worded in it
    # What a reader must know about how the answer was found, shown beside it: that a
    # question in another language than the embedding model's was answered by its words
    # alone (worded in that language), that no reviewed source answered, or that a cited
    # upload copies a reviewed document's title and type.
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The answer as prose with ``[n]`` markers: a false premise corrected first, the
        parts no source answers last (its notes are apart, in ``notes``)."""
        if self.abstained and self.corrections:
            return " ".join(
                f"The sources do not say {assumed}; they say: {_with_markers(sentence)}"
                for assumed, sentence in self.corrections
            )
        if self.abstained:
            return abstain_text(self.language, self.unstated)
        space = "" if self.language == "ja" else " "  # Japanese sets no space between sentences
        said = [space.join(_with_markers(s) for s in self.sentences)]
        said += [unstated_text(self.language, self.unstated)]
        return space.join(part for part in said if part)

    def as_json(self) -> dict[str, Any]:
        """The public JSON shape (CLI ``ask --json`` and ``POST /api/ask``)."""
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "unstated": self.unstated,
            "notes": self.notes,
            "sentences": [s.as_json() for s in self.sentences],
            "corrections": [
                {"assumed": assumed, **sentence.as_json()} for assumed, sentence in self.corrections
            ],
            "citations": [c.as_json() for c in self.citations],
        }


@dataclass(frozen=True)
class SentenceEvent:
    """A verified sentence, ready to show, with the citations it introduces."""

    sentence: CheckedSentence
    new_citations: list[Citation]


@dataclass(frozen=True)
class DoneEvent:
    """The complete answer."""

    answer: Answer


def _with_markers(sentence: CheckedSentence) -> str:
    marks = "".join(f"[{n}]" for n in sentence.citations)
    text = sentence.text
    if text.endswith(("。", "！", "？")):
        return f"{text[:-1]}{marks}{text[-1]}"
    if text.endswith((".", "!", "?")):
        return f"{text[:-1]} {marks}{text[-1]}"
    return f"{text} {marks}"
