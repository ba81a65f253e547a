"""What a sentence argues about an option: whether it can stand as a pro, a con or a risk.

Pros, cons and risks were chosen by closeness to a query, so a sentence merely *about* the
topic ("Trump met the abductees' families") became a pro of the abductions-first option.
Here a sentence qualifies by what it says:

- a **pro** carries a word of benefit or support (helped, produced, returned, agreed,
  progress, trust, ...): it argues for the option's action;
- a **con** or **risk** carries a word of cost, failure or opposition (stalled, refused,
  dissolved, ageing, in place of, ...);

and either must speak of the option itself: share one of the option's own terms (its name,
summary, phases and the field's framing; content words, not the parties' names).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from service.papers.archetypes import Archetype
from service.papers.blocks import prose_paths
from service.papers.labels import source_label
from service.papers.paper import Option, Paper, Prose, Sentence

_FOR = re.compile(
    r"\b(support\w*|backed|backing|help\w*|enabl\w*|opened the way|open the way|produc\w+|"
    r"deliver\w*|led to|achiev\w*|success\w*|progress\w*|breakthrough|returned|came home|"
    r"agreed|accept\w*|welcom\w*|benefit\w*|advantage\w*|gain\w*|early indicators?|widen\w*|"
    r"strengthen\w*|trust|confidence|resum\w+|restart\w*|concrete|leverage|unambiguous|"
    r"consensus|united|credib\w+|admit\w*|apologi\w*)\b",
    re.I,
)
_AGAINST = re.compile(
    r"\b(risk\w*|cost\w*|stall\w*|collaps\w*|fail\w*|refus\w*|reject\w*|halt\w*|dissolv\w*|"
    r"suspend\w*|freez\w*|froze\w*|deadlock\w*|broke down|breakdown|no progress|never|"
    r"dismiss\w*|oppos\w*|criticis\w*|violat\w*|threat\w*|danger\w*|ageing|aging|died|"
    r"spent|spend|lose|loses|lost|undermin\w*|delay\w*|block\w*|in place of|reduc\w+|"
    r"weaken\w*|launch\w*|nuclear test\w*|closed|resolved|no objective evidence|"
    r"could not|cannot|unverified|without (?:any )?results?|stop\w*)\b",
    re.I,
)
# Words every option shares with every sentence of the corpus: no evidence of aboutness.
_GENERIC = frozenset(
    "japan japanese dprk north korea korean pyongyang tokyo option options would could "
    "should their there which while other every japans these those about after before "
    "first later phase track tracks talks issue issues government".split()
)
_STEM = 5  # "abduction", "abductees", "abducted" share "abduc"
_AGAINST_LABELS = frozenset({"risk", "risks", "cost", "costs", "con", "cons", "danger"})
_FOR_LABELS = frozenset({"leverage", "benefit", "benefits", "pro", "pros", "advantage", "gain"})


def option_terms(archetype: Archetype, framing: str) -> frozenset[str]:
    """The option's own content words (stems): its name, summary, phases and ``framing``."""
    words = " ".join(
        [archetype.name, archetype.summary.framing, framing, *(p.framing for p in archetype.phases)]
    )
    return frozenset(_stems(words))


def argues(field: str, sentence: str, terms: frozenset[str]) -> bool:
    """Whether ``sentence`` can stand as the option's ``field`` (pros, cons or risks); any
    other field takes every sentence. A sentence that argues the other way more than this
    way (more words of cost than of benefit for a pro), or that its source labels as the
    other kind ("Risk: ..." as a pro), argues nothing for the field."""
    if field not in ("pros", "cons", "risks"):
        return True
    cue, other = (_FOR, _AGAINST) if field == "pros" else (_AGAINST, _FOR)
    label = source_label(sentence).lower()  # "Risk: the DPRK could ...": the source's own word
    if label in (_AGAINST_LABELS if field == "pros" else _FOR_LABELS):
        return False
    if len(other.findall(sentence)) > len(cue.findall(sentence)):
        return False
    return bool(cue.search(sentence)) and bool(terms & _stems(sentence))


def borrow_arguments(paper: Paper, chosen: list[Archetype]) -> None:
    """Give each option's empty cons and risks what the paper's cited evidence argues against
    it (in place), one item per block, never one the option's own blocks carry, and no claim
    stated twice (one claim once): a pointer to the earlier prose claim that argues it
    ("Counts against it: the evidence cited under the background [4].", framing with the
    claim's citations), not the claim restated. Earlier in reading order only, so the
    citation numbers still follow it."""
    paths = list(prose_paths(paper))
    claims = [(path, s) for path, prose in prose_paths(paper).items()
              for s in prose.claims if s.supported and s.citations]  # fmt: skip
    for i, (option, archetype) in enumerate(zip(paper.options, chosen, strict=True)):
        own = {s.text for block in _blocks(option) for s in block.sentences}
        for field in ("cons", "risks"):
            path = f"options.{i}.{field}"
            if getattr(option, field).claims:
                continue
            terms = option_terms(archetype, getattr(archetype, field).framing)
            earlier = [(p, s) for p, s in claims if paths.index(p) < paths.index(path)]
            found = next(((p, s) for p, s in earlier
                          if s.text not in own and argues(field, s.text, terms)), None)  # fmt: skip
            if found is None:
                continue
            where, claim = found
            text = f"{_POINTERS[field]}: the evidence cited under {_where(where, paper)}."
            pointer = Sentence(text=text, kind="framing", citations=list(claim.citations))
            getattr(option, field).sentences.append(pointer)
            own.add(claim.text)
            # The block says where its evidence is: no gap says there is none.
            paper.gaps = [g for g in paper.gaps if g.path != path]


_POINTERS = {"cons": "Counts against it", "risks": "A risk for it"}
_SECTIONS = {
    "bluf": "the bottom line",
    "background": "the background",
    "core_assessment": "the core assessment",
    "recommendation": "the recommendation",
}


def _where(path: str, paper: Paper) -> str:
    """The section a reader finds the block at ``path`` under ("the background",
    "Hold and pressure", "Remains and graves")."""
    parts = path.split(".")
    if parts[0] == "options":
        return paper.options[int(parts[1])].name
    if parts[0] == "agendas":
        return next((a.name for a in paper.agendas if a.agenda_id == parts[1]), parts[1])
    return _SECTIONS.get(parts[0], parts[0].replace("_", " "))


def _blocks(option: Option) -> list[Prose]:
    return [option.summary, *(p.steps for p in option.sequencing), option.verification,
            option.red_lines, option.fallback, option.pros, option.cons, option.risks,
            option.indicators]  # fmt: skip


def argument_test(field: str, archetype: Archetype, framing: str) -> Callable[[str], bool] | None:
    """``argues`` bound to one option's field; None for a field that takes any evidence."""
    if field not in ("pros", "cons", "risks"):
        return None
    terms = option_terms(archetype, framing)
    return lambda sentence: argues(field, sentence, terms)


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {w[:_STEM] for w in words if len(w) >= 5 and w not in _GENERIC}
