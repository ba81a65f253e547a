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
from service.papers.paper import Option, Paper, Prose, prose_paths

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
# A source's own label on a sentence ("Risk: the DPRK could ...", "Leverage: home visits ...").
_LABEL = re.compile(r"^\s*([A-Z][a-z]+)\s*:\s")
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
    label = _LABEL.match(sentence)
    if label and label[1].lower() in (_AGAINST_LABELS if field == "pros" else _FOR_LABELS):
        return False
    if len(other.findall(sentence)) > len(cue.findall(sentence)):
        return False
    return bool(cue.search(sentence)) and bool(terms & _stems(sentence))


def borrow_arguments(paper: Paper, chosen: list[Archetype]) -> None:
    """Give each option's empty cons and risks the paper's own cited claims that argue them
    (in place): evidence cited anywhere in the paper that counts against an option is one
    of its cons even when its own query found none. One claim per block, the first in
    reading order; never a claim the option's own blocks already carry."""
    claims = [s for prose in prose_paths(paper).values() for s in prose.claims
              if s.supported and s.citations]  # fmt: skip
    for option, archetype in zip(paper.options, chosen, strict=True):
        own = {s.text for block in _blocks(option) for s in block.claims}
        for field in ("cons", "risks"):
            block: Prose = getattr(option, field)
            if block.claims:
                continue
            terms = option_terms(archetype, getattr(archetype, field).framing)
            found = next((s for s in claims if s.text not in own
                          and argues(field, s.text, terms)), None)  # fmt: skip
            if found is not None:
                block.sentences.append(found.model_copy(deep=True))
                own.add(found.text)


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
