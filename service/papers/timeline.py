"""Chronology and conflicts: the dated events relevant to a tasking, and where sources
disagree on a date.

Both come from one pool: the dated sentences of the passages retrieved for the tasking
(and for each agenda it names). A chronology entry is a verbatim passage sentence, cited
and verified through the shared citation path (``check_sentence``), dated by the first
date it gives, normalised to ISO ("1959-08-13", "1959-08", "1959"); undated sentences are
left out. A conflict is two sentences naming the same specific thing (a shared name such
as "Calcutta Agreement", beyond the parties themselves) with different day dates in the
same month: a disagreement the text itself shows, not one a similarity score guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from service.answer.cite import check_sentence
from service.answer.numbered import NumberedPassage, number_passages
from service.corpus.agendas import AgendaCatalogue
from service.corpus.filters import SearchFilters
from service.papers.conflicts import Said, changed_instruments, number_clashes, supersessions
from service.papers.dates import iso_dates, later_than, same_date
from service.papers.labels import source_label, without_label
from service.papers.paper import ASSESSMENT_TYPES, ChronologyEntry, Conflict, Statement
from service.papers.repeats import ClaimLedger
from service.papers.section_writer import SectionWriter
from service.papers.withheld import withhold
from service.retrieve.hybrid import search
from service.text.evidence import Citation
from service.text.sentences import sentence_spans
from service.verify.facts import extract_facts

# Names every Japan-DPRK text shares: two sentences sharing only these are not about the
# same thing.
_COMMON = frozenset(
    "japan dprk rok korea koreans us un tokyo pyongyang seoul government prime minister red "
    "cross society ap upi".split()
)
CHRONOLOGY_ENTRIES = {"short": 6, "standard": 10}
# Instruments the pool says changed whose earlier record is searched for (supersessions).
CHANGED_INSTRUMENTS = 3
# A disagreement is taken from sentences that attribute a date to a source or say that
# sources differ; two dates for two different events of one person are not a conflict.
_ATTRIBUTED = re.compile(
    r"\b(according to|reported|reports that|gives \d|dispatch|instead|differs?|differ|"
    r"disputed|discrepancy|contradicts?|whereas|other sources?)\b",
    re.I,
)
# Two chronology entries on the same date this close in meaning report the same event.
SAME_EVENT_COSINE = 0.7
# What marks a sentence as an event: something was done (and the named instruments whose
# signing and collapse a tasking's chronology needs: agreements, summits, committees).
_EVENT = re.compile(
    r"\b(signed|agreed|held|met|meet|visited|dissolv\w+|collaps\w+|announc\w+|returned|"
    r"launch\w*|adopted|suspend\w+|resum\w+|halt\w*|propos\w+|admitted|handed|lifted|"
    r"imposed|eased|opened|closed|began|ended|broke down|set up|established)\b",
    re.I,
)
# The spine of any Japan-DPRK chronology, asked whatever the tasking: the agreements and
# summits, and when each was signed, held and collapsed (the tasking's own words would pull
# only what it is about, never the 2014 agreement and its 2016 collapse).
KEY_EVENTS = (
    "Japan and the DPRK signed an agreement and held a summit; the talks later collapsed "
    "and the investigation committee was dissolved"
)
# A sentence about what is proposed, planned or scheduled speaks of a date to come.
_PROSPECTIVE = re.compile(
    r"\b(propos\w*|plans? to|planned|schedul\w*|invit\w*|would|will|is due to)\b", re.I
)
# Slots of a chronology kept for key events (an instrument signed, a summit held, a
# committee dissolved), each of a different year, before the rest by relevance.
KEY_EVENT_SLOTS = 4
_INSTRUMENT = re.compile(r"\b(Agreement|Declaration|[Ss]ummit|Committee|[Tt]alks)\b")


@dataclass(frozen=True)
class _Dated:
    """A passage sentence with the dates it gives: (ISO, is a single day) in text order;
    its document's own date (when it was written or the proposal made) and whether the
    document is an analysis (its sentences are assessments, not events)."""

    n: int
    text: str
    dates: tuple[tuple[str, bool], ...]
    doc_date: str = ""
    assessment: bool = False

    @property
    def event_date(self) -> str:
        """When the event happened: the first date the sentence gives, unless that falls
        after its own document's date (a proposal made in November 2025 for April 2026
        happened in November 2025); then the document's date."""
        return self.doc_date if self.mentions else self.dates[0][0]

    @property
    def mentions(self) -> str:
        """The later date a proposal or plan names, when it is not the event's own: the
        sentence speaks of what is proposed, planned or scheduled, for after its document's
        date ("" otherwise: a retrospective account keeps the date it gives)."""
        first = self.dates[0][0]
        prospective = later_than(first, self.doc_date) and _PROSPECTIVE.search(self.text)
        return first if prospective else ""


