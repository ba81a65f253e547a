"""With a chat-model backend (``BRIEFING_LLM=openai``) the model proposes a paper's options
from the evidence (``prompts/propose_options.txt``): one line per option,
``BASIS | option name | sentence [n]``.

Nothing is taken on trust. A line stands only when it has exactly those three fields, its
basis is an archetype of ``prompts/options.yaml``, its name is a short course of action
(one opening verb, no brackets, digits, markers or instruction to a model, not a name
already given) and its sentence verifies against the passages through the shared citation
path (``check_sentence``), as every sentence of a paper does. Fewer than two such lines
(a malformed, empty, failed or adversarial reply) and the data file's alternatives
(``prompts/decisions.yaml``, or the archetypes for an open tasking) stand instead; the log
says why.
"""

from __future__ import annotations

import logging
import re

from service.answer.cite import check_sentence, parse_markers
from service.answer.composers import Composer
from service.answer.numbered import NumberedPassage, number_passages
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.papers.archetypes import Archetype
from service.papers.choices import OptionChoice
from service.papers.paper import DraftRequest
from service.papers.withheld import admissible, withhold
from service.retrieve.hybrid import search
from service.verify.support import Verifier

log = logging.getLogger(__name__)
PASSAGES = 8
MIN_OPTIONS = 2
_NAME = re.compile(r"^[A-Z][A-Za-z'’-]+(?: [A-Za-z'’,-]+){1,24}$")


def model_options(
    request: DraftRequest,
    composer: Composer,
    index: Index,
    verifier: Verifier,
    archetypes: list[Archetype],
) -> list[OptionChoice]:
    """The options the model proposes for ``request``, at most ``request.options``, each
    resting on a verified sentence; [] (the data file's alternatives stand) when fewer
    than two lines pass."""
    filters = SearchFilters(reviewed_only=request.reviewed_only)
    passages = number_passages(withhold(search(index, request.tasking, PASSAGES, filters)))
    if not passages:
        return []
    bases = "; ".join(f"{a.id}: {a.name}" for a in archetypes)
    question = f"{request.tasking} (archetype ids: {bases})"
    try:
        reply = "".join(composer.with_prompt("propose_options").compose(question, passages))
    except Exception as exc:  # any failure of the server or its reply: the data file stands
        log.warning("proposed options: the model failed (%s); the data file's stand", exc)
        return []
    options = parse_options(reply, passages, verifier, {a.id for a in archetypes})
    if len(options) < MIN_OPTIONS:
        log.warning(
            "proposed options: %d of the model's lines passed; the data file's stand",
            len(options),
        )
        return []
    return options[: request.options]


def parse_options(
    reply: str, passages: list[NumberedPassage], verifier: Verifier, bases: set[str]
) -> list[OptionChoice]:
    """The reply's lines that pass every check, in order, one per name."""
    found: list[OptionChoice] = []
    for line in reply.splitlines()[:20]:
        fields = [f.strip() for f in line.strip(" -*\t").split("|")]
        if len(fields) != 3 or fields[0] not in bases or not _course(fields[1]):
            continue
        if any(o.name.lower() == fields[1].lower() for o in found):
            continue
        if not _verified(fields[2], passages, verifier):
            continue
        found.append(
            OptionChoice(name=fields[1], basis=fields[0], verb=fields[1].split()[0].lower())
        )
    return found


def _course(name: str) -> bool:
    """A short course of action: words only (no digit, bracket or marker), opening with a
    capitalised verb, and no instruction to a model."""
    return bool(_NAME.match(name)) and len(name) <= 200 and admissible(name)


def _verified(text: str, passages: list[NumberedPassage], verifier: Verifier) -> bool:
    parsed = parse_markers(text, len(passages))
    if len(parsed) != 1 or not parsed[0][1]:
        return False
    sentence, markers = parsed[0]
    if not admissible(sentence):
        return False
    checked, _ = check_sentence(sentence, markers, passages, verifier)
    return checked.supported
