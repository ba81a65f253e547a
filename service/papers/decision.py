"""The decision a tasking poses, and its real alternatives as the paper's options.

A tasking that poses a decision (respond to a proposal, support or oppose a measure, choose
a sequence, set a posture: ``prompts/decisions.yaml``) gets options named in its own terms
("Accept the leaders' summit", "Lift the travel ban only after ..."), each weighed on the
structure and agenda scores of an archetype (``prompts/options.yaml``). A tasking that
poses none keeps the archetypes. The forcing event the tasking gives ("before the G7")
is read here too: the BLUF names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from service.answer.prompts import PROMPTS_DIR
from service.errors import BriefingError, InvalidRequestError, validate_items
from service.papers.archetypes import Archetype, Framed
from service.papers.choices import OptionChoice as ProposedOption

# Where a phrase of the tasking ends: a clause boundary or a word that opens a condition,
# a deadline or a time.
STOP = (
    r",|;|\?|\.(?:\s|$)|$|\s+(?:conditional on|on condition|in exchange for|with|before|"
    r"by|ahead of|due|when|after|so that)\b"
)
_DEADLINE = (
    re.compile(r"\b(?:before|ahead of|by|until)\s+(?!or\b)(?P<when>[^,?;]+)", re.I),
    re.compile(
        r"\b(?P<what>the\s+[\w' -]+?)\s+(?:is\s+)?(?:due|set|scheduled)\s+"
        r"(?:for\s+|in\s+|on\s+|by\s+)?(?P<when>[^,?;]+)",
        re.I,
    ),
)
_LISTED = re.compile(r":\s*(?P<list>[^:?]+?\bor\b[^,?]+)", re.I)
_ITEMS = re.compile(r",\s*|\s+and\s+(?=the\b)|\s+or\s+")


class Alternative(BaseModel):
    """One real alternative of a decision type."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    verb: str = Field(min_length=1)
    name: str = Field(min_length=1)
    cues: list[str] = Field(default_factory=list)
    archetype: str  # "" only for an item of a sequence: the item's own agenda decides
    framing: str = Field(min_length=1)


class DecisionType(BaseModel):
    """A kind of decision, how a tasking poses it, and its alternatives."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    cues: list[str] = Field(min_length=1)
    object: list[str] = Field(min_length=1)
    alternatives: list[Alternative] = Field(min_length=2)

    def applies(self, text: str) -> bool:
        """Whether the tasking carries one of the type's cues."""
        return any(re.search(rf"\b(?:{c})\b", text, re.I) for c in self.cues)

    def parts(self, text: str) -> dict[str, str]:
        """The tasking's own words for what is decided (object, act, event or items)."""
        for pattern in self.object:
            found = re.search(pattern.replace("STOP", STOP), text, re.I)
            if found:
                return {k: _tidy(v) for k, v in found.groupdict().items() if v}
        return {}


@dataclass(frozen=True)
class Decision:
    """What a tasking decides: its type ("" for an open tasking), the forcing event and the
    proposed options, best first once weighed."""

    kind: str
    deadline: str
    proposed: list[ProposedOption]


