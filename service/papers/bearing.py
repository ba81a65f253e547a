"""Evidence that bears on its place: whether a verified sentence is about the option,
matrix criterion or agenda it is cited under.

Retrieval finds sentences close to a block's query, and verification checks that the
sentence is true to its source; neither asks whether it belongs where it is cited. An
option's verification citing a report on cryptocurrency theft, or a 2002/2004
moratorium as the "status" of today's nuclear agenda, passed both. Here the reading model
(``service/verify/reader.py``) reads a question built from the place ("How could the
option 'Accept the leaders' summit' be verified?") with the sentence, as it reads a
question and a sentence that may answer it, and a sentence below ``BEARS`` is dropped.

Without the model's files the current lexical behaviour stands (retrieval's closeness and
the pro/con word test decide, nothing is dropped here) and a start-up warning says so
(``service/wiring.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from service.verify.reader import ReadingModel

# Chosen by `bench/decide.py --bearing` over bench/taskings/bearing.jsonl (263 pairs
# labelled by hand); rerun it after new reading-model weights (`--write` sets both lines).
# BEARS: per kind of place (agenda, option, criterion), the P(the sentence answers the
# place's question) below which a sentence is dropped, chosen on the tune half: where tune
# holds at least 5 pairs of each label and the model's AUC on them is at least 0.75, the
# threshold with the best balanced accuracy (the mean of bearing sentences kept and
# off-topic ones dropped), the lowest of equals. Options have none with the weights of
# 2026-12-07 (tune AUC 0.46: an option's archetype evidence rarely names the option).
BEARS: dict[str, float] = {"agenda": 0.325, "criterion": 0.11}
# JUDGED: the kinds the papers apply BEARS to: those where the held-out half confirms the
# tune choice (balanced accuracy at least 0.6), as reranking stays off when held-out does
# not rise. None with the weights of 2026-12-07: held-out AUC agenda 0.37, criterion 0.45.
JUDGED: tuple[str, ...] = ()

# The question each place asks of its evidence; {place} is the option or agenda's name.
OPTION_QUESTIONS = {
    "summary": "What bears on the option '{place}'?",
    "sequencing": "What would the first steps of the option '{place}' be?",
    "verification": "How could the option '{place}' be verified?",
    "red_lines": "What red lines limit the option '{place}'?",
    "fallback": "What is the fallback if the option '{place}' stalls?",
    "pros": "What favours the option '{place}'?",
    "cons": "What counts against the option '{place}'?",
    "risks": "What are the risks of the option '{place}'?",
    "indicators": "What would show progress under the option '{place}'?",
}
AGENDA_QUESTIONS = {
    "status": "What is the current state of {place}?",
    "leverage": "What leverage does Japan hold on {place}?",
    "linkage": "How is {place} linked to the abductions issue?",
}
CRITERION_QUESTIONS = {
    "leverage": "What leverage does Japan hold for the option '{place}'?",
    "verification": "What precedent shows how the option '{place}' could be verified?",
    "dprk_position": "What has the DPRK said about the option '{place}'?",
    "risk": "What is the main risk of the option '{place}'?",
    "time": "How long would the option '{place}' take to deliver a first result?",
}
QUESTIONS = {"option": OPTION_QUESTIONS, "agenda": AGENDA_QUESTIONS,
             "criterion": CRITERION_QUESTIONS}  # fmt: skip


def place_question(kind: str, field: str, place: str) -> str:
    """The question a sentence cited at ``field`` of an option, agenda or matrix criterion
    must answer; ``KeyError`` for a place that has none."""
    return QUESTIONS[kind][field].format(place=place)


@dataclass(frozen=True)
class Bearing:
    """Judges whether sentences bear on their place; without a reading model, every
    sentence does (the lexical behaviour: retrieval and the argument test decide)."""

    reader: ReadingModel | None
    thresholds: dict[str, float] = field(
        default_factory=lambda: {k: v for k, v in BEARS.items() if k in JUDGED}
    )

    @property
    def judged_by(self) -> str:
        return "model" if self.reader is not None else "rules"

    def question(self, kind: str, field: str, place: str) -> str | None:
        """The place's question when the model judges this kind of place, else None."""
        if self.reader is None or kind not in self.thresholds or field not in QUESTIONS[kind]:
            return None
        return place_question(kind, field, place)

    def scores(self, question: str, sentences: Sequence[str]) -> list[float]:
        """P(answers) of each sentence for ``question`` (1.0 each without a model)."""
        if self.reader is None or not sentences:
            return [1.0] * len(sentences)
        return [float(p) for p in self.reader.entailment([(question, s) for s in sentences])]

    def keep(self, kind: str, question: str, sentences: Sequence[str]) -> list[bool]:
        """Whether each sentence bears on the place (of ``kind``) ``question`` asks about."""
        threshold = self.thresholds.get(kind, 0.0)
        return [p >= threshold for p in self.scores(question, sentences)]
