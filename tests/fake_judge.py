"""A FAKE support judge for the fake OpenAI server: what a strong model would answer to
``prompts/judge_support.txt`` on the contract's plain cases, decided by copies, negations
and word overlap (no model this small judges support; the tests are of the protocol, the
strict reading of verdicts and the fallback, not of a model's judgment).
"""

from __future__ import annotations

import json
import re

_NEGATION = re.compile(r"\b(?:not|never|no)\b|n't\b", re.I)


def judge_reply(prompt: str) -> str:
    """The JSON verdicts for the claims a judge prompt carries."""
    items = json.loads(prompt.split("Claims:\n", 1)[1].rsplit("\n\nVerdicts:", 1)[0])
    verdicts = [_verdict(item["id"], item["claim"], item["passages"]) for item in items]
    return json.dumps({"verdicts": verdicts})


def _verdict(ident: int, claim: str, passages: list[str]) -> dict[str, object]:
    if any(claim.strip() in p for p in passages):
        return {"id": ident, "label": "supported", "score": 0.95, "span": claim.strip()}
    sentences = [s for p in passages for s in re.split(r"(?<=[.!?])\s+", p) if s]
    best = max(sentences, key=lambda s: _overlap(claim, s), default="")
    if best and _overlap(claim, best) >= 0.6:
        if bool(_NEGATION.search(claim)) != bool(_NEGATION.search(best)):
            return {"id": ident, "label": "contradicted", "score": 0.05, "span": best}
        return {"id": ident, "label": "not_mentioned", "score": 0.3, "span": best}
    return {"id": ident, "label": "not_mentioned", "score": 0.05, "span": ""}


def _overlap(claim: str, sentence: str) -> float:
    words = set(re.findall(r"\w+", claim.lower()))
    return len(words & set(re.findall(r"\w+", sentence.lower()))) / max(len(words), 1)
