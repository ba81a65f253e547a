"""An LLM judge as a ``SupportChecker`` (``BRIEFING_SUPPORT_CHECKER=llm``): the model behind
the OpenAI-compatible backend reads claims and their passages in batches
(``prompts/judge_support.txt``) and answers with strict JSON verdicts
(``service.verify.verdicts``).

A server that fails (refused connection, timeout, an HTTP error, a reply that is not one
JSON object of verdicts) sends the whole batch to the fallback checker (the reading model,
or the rules where its files are missing); a verdict that is refused (a wrong label or key,
a score that disagrees with its label, a span not copied from the passages) sends its claim
there. Either is logged; neither is ever read as support.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from service.package_data import prompts_dir
from service.verify.protocol import Claim, Judgment, SupportChecker
from service.verify.verdicts import MalformedReply, read_reply

log = logging.getLogger(__name__)
PROMPT = "judge_support.txt"
# Room for one verdict with a two-sentence span, per claim of a batch.
TOKENS_PER_CLAIM = 200
_Key = tuple[str, tuple[tuple[str, str, int], ...]]


def render_claims(claims: Sequence[Claim]) -> str:
    """The batch as the prompt's JSON list (JSON, so no claim or passage can close its
    own item and open another)."""
    items = [
        {"id": i, "claim": c.text, "passages": [p.text for p in c.passages]}
        for i, c in enumerate(claims, start=1)
    ]
    return json.dumps(items, ensure_ascii=False, indent=1)


class LLMChecker:
    """Support judged by a chat model on an OpenAI-compatible endpoint."""

    name = "llm"

    def __init__(
        self,
        client: Any,
        model: str,
        fallback: SupportChecker,
        batch_size: int = 8,
        cache_size: int = 4096,
    ) -> None:
        # ``client``: an ``openai.OpenAI`` (its timeout and retries set by the caller).
        self.client = client
        self.model = model
        self.fallback = fallback
        self.batch_size = batch_size
        self.template = (prompts_dir() / PROMPT).read_text(encoding="utf-8")
        self._cache: OrderedDict[_Key, Judgment] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def judge(self, claims: Sequence[Claim]) -> list[Judgment]:
        """One judgment per claim; claims without text or passages are not mentioned,
        the rest go to the model ``batch_size`` at a time (each once: judgments are cached)."""
        out: dict[int, Judgment] = {}
        todo: list[int] = []
        for i, claim in enumerate(claims):
            cached = self._cached(claim)
            if not claim.text.strip() or not claim.passages:
                out[i] = Judgment("not_mentioned", 0.0, "weak", "no cited text to read", None)
            elif cached is not None:
                out[i] = cached
            else:
                todo.append(i)
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            judged = self._judge_batch([claims[i] for i in batch])
            out.update(zip(batch, judged, strict=True))
        return [out[i] for i in range(len(claims))]

    def _judge_batch(self, claims: list[Claim]) -> list[Judgment]:
        try:
            reading = read_reply(self._ask(claims), claims)
        except Exception as exc:  # any failure of the server or its reply: fall back
            log.warning("LLM judge failed (%s); the %s checker judges", exc, self.fallback.name)
            return self.fallback.judge(claims)
        if reading.refused or len(reading.judgments) < len(claims):
            missing = len(claims) - len(reading.judgments) - len(reading.refused)
            log.warning(
                "LLM judge: %d verdict(s) refused (%s), %d missing; the %s checker judges them",
                len(reading.refused),
                "; ".join(sorted(set(reading.refused.values()))) or "none",
                missing,
                self.fallback.name,
            )
        lacking = [i for i in range(1, len(claims) + 1) if i not in reading.judgments]
        stand_ins = self.fallback.judge([claims[i - 1] for i in lacking]) if lacking else []
        judged = dict(zip(lacking, stand_ins, strict=True))
        for ident, judgment in reading.judgments.items():
            judged[ident] = judgment
            self._remember(claims[ident - 1], judgment)
        return [judged[i] for i in range(1, len(claims) + 1)]

    def _ask(self, claims: list[Claim]) -> str:
        prompt = self.template.format(claims=render_claims(claims))
        reply = self.client.chat.completions.create(
            model=self.model,
            messages=[{"role": "user", "content": prompt}],
            temperature=0.0,
            max_tokens=TOKENS_PER_CLAIM * len(claims),
        )
        content = reply.choices[0].message.content if reply.choices else None
        if not isinstance(content, str):
            raise MalformedReply("the reply has no text")
        return content

    def _cached(self, claim: Claim) -> Judgment | None:
        with self._lock:
            return self._cache.get(_key(claim))

    def _remember(self, claim: Claim, judgment: Judgment) -> None:
        with self._lock:
            self._cache[_key(claim)] = judgment
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)


def _key(claim: Claim) -> _Key:
    return claim.text, tuple((p.key, p.text, p.doc_start) for p in claim.passages)


def openai_client(base_url: str, api_key: str, timeout_s: float) -> Any:
    """An ``openai.OpenAI`` client that gives up after ``timeout_s`` with no retry (the
    fallback checker answers instead of a second wait)."""
    from openai import OpenAI

    return OpenAI(base_url=base_url, api_key=api_key, timeout=timeout_s, max_retries=0)