def _pool(writer: SectionWriter, catalogue: AgendaCatalogue) -> list[NumberedPassage]:
    """The passages for the tasking (and what later replaced it) and for each agenda it names
    (its dates, where sources differ, its counts), each chunk once."""
    tasking, index = writer.tasking, writer.answerer.index
    reviewed_only = writer.request.reviewed_only  # as every other section of the paper
    everything = SearchFilters(reviewed_only=reviewed_only)
    hits = search(index, writer.request.tasking, 10, everything)
    # The key events the tasking stands on: the agreements and summits before it, and
    # when they were signed, held and collapsed.
    hits += search(index, KEY_EVENTS, 8, everything)
    # What later replaced what the tasking is about, for supersessions.
    changed = f"{tasking.focus}: later dissolved, halted, reversed, voided or replaced"
    hits += search(index, changed, 4, everything)
    for agenda_id in tasking.agendas:
        agenda = catalogue.get(agenda_id)
        if agenda is not None:
            filters = SearchFilters(tags=tuple(agenda.tags), reviewed_only=reviewed_only)
            query = f"{agenda.name}: when it was agreed, signed, begun and ended"
            hits += search(index, f"{query}. {agenda.description}", 10, filters)
            # Where sources themselves say they differ on a date, for the conflicts.
            disputed = "sources differ on the date: the exact date is disputed, a discrepancy"
            hits += search(index, disputed, 4, filters)
            # And the counts sources give for it, for conflicting numbers.
            counted = f"{agenda.name}: how many; the number that estimates and figures give"
            hits += search(index, counted, 4, filters)
    # What a pool sentence says was dissolved, reversed, ...: where it was first set up.
    instruments = {name for h in hits for name in changed_instruments(h.text)}
    for name in sorted(instruments)[:CHANGED_INSTRUMENTS]:
        hits += search(index, f"the {name} was agreed, set up or signed", 3, everything)
    unique = {hit.chunk_id: hit for hit in hits}
    return number_passages(withhold(list(unique.values())))


def _pool_sentences(passages: list[NumberedPassage]) -> list[_Dated]:
    """Every claim sentence of the passages (headings left out), dated or not."""
    found = []
    for p in passages:
        for start, end in sentence_spans(p.hit.text):
            line_start = p.hit.text.rfind("\n", 0, start) + 1
            if p.hit.text[line_start:start].lstrip().startswith("#"):
                continue  # a heading is a label, not an event
            text = p.hit.text[start:end].strip()
            if len(text) >= 25:
                analysis = p.hit.doc_type in ASSESSMENT_TYPES
                dates = tuple(iso_dates(text))
                found.append(_Dated(p.n, text, dates, p.hit.date[:10], analysis))
    return found


