"""Frame fit: whether the corpus speaks to the agendas a paper weighs, and the agendas an
analyst names for one draft.

A paper is written in a frame: a core agenda and peripheral ones (``prompts/agendas.yaml``
unless the request names its own). Before any option is weighed, each agenda of the frame
is looked up in the whole corpus (no tag filter: an uploaded document carries no tags) and
the reading model reads whether any retrieved sentence answers "What is the state of
<agenda>?". An agenda no sentence answers is one the corpus does not speak to; the paper
says so at the top, and when the corpus is silent on the core it says the paper does not
fit its frame. Without the model's files the rules judge (the agenda's own words in a
sentence), and a warning says so at start-up (``service/wiring.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from service.corpus.agendas import Agenda, AgendaCatalogue
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.errors import InvalidRequestError
from service.papers.archetypes import Archetype
from service.papers.choices import AgendaFrame
from service.retrieve.hybrid import search
from service.text.sentences import sentence_spans
from service.verify.reader import ReadingModel
from service.verify.verdict import token_coverage

QUESTION = "What is the state of {name}?"
SAME_WORDS = 0.5  # rules: half the agenda name's content words in one sentence
HITS = 4  # passages read per agenda


@dataclass(frozen=True)
class FrameFit:
    """The agendas of a frame the corpus does not speak to, and what judged it."""

    core: Agenda
    silent: list[Agenda]
    weighed: int  # agendas checked, the core included
    judged_by: str  # "model" or "rules"

    @property
    def note(self) -> str:
        """What the paper says at the top: "" when the corpus speaks to every agenda."""
        if not self.silent:
            return ""
        names = [a.name for a in self.silent if a.id != self.core.id]
        if any(a.id == self.core.id for a in self.silent):
            text = (
                f"The corpus does not speak to {self.core.name}, the core of this paper's "
                "frame, so the paper does not fit its frame: its options are weighed on "
                "agendas the evidence does not carry."
            )
            if names:
                text += (
                    f" It is silent on {len(names)} of {self.weighed - 1} peripheral agendas too."
                )
            return (
                text
                + " Name this subject's own core and peripheral agendas for a draft in its frame."
            )
        return f"The corpus does not speak to {_join(names)}; those sections rest on no evidence."


def frame_fit(
    index: Index,
    agendas: list[Agenda],
    core: Agenda,
    reader: ReadingModel | None,
    reviewed_only: bool = True,
) -> FrameFit:
    """Which of ``agendas`` (the core first) the corpus does not speak to."""
    filters = SearchFilters(reviewed_only=reviewed_only)
    pairs: list[tuple[str, str]] = []
    owners: list[int] = []
    for i, agenda in enumerate(agendas):
        hits = search(index, f"{agenda.name}: {agenda.description}"[:900], HITS, filters)
        for hit in hits:
            for start, end in sentence_spans(hit.text):
                pairs.append((QUESTION.format(name=agenda.name), hit.text[start:end]))
                owners.append(i)
    if reader is not None:
        scores = reader.entailment(pairs) if pairs else np.zeros(0)
        spoken = {owners[k] for k in np.flatnonzero(scores >= reader.thresholds.speaks)}
    else:
        names = [a.name for a in agendas]
        spoken = {
            owners[k]
            for k, (_, text) in enumerate(pairs)
            if token_coverage(names[owners[k]], text) >= SAME_WORDS
        }
    silent = [a for i, a in enumerate(agendas) if i not in spoken]
    return FrameFit(core, silent, len(agendas), "model" if reader is not None else "rules")


def evidence_scores(
    index: Index,
    options: list[Archetype],
    agendas: list[Agenda],
    reader: ReadingModel | None,
    reviewed_only: bool = True,
) -> list[Archetype]:
    """``options`` scored on the analyst's own ``agendas``, which no archetype scores: an
    option's score on an agenda (0-3) is how many sentences of the passages its name
    retrieves speak to that agenda (the frame check's judgment: the reading model, else
    the rules), at most 3. Its catalogue scores stay for the catalogue's agendas."""
    filters = SearchFilters(reviewed_only=reviewed_only)
    scored = []
    for option in options:
        hits = search(index, f"{option.name}: {option.summary.framing}"[:900], HITS, filters)
        sentences = [h.text[s:e] for h in hits for s, e in sentence_spans(h.text)]
        own = {a.id: min(3, _speaking(a, sentences, reader)) for a in agendas}
        scored.append(option.model_copy(update={"scores": {**option.scores, **own}}))
    return scored


def _speaking(agenda: Agenda, sentences: list[str], reader: ReadingModel | None) -> int:
    """How many of ``sentences`` speak to ``agenda``."""
    if not sentences:
        return 0
    if reader is None:
        return sum(token_coverage(agenda.name, s) >= SAME_WORDS for s in sentences)
    question = QUESTION.format(name=agenda.name)
    scores = reader.entailment([(question, s) for s in sentences])
    return int((scores >= reader.thresholds.speaks).sum())


def request_catalogue(frame: AgendaFrame | None, catalogue: AgendaCatalogue) -> AgendaCatalogue:
    """The catalogue a draft weighs: the analyst's own agendas for it, else the desk's."""
    if frame is None:
        return catalogue
    core = _agenda(frame.core, 0.6)
    peripheral = [_agenda(name, 0.3) for name in frame.peripheral]
    ids = [a.id for a in [core, *peripheral]]
    if len(set(ids)) != len(ids):
        raise InvalidRequestError("frame: agenda names must differ")
    # No tags: the analyst's agendas retrieve from the whole corpus, not a tagged part.
    return AgendaCatalogue.model_construct(core=core, peripheral=peripheral, context_tags=[])


def _agenda(name: str, weight: float) -> Agenda:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "agenda"
    slug = slug if slug[0].isalpha() else f"a-{slug}"
    return Agenda.model_construct(
        id=slug[:60], name=name, description=name, default_weight=weight, tags=[]
    )


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
