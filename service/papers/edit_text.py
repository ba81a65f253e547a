"""One block of a paper as editable text, and back: one sentence per line.

A line keeps its ``[n]`` citation markers; a line starting with ``~`` is framing
(the service's own structure, not a factual claim, never verified). Anything else
is a claim and must cite the paper's passages to pass verification; a claim's lead (the
BLUF's recommendation before the claim that grounds it) is written before `` » ``.
"""

from __future__ import annotations

import re

from service.corpus.safety import strip_control_chars
from service.errors import InvalidRequestError
from service.papers.paper import Prose, Sentence, render_sentence

FRAMING_MARK = "~"
LEAD_MARK = " » "
MAX_EDIT_CHARS = 20_000
MAX_SENTENCES = 200
# Any bracketed number is a citation marker, however long: "[999999999999999999999]" is
# refused as no citation of the paper, never kept as text.
_MARKER = re.compile(r"\s*\[(\d+)\]")


def prose_to_text(prose: Prose) -> str:
    """The block as lines: ``~ framing`` or ``claim [n].``."""
    lines = []
    for sentence in prose.sentences:
        if sentence.kind == "framing":
            lines.append(f"{FRAMING_MARK} {sentence.text}")
        else:
            claim = render_sentence(sentence.model_copy(update={"lead": ""}))
            lines.append(f"{sentence.lead}{LEAD_MARK}{claim}" if sentence.lead else claim)
    return "\n".join(lines)


def text_to_sentences(text: str) -> list[Sentence]:
    """The sentences an analyst wrote, one per non-blank line, with their markers."""
    if len(text) > MAX_EDIT_CHARS:
        raise InvalidRequestError(
            f"text: {len(text)} characters; the limit is {MAX_EDIT_CHARS} for one section"
        )
    sentences = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(FRAMING_MARK):
            sentences.append(Sentence(text=line.lstrip(FRAMING_MARK).strip(), kind="framing"))
            continue
        lead, mark, rest = line.partition(LEAD_MARK)
        lead, line = (lead, rest) if mark else ("", line)
        numbers = [int(n) for n in _MARKER.findall(line)]
        clean = _MARKER.sub("", line).strip()
        if clean:
            cited = list(dict.fromkeys(numbers))
            sentences.append(Sentence(text=clean, citations=cited, lead=lead.strip()[:600]))
    if len(sentences) > MAX_SENTENCES:
        raise InvalidRequestError(f"text: {len(sentences)} sentences; the limit is {MAX_SENTENCES}")
    return sentences


def checked_edit(sentences: list[Sentence], numbers: set[int], field: str = "") -> list[Sentence]:
    """An edit as it may be saved, from the API, the editor or a matrix cell alike: control
    characters stripped (they break DOCX export), each sentence and the section within
    ``MAX_EDIT_CHARS``, and every cited ``[n]`` one of the paper's ``numbers``. Errors name
    ``field`` when given (a matrix cell's "text"), else the sentence."""
    cleaned = [
        s.model_copy(update={"text": " ".join(strip_control_chars(s.text).split())})
        for s in sentences
    ]
    for i, sentence in enumerate(cleaned, 1):
        where = field or f"sentence {i}"
        if len(sentence.text) > MAX_EDIT_CHARS:
            raise InvalidRequestError(
                f"{where}: {len(sentence.text):,} characters; the limit is {MAX_EDIT_CHARS:,}"
            )
        unknown = [n for n in sentence.citations if n not in numbers]
        if unknown:
            known = ", ".join(f"[{n}]" for n in sorted(numbers)) or "none"
            raise InvalidRequestError(
                f"{where}: citation [{unknown[0]}] is not one of this paper's ({known})"
            )
    total = sum(len(s.text) for s in cleaned)
    if total > MAX_EDIT_CHARS:
        raise InvalidRequestError(
            f"section: {total:,} characters; the limit is {MAX_EDIT_CHARS:,} for one section"
        )
    return cleaned