class TimelineBuilder:
    """Builds a paper's chronology and conflicts with the paper's section writer (its
    answerer, verifier and citation numbering)."""

    def __init__(self, writer: SectionWriter, catalogue: AgendaCatalogue) -> None:
        self.writer = writer
        self.passages = _pool(writer, catalogue)
        self.sentences = _pool_sentences(self.passages)
        self.dated = [s for s in self.sentences if s.dates]
        # Chronology lines are dated events only: no analysts' assessments, and no line a
        # source labels ("Risk: ...": a labelled line is a judgement or a heading).
        self.events = [s for s in self.dated if not s.assessment and not source_label(s.text)]
        self._cited: dict[_Dated, list[Citation]] = {}

    def _cite(self, dated: _Dated) -> list[Citation]:
        """The verified citations of a verbatim passage sentence; [] if it fails. Numbered
        by the paper only when used (``_numbers``), so numbers follow reading order."""
        if dated not in self._cited:
            verifier = self.writer.answerer.verifier
            checked, found = check_sentence(dated.text, [dated.n], self.passages, verifier)
            self._cited[dated] = [found[n] for n in checked.citations] if checked.supported else []
        return self._cited[dated]

    def _numbers(self, dated: _Dated) -> list[int]:
        return [self.writer.number(c) for c in self._cite(dated)]

    def _statement(self, dated: _Dated, value: str, later: bool = False) -> Statement:
        text = without_label(dated.text)  # the claim, not its source's label
        return Statement(text=text, value=value, citations=self._numbers(dated), later=later)

    def chronology(self) -> list[ChronologyEntry]:
        """The dated events most relevant to the tasking, sorted by date, each cited, each
        event once (the same event on compatible dates, "2024-02" and "2024-02-15", is
        kept once), the key events (agreements, summits, their collapse) preferred."""
        if not self.events:
            return []
        tasking, events = self.writer.tasking, self.events
        embedder = self.writer.answerer.index.embedder
        vectors = np.asarray(embedder.embed_documents([d.text for d in events]))
        query = np.asarray(embedder.embed_query(tasking.focus))
        cues = np.array([tasking.mentions(d.text) + _key_event(d.text) for d in events])
        scores = vectors @ query + 0.1 * cues
        ledger = ClaimLedger(embedder)
        kept: list[int] = []
        for i in _key_first(events, scores):
            dated = events[i]
            if len(kept) == CHRONOLOGY_ENTRIES[self.writer.request.length]:
                break
            near = [j for j in kept if same_date(events[j].event_date, dated.event_date)]
            if ledger.is_repeat(dated.text) or any(
                float(vectors[i] @ vectors[j]) >= SAME_EVENT_COSINE for j in near
            ):
                continue
            if self._cite(dated):
                ledger.add(dated.text)
                kept.append(i)
        ordered = sorted((events[i] for i in kept), key=lambda d: (d.event_date, d.text))
        return [
            ChronologyEntry(
                date=d.event_date, mentions=d.mentions, text=d.text, citations=self._numbers(d)
            )
            for d in ordered
        ]

    def conflicts(self) -> list[Conflict]:
        """Where sources disagree (a date, a count) and where a later one supersedes an
        earlier one; every side cited."""
        return self._date_conflicts() + self._other_conflicts()

    def _other_conflicts(self) -> list[Conflict]:
        by_said = {Said(d.n, d.text, tuple(iso for iso, _ in d.dates)): d for d in self.sentences}
        said = list(by_said)
        clashes = number_clashes(said) + supersessions(said)
        found = []
        for clash in clashes:
            a, b = by_said[clash.a], by_said[clash.b]
            if self._cite(a) and self._cite(b):
                sides = [
                    self._statement(a, clash.value_a, clash.later == clash.a),
                    self._statement(b, clash.value_b, clash.later == clash.b),
                ]
                found.append(Conflict(about=clash.about, kind=clash.kind, statements=sides))
        return found

    def _date_conflicts(self) -> list[Conflict]:
        """Pairs of sentences that date the same named thing to different days."""
        found: dict[tuple[str, frozenset[str]], Conflict] = {}
        for i, a in enumerate(self.dated):
            for b in self.dated[i + 1 :]:
                if not (_ATTRIBUTED.search(a.text) or _ATTRIBUTED.search(b.text)):
                    continue
                about = _shared_names(a.text, b.text)
                for day_a, day_b in _clashing_days(a, b) if about else []:
                    key = (about, frozenset((day_a, day_b)))
                    if key not in found and self._cite(a) and self._cite(b):
                        sides = [self._statement(a, day_a), self._statement(b, day_b)]
                        found[key] = Conflict(about=f"the date of {about}", statements=sides)
        return list(found.values())


def _key_first(events: list[_Dated], scores: np.ndarray) -> list[int]:
    """Event indices in the order the chronology considers them: the most relevant key
    event of each year (up to ``KEY_EVENT_SLOTS`` years), then every event by relevance."""
    ranked = [int(i) for i in np.argsort(-scores)]
    key: dict[str, int] = {}
    for i in ranked:
        year = events[i].event_date[:4]
        if _key_event(events[i].text) == 2 and year not in key and len(key) < KEY_EVENT_SLOTS:
            key[year] = i
    return [*key.values(), *(i for i in ranked if i not in key.values())]


def _key_event(text: str) -> int:
    """1 for a sentence that reports something done (signed, held, dissolved, ...), 2 when
    it is done to a named instrument (an agreement, a summit): the chronology's spine."""
    if not _EVENT.search(text):
        return 0
    return 2 if _INSTRUMENT.search(text) else 1


def _shared_names(a: str, b: str) -> str:
    """The specific names both sentences use (e.g. "calcutta agreement"), or ""."""
    shared = (extract_facts(a).entities & extract_facts(b).entities) - _COMMON
    if not shared:
        return ""
    # Keep the names in the order the first sentence uses them, as they read.
    words = re.findall(r"[A-Za-z]+", a)
    ordered = [w for w in words if w.lower() in shared]
    return " ".join(dict.fromkeys(ordered))


def _clashing_days(a: _Dated, b: _Dated) -> list[tuple[str, str]]:
    """The two sentences' event days when they differ within one month. A sentence's event
    day is its last single-day date: "An AP dispatch of 14 August reports that it was signed
    on 13 August" dates the signing, not the dispatch."""
    day_a = next((iso for iso, day in reversed(a.dates) if day), "")
    day_b = next((iso for iso, day in reversed(b.dates) if day), "")
    if day_a and day_b and day_a != day_b and day_a[:7] == day_b[:7]:
        return [(day_a, day_b)]
    return []
