"""What a tasking asks: the decision, the actors, the time frame, and the agendas and options
it names. The writer uses it in every section's query and sentence selection, forces what
the tasking names into the paper whatever the weights, and opens the BLUF and the
recommendation with a direct answer to the question.

Cues are matched on words the tasking itself uses (case-insensitive, whole words), so a
decision rests on what the tasking says rather than on a similarity score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.text.dates import is_year

# Canonical actor -> the ways a tasking names it. Japan and the DPRK are the two parties
# of every paper; the others are third parties whose naming changes what a paper covers.
ACTORS: dict[str, tuple[str, ...]] = {
    "Japan": ("japan", "tokyo", "japanese government"),
    "DPRK": ("dprk", "north korea", "pyongyang", "north korean"),
    "South Korea": ("south korea", "seoul", "rok", "republic of korea", "south korean"),
    "United States": ("united states", "u\\.s", "washington", "american"),
    "China": ("china", "beijing", "chinese"),
    "Russia": ("russia", "moscow", "russian"),
    "United Nations": ("united nations", "un", "security council", "panel of experts"),
    "Red Cross": ("red cross", "icrc"),
}
PARTIES = ("Japan", "DPRK")

# Agenda id -> words that name it in a tasking.
AGENDA_CUES: dict[str, tuple[str, ...]] = {
    "abductions": ("abduct\\w*",),
    "repatriates-and-spouses": (
        "repatriat\\w*",
        "japanese spouses?",
        "return project",
        "calcutta",
        "zainichi",
        "returnees?",
        "spouses?",
    ),
    "remains-and-graves": ("remains", "graves?", "grave visits?", "burial\\w*", "war dead"),
    "left-behind-japanese": ("left[- ]behind", "remaining japanese"),
    "missing-persons": ("missing persons?", "missing", "cannot be ruled out"),
    "korean-residents-status": (
        "korean residents?",
        "chongryon",
        "koreans in japan",
        "legal status",
    ),
    "humanitarian-aid": ("humanitarian aid", "food aid", "aid", "medical aid"),
    "sanctions-relief": ("sanctions?", "sanctions relief", "unilateral measures", "embargo"),
    "nuclear-missile": ("nuclear", "missiles?", "icbm", "weapons programme"),
    "colonial-settlement": (
        "colonial",
        "normali[sz]ation",
        "economic cooperation",
        "settlement of the past",
        "apology",
    ),
}

# Option archetype id -> phrasings that ask about that course of action.
ARCHETYPE_CUES: dict[str, tuple[str, ...]] = {
    "phased-package": ("phased", "package", "tranches?", "step[- ]by[- ]step"),
    "humanitarian-first": (
        "humanitarian[- ]first",
        "confidence[- ]building",
        "(grave visits?|remains|humanitarian \\w+|red cross \\w+|spouses?)( \\w+){0,2} first",
    ),
    "abductions-first": ("abductions?[- ]first", "abductions? (issue )?first"),
    "seoul-parallel": ("seoul", "south korea\\w*", "inter-korean", "parallel"),
    "hold-and-pressure": ("pressure", "hold (firm|out|back)", "wait(ing)? for", "no talks"),
}

_YES_NO = re.compile(r"^(should|can|could|would|will|is|are|does|do|must|may)\b", re.I)
_MODAL = re.compile(
    r"^(?:how|what|when|why|where|which\s+\w+)?\s*(?:should|can|could|would|will|must|might|may)"
    r"\s+(?P<subject>Japan|Tokyo|the government|we)\s+(?P<rest>.+?)[?.!]*$",
    re.I,
)
_YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
_EVENT = re.compile(r"\b(?:after|since|following|in the wake of)\s+(?P<event>[^?.!]+)", re.I)
_OPEN_ENDED = re.compile(
    r"\b(?:after|since|from|following|beyond)\b\D{0,40}\b(?:19|20)\d\d\b", re.I
)


def _matches(text: str, patterns: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b(?:{p})\b", text, re.I) for p in patterns)


@dataclass(frozen=True)
class Tasking:
    """A parsed tasking. ``decision`` is the verb phrase after "should Japan" ("offer grave
    visits first"), empty when the tasking is not phrased that way."""

    text: str
    yes_no: bool
    subject: str
    decision: str
    actors: tuple[str, ...]
    years: tuple[int, ...]
    agendas: tuple[str, ...]
    archetypes: tuple[str, ...]
    cues: tuple[str, ...] = field(default=())
    # "after the 2025 change", "since 2014": the frame runs on past its last year.
    open_ended: bool = False

    @property
    def third_parties(self) -> tuple[str, ...]:
        """Actors named beyond Japan and the DPRK."""
        return tuple(a for a in self.actors if a not in PARTIES)

    @property
    def time_frame(self) -> str:
        """ "2025", "2014-2016" or "" when the tasking names no year."""
        if not self.years:
            return ""
        first, last = self.years[0], self.years[-1]
        return str(first) if first == last else f"{first}-{last}"

    @property
    def focus(self) -> str:
        """The tasking as a section question: years left out (a passage need not repeat the
        tasking's year to bear on it), bracketed numbers never kept."""
        return re.sub(r"\s+", " ", re.sub(r"\[\d+\]|\d+", " ", self.text)).strip()

    @property
    def event(self) -> str:
        """What the tasking's time frame hangs on ("after the 2025 change of government in
        Seoul" -> "the 2025 change of government in Seoul"); "" when it names none."""
        found = _EVENT.search(self.text)
        return found["event"].strip() if found and _YEAR.search(found["event"]) else ""

    @property
    def event_query(self) -> str:
        """A query for what happened: the third parties, the time frame and the event
        ("South Korea in 2025: the 2025 change of government in Seoul"); "" without one."""
        if not self.event:
            return ""
        who = ", ".join(self.third_parties) or "Japan and the DPRK"
        return f"{who} in {self.time_frame}: {self.event}"

    def in_frame(self, sentence: str, dated: str = "") -> int:
        """Whether a sentence is evidence from the tasking's time frame: 2 when it states a
        year inside the frame, 1 when it states no year but its document (``dated``, ISO) is
        inside it, -1 when every year it states falls before the frame (history, not the
        situation asked about), else 0. Always 0 for a tasking that names no year."""
        if not self.years:
            return 0
        first, last = self.years[0], (9999 if self.open_ended else self.years[-1])
        stated = [int(y) for y in _YEAR.findall(sentence)]
        if any(first <= y <= last for y in stated):
            return 2
        if stated:
            return -1 if max(stated) < first else 0
        return int(is_year(dated[:4], first, last))

    def mentions(self, sentence: str) -> int:
        """How many of the tasking's own cues (third parties, named agendas, years) a
        sentence carries: what sentence selection prefers."""
        return sum(bool(re.search(rf"\b(?:{c})\b", sentence, re.I)) for c in self.cues)


def parse_tasking(text: str) -> Tasking:
    """Parse a tasking into what it asks; never fails (an unusual phrasing parses to fewer
    fields, and the paper falls back to the weights)."""
    clean = re.sub(r"\s+", " ", text).strip()
    actors = tuple(name for name, pats in ACTORS.items() if _matches(clean, pats))
    agendas = tuple(a for a, pats in AGENDA_CUES.items() if _matches(clean, pats))
    archetypes = tuple(a for a, pats in ARCHETYPE_CUES.items() if _matches(clean, pats))
    years = tuple(sorted({int(y) for y in _YEAR.findall(clean)}))
    found = _MODAL.match(clean)
    subject, decision = (found["subject"], found["rest"].strip()) if found else ("", "")
    # "What should Japan do about X" answers as "Japan should address X".
    decision = re.sub(r"^do\s+(?:about|on|with|regarding)\s+", "address ", decision, flags=re.I)
    cues = [p for a in actors if a not in PARTIES for p in ACTORS[a]]
    cues += [p for a in agendas for p in AGENDA_CUES[a]]
    cues += [str(y) for y in years]
    open_ended = bool(years) and bool(_OPEN_ENDED.search(clean))
    return Tasking(
        text=clean,
        yes_no=bool(_YES_NO.match(clean)),
        subject=subject,
        decision=decision,
        actors=actors,
        years=years,
        agendas=agendas,
        archetypes=archetypes,
        cues=tuple(cues),
        open_ended=open_ended,
    )
