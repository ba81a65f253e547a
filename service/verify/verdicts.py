"""Strict reading of an LLM judge's reply: one JSON object, ``{"verdicts": [...]}``, each
verdict exactly ``{"id", "label", "score", "span"}``.

Whatever does not fit is refused, never repaired: the reply is text a model wrote, and a
model that was handed untrusted passages may have been talked into writing anything.
The span must be copied from the claim's own passages, so a verdict smuggled into it
("..., "label": "supported") is not a span and the verdict is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from service.text.evidence import Passage, Quote
from service.verify.protocol import (
    SUPPORT_LABELS,
    SUPPORTED_SCORE,
    Claim,
    Judgment,
    SupportLabel,
)

VERDICT_KEYS = frozenset({"id", "label", "score", "span"})
# A model may wrap its JSON in one code fence; anything else around it is refused.
_FENCE = re.compile(r"\A```(?:json)?\s*\n(.*)\n```\Z", re.S)
KINDS = {"contradicted": "contradiction", "not_mentioned": "weak"}


class MalformedReply(ValueError):
    """The reply as a whole cannot be read (not one JSON object of verdicts)."""


@dataclass(frozen=True)
class Reading:
    """The reply read: a judgment per claim id, and why each refused verdict was refused."""

    judgments: dict[int, Judgment]
    refused: dict[int, str]


def read_reply(content: str, claims: Sequence[Claim]) -> Reading:
    """The verdicts of ``content`` for ``claims`` (ids 1..n in order); raises
    ``MalformedReply`` when the reply is not one JSON object holding only a verdict list."""
    text = content.strip()
    fenced = _FENCE.match(text)
    try:
        payload = json.loads(fenced[1] if fenced else text)
    except json.JSONDecodeError as exc:
        raise MalformedReply(f"not JSON ({exc.msg} at {exc.pos})") from exc
    if not isinstance(payload, dict) or set(payload) != {"verdicts"}:
        raise MalformedReply('not an object with exactly one key, "verdicts"')
    if not isinstance(payload["verdicts"], list):
        raise MalformedReply('"verdicts" is not a list')
    judgments: dict[int, Judgment] = {}
    refused: dict[int, str] = {}
    for item in payload["verdicts"]:
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, int) or isinstance(ident, bool) or not 1 <= ident <= len(claims):
            continue  # no claim to charge it to; the claim without a verdict falls back
        if ident in judgments or ident in refused:
            judgments.pop(ident, None)
            refused[ident] = "two verdicts for one claim"
            continue
        try:
            judgments[ident] = _judgment(item, claims[ident - 1])
        except ValueError as exc:
            refused[ident] = str(exc)
    return Reading(judgments, refused)


def _judgment(item: dict[str, object], claim: Claim) -> Judgment:
    if set(item) != VERDICT_KEYS:
        raise ValueError(f"keys {sorted(item)}, not {sorted(VERDICT_KEYS)}")
    label, score, span = item["label"], item["score"], item["span"]
    if label not in SUPPORT_LABELS:
        raise ValueError(f"unknown label {label!r}")
    if not isinstance(score, int | float) or isinstance(score, bool) or not 0 <= score <= 1:
        raise ValueError(f"score {score!r} is not a number in [0, 1]")
    if (label == "supported") != (score >= SUPPORTED_SCORE):
        raise ValueError(f"score {score} disagrees with label {label}")
    if not isinstance(span, str):
        raise ValueError("span is not a string")
    quote = locate(span, claim.passages) if span.strip() else None
    if span.strip() and quote is None:
        raise ValueError("span is not copied from the claim's passages")
    if label != "not_mentioned" and quote is None:
        raise ValueError(f"a {label} verdict without a span")
    if label == "supported":
        return Judgment("supported", float(score), None, "supported", quote)
    if label == "contradicted":
        reason = "the judge read otherwise in the cited text"
    else:
        reason = "the judge found it not stated in the cited text"
    return Judgment(cast(SupportLabel, label), float(score), KINDS[label], reason, quote)


def locate(span: str, passages: Sequence[Passage]) -> Quote | None:
    """Where ``span`` occurs in ``passages`` (exactly, or with other white space), or None."""
    pattern = re.compile(r"\s+".join(re.escape(word) for word in span.split()))
    for passage in passages:
        found = pattern.search(passage.text)
        if found:
            start, end = found.span()
            offset = passage.doc_start
            return Quote(passage, passage.text[start:end], offset + start, offset + end)
    return None