def load_decisions(path: Path = PROMPTS_DIR / "decisions.yaml") -> list[DecisionType]:
    """The decision types; ``BriefingError`` naming file, item and field on bad input, or a
    pattern that does not compile."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BriefingError(f"{path}: cannot read ({str(exc).splitlines()[0]})") from exc
    types = validate_items(DecisionType, raw or [], path)
    for number, kind in enumerate(types, 1):
        for pattern in [*kind.cues, *kind.object]:
            try:
                re.compile(pattern.replace("STOP", STOP))
            except re.error as exc:
                message = f"{path}: item {number}: bad pattern {pattern!r}: {exc}"
                raise BriefingError(message) from exc
    return types


def deadline(text: str) -> str:
    """The forcing event the tasking gives, as a phrase ("before the G7", "before the vote
    in March 2027"); "" when it gives none."""
    first = _DEADLINE[0].search(text)
    if first:
        return f"before {_tidy(first['when'])}"
    due = _DEADLINE[1].search(text)
    return f"before {_tidy(due['what'])} in {_tidy(due['when'])}" if due else ""


def read_decision(text: str, types: list[DecisionType], archetypes: list[Archetype]) -> Decision:
    """The decision ``text`` poses and its alternatives; an open tasking (no type applies,
    or its object cannot be read) proposes the archetypes themselves."""
    ids = {a.id for a in archetypes}
    for kind in types:
        parts = kind.parts(text) if kind.applies(text) else {}
        if parts:
            proposed = [p for p in _alternatives(kind, parts, text) if p.basis in ids]
            if len(proposed) >= 2:
                return Decision(kind.id, deadline(text), proposed)
    open_options = [
        ProposedOption(name=a.name, basis=a.id, framing=a.summary.framing) for a in archetypes
    ]
    return Decision("", deadline(text), open_options)


def _alternatives(kind: DecisionType, parts: dict[str, str], text: str) -> list[ProposedOption]:
    """The type's alternatives filled with the tasking's words; a tasking that lists its own
    ("tighten pressure, hold steady or keep a channel open") names them itself."""
    if "items" in parts:
        return _sequence_items(kind, parts["items"])
    listed = _listed(text)
    out = []
    for alt in kind.alternatives:
        if alt.id in ("item", "parallel"):
            continue
        words = {**parts, "Act": _upper_first(parts.get("act", ""))}
        name = _fill(alt.name, words)
        own = next((item for item in listed if _matches(item, alt.cues)), "")
        verb = _fill(alt.verb, words).split()[0] if _fill(alt.verb, words) else alt.verb
        out.append(
            ProposedOption(
                name=_upper_first(own) if own else name,
                basis=alt.archetype,
                verb=own.split()[0] if own else verb,
                framing=_fill(alt.framing, words),
            )
        )
    return out


def _sequence_items(kind: DecisionType, items: str) -> list[ProposedOption]:
    """ "Begin with X" for each item the tasking lists, and all at once."""
    by_id = {a.id: a for a in kind.alternatives}
    item, together = by_id.get("item"), by_id.get("parallel")
    found = [_tidy(i) for i in _ITEMS.split(items) if _tidy(i)]
    out = []
    if item is not None:
        for one in found:
            basis = item.archetype or (
                "abductions-first" if re.search(r"\babduct", one, re.I) else "humanitarian-first"
            )
            out.append(_option(item, {"item": one}, basis))
    if together is not None:
        out.append(_option(together, {"items": ", ".join(found)}, together.archetype))
    return out


def _option(alt: Alternative, words: dict[str, str], basis: str) -> ProposedOption:
    return ProposedOption(
        name=_fill(alt.name, words), basis=basis, verb=alt.verb, framing=_fill(alt.framing, words)
    )


def _listed(text: str) -> list[str]:
    """The alternatives a tasking lists itself after a colon ("...: A, B or C")."""
    found = _LISTED.search(text)
    return [_tidy(i) for i in _ITEMS.split(found["list"])] if found else []


def _matches(text: str, cues: list[str]) -> bool:
    return any(re.search(rf"\b{re.escape(c)}\b", text, re.I) for c in cues)


def _fill(template: str, words: dict[str, str]) -> str:
    """``template`` with the tasking's words; a missing one leaves no gap or brace."""
    text = re.sub(r"\{(\w+)\}", lambda m: words.get(m.group(1), ""), template)
    return re.sub(r"\s+([,.])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()


def _tidy(phrase: str) -> str:
    """A phrase of the tasking as an object: trimmed, its indefinite article made definite
    ("a leaders' summit" -> "the leaders' summit")."""
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:?.")
    return re.sub(r"^(?:a|an)\s+", "the ", phrase, flags=re.I)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def as_archetype(option: ProposedOption, archetypes: list[Archetype]) -> Archetype:
    """The option weighed as its archetype: the archetype's sequencing, safeguards, queries
    and scores under the option's own name and summary framing. ``InvalidRequestError``
    for a basis that names no archetype."""
    base = next((a for a in archetypes if a.id == option.basis), None)
    if base is None:
        known = ", ".join(a.id for a in archetypes)
        raise InvalidRequestError(
            f"choices: option '{option.name}': basis '{option.basis}' is not an archetype "
            f"of prompts/options.yaml (known: {known})"
        )
    if option.name == base.name and not option.framing:
        return base
    summary = Framed(framing=option.framing or base.summary.framing, query=base.summary.query)
    return base.model_copy(update={"name": option.name, "summary": summary})
