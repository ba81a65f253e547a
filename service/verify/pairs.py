"""Check any sentence against any passage text: the core of ``briefing check`` and
``POST /api/check``, the same verifier the answers and drafts use."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.errors import InvalidRequestError, first_problem
from service.text.evidence import Passage
from service.verify.support import Verifier

MAX_SENTENCE_CHARS = 2_000
MAX_PASSAGE_CHARS = 20_000
MAX_PAIRS = 1_000


class CheckPair(BaseModel):
    """One sentence and the passage text it should be supported by."""

    model_config = ConfigDict(extra="forbid")

    sentence: str = Field(min_length=1, max_length=MAX_SENTENCE_CHARS)
    passage: str = Field(min_length=1, max_length=MAX_PASSAGE_CHARS)


def check(verifier: Verifier, pair: CheckPair) -> dict[str, Any]:
    """``{"supported", "reason", "kind"}`` for one pair (``kind`` is None when supported)."""
    if not pair.sentence.strip() or not pair.passage.strip():
        raise InvalidRequestError("sentence and passage must not be blank")
    key = "check:" + hashlib.sha256(pair.passage.encode()).hexdigest()
    verdict = verifier.verify(pair.sentence, [Passage(key, pair.passage)])
    return {"supported": verdict.supported, "reason": verdict.reason, "kind": verdict.kind}


def check_all(verifier: Verifier, pairs: Iterable[CheckPair]) -> list[dict[str, Any]]:
    """One result per pair, in order."""
    return [check(verifier, pair) for pair in pairs]


def parse_pairs_jsonl(text: str, name: str) -> list[CheckPair]:
    """The pairs of a JSON-lines file; a bad line is named by number and field."""
    pairs = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            pairs.append(CheckPair.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InvalidRequestError(f"{name}: line {number}: not JSON ({exc.msg})") from exc
        except ValidationError as exc:
            field, message = first_problem(exc)
            raise InvalidRequestError(
                f"{name}: line {number}: field '{field or 'line'}': {message}"
            ) from exc
        if len(pairs) > MAX_PAIRS:
            raise InvalidRequestError(f"{name}: more than {MAX_PAIRS} pairs")
    if not pairs:
        raise InvalidRequestError(f"{name}: no pairs (one JSON object per line)")
    return pairs
