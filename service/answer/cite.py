"""Cite: split generated text into sentences, resolve ``[n]`` markers, verify each sentence.

A sentence is kept only when the passages it cites support it. When its own
markers fail (or it has none), each retrieved passage is tried alone and the one
that supports it is cited instead; the sentence is never shown unchecked.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from service.answer.numbered import NumberedPassage
from service.corpus.instructions import is_instruction_like
from service.text.evidence import Citation
from service.text.sentences import opens_with_reference, sentence_spans
from service.verify.protocol import Claim
from service.verify.support import Verifier
from service.verify.verdict import Verdict

log = logging.getLogger(__name__)

_MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# "claim. [2]" -> "claim [2]." so a marker stays with the sentence before it.
_MARKER_AFTER_STOP = re.compile(r"([.!?。！？])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")


@dataclass(frozen=True)
class CheckedSentence:
    """A sentence with the citations that support it (empty when unsupported)."""

    text: str
    citations: list[int]
    supported: bool
    reason: str = ""
    repaired: bool = False

    def as_json(self) -> dict[str, Any]:
        """The public JSON shape of a sentence."""
        return {"text": self.text, "citations": self.citations, "supported": self.supported}


@dataclass
class CitedText:
    """Checked sentences plus the citations they use, numbered as in the prompt."""

    sentences: list[CheckedSentence] = field(default_factory=list)
    citations: dict[int, Citation] = field(default_factory=dict)

    @property
    def supported(self) -> list[CheckedSentence]:
        """Only the sentences that passed verification."""
        return [s for s in self.sentences if s.supported]


def normalise_markers(text: str) -> str:
    """Move markers written after a full stop in front of it (``a. [1]`` -> ``a [1].``)."""
    return _MARKER_AFTER_STOP.sub(r"\2\1", text)


def parse_markers(text: str, limit: int) -> list[tuple[str, list[int]]]:
    """``(sentence without markers, [n, ...])`` for each sentence; out-of-range ``n`` dropped."""
    parsed = []
    text = normalise_markers(text)
    for start, end in sentence_spans(text):
        raw = text[start:end]
        numbers = [int(n) for group in _MARKERS.findall(raw) for n in re.split(r"[,;]", group)]
        valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= limit]
        if len(valid) < len(set(numbers)):
            log.warning(
                "dropped out-of-range citation markers %s (have %d passages)",
                sorted(set(numbers) - set(valid)),
                limit,
            )
        clean = _MARKERS.sub("", raw).strip()
        if clean and any(ch.isalnum() for ch in clean):
            parsed.append((clean, valid))
    return parsed


def check_sentence(
    sentence: str, markers: list[int], passages: list[NumberedPassage], verifier: Verifier
) -> tuple[CheckedSentence, dict[int, Citation]]:
    """Verify one sentence against its markers, repairing the citation if another passage fits.

    Only passages that are needed are cited: a passage that supports the sentence
    alone wins; a joint citation keeps just the passages whose removal breaks support.
    """
    by_n = {p.n: p for p in passages}
    found = _best_single(sentence, [by_n[n] for n in markers], verifier)
    if found is None and len(markers) > 1:
        found = _minimal_joint(sentence, markers, by_n, verifier)
    if found is not None:
        return _accepted(sentence, found[0], found[1], by_n, repaired=False)
    others = [p for p in passages if p.n not in markers]
    verifier.read_ahead([Claim(sentence, (p.passage,)) for p in others])  # one batch
    repaired = _best_single(sentence, others, verifier)
    if repaired is not None:
        return _accepted(sentence, repaired[0], repaired[1], by_n, repaired=True)
    reason = verifier.verify(sentence, [p.passage for p in passages]).reason
    return CheckedSentence(sentence, [], False, reason), {}


def claim_sentences(text: str, passages: list[NumberedPassage]) -> list[tuple[str, list[int]]]:
    """The sentences of ``text`` with their markers (``parse_markers``), less a document's
    order to a model, which states no fact."""
    parsed = parse_markers(text, len(passages))
    return [
        (sentence, markers) for sentence, markers in parsed if not is_instruction_like(sentence)
    ]


def read_ahead(
    sentences: list[tuple[str, list[int]]], passages: list[NumberedPassage], verifier: Verifier
) -> None:
    """What ``check_sentence`` asks first of each of ``sentences`` (``parse_markers``),
    read by the verifier's judge in one batch: the sentence against each passage it cites,
    against them together when it cites several, and against each passage when it cites
    none."""
    by_n = {p.n: p.passage for p in passages}
    claims = []
    for sentence, markers in sentences:
        cited = [by_n[n] for n in markers]
        claims += [Claim(sentence, (p,)) for p in cited or list(by_n.values())]
        if len(cited) > 1:
            claims.append(Claim(sentence, tuple(cited)))
    verifier.read_ahead(claims)


def _best_single(
    sentence: str, candidates: list[NumberedPassage], verifier: Verifier
) -> tuple[list[int], Verdict] | None:
    best: tuple[list[int], Verdict] | None = None
    for p in candidates:
        verdict = verifier.verify(sentence, [p.passage])
        if verdict.supported and (best is None or verdict.semantic > best[1].semantic):
            best = ([p.n], verdict)
    return best


def _minimal_joint(
    sentence: str, markers: list[int], by_n: dict[int, NumberedPassage], verifier: Verifier
) -> tuple[list[int], Verdict] | None:
    kept = list(markers)
    verdict = verifier.verify(sentence, [by_n[n].passage for n in kept])
    if not verdict.supported:
        return None
    for n in list(markers):
        rest = [m for m in kept if m != n]
        trial = verifier.verify(sentence, [by_n[m].passage for m in rest]) if rest else None
        if trial is not None and trial.supported:
            kept, verdict = rest, trial
    return kept, verdict


def check_text(text: str, passages: list[NumberedPassage], verifier: Verifier) -> CitedText:
    """Every sentence of ``text`` checked; citations collected for the supported ones."""
    result = CitedText()
    parsed = parse_markers(text, len(passages))
    read_ahead(parsed, passages, verifier)
    for sentence, markers in parsed:
        checked, citations = check_sentence(sentence, markers, passages, verifier)
        result.sentences.append(checked)
        result.citations.update(citations)
    return result


def _accepted(
    sentence: str,
    numbers: list[int],
    verdict: Verdict,
    by_n: dict[int, NumberedPassage],
    repaired: bool,
) -> tuple[CheckedSentence, dict[int, Citation]]:
    citations = {}
    for n in numbers:
        hit = by_n[n].hit
        quote = verdict.quote
        if quote is None or quote.passage.key != hit.chunk_id:
            # A jointly cited passage: quote the whole chunk.
            text, start, end = hit.text, hit.start, hit.end
        else:
            text, start, end = with_referent(hit.text, hit.start, quote.start, quote.end)
        citations[n] = Citation(
            n=n,
            source=hit.source,
            doc_id=hit.doc_id,
            chunk_id=hit.chunk_id,
            title=hit.title,
            date=hit.date,
            quote=text,
            start=start,
            end=end,
            source_status=hit.source_status,
        )
    return CheckedSentence(sentence, numbers, True, "supported", repaired), citations


def with_referent(chunk: str, chunk_start: int, start: int, end: int) -> tuple[str, int, int]:
    """The quote ``[start, end)`` (document offsets) of a chunk that starts at
    ``chunk_start``; one that opens with a reference ("He feared ...", "On the same day,
    ...") also shows the sentence or heading before it in the chunk, what it refers to."""
    local = start - chunk_start
    if opens_with_reference(chunk[local : end - chunk_start]):
        before = [s for s, e in sentence_spans(chunk) if e <= local]
        if before:
            local = before[-1]
    return chunk[local : end - chunk_start], chunk_start + local, end
