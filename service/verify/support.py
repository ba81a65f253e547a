"""Verify: is a sentence supported by the passage(s) it cites?

No NLI model ships for this machine, so support is decided from three signals,
calibrated on ``tests/data/verifier_pairs.jsonl`` (see ``bench/calibrate_verifier.py``):

* semantic similarity (MiniLM cosine) between the sentence and its best-matching
  window (one or two consecutive sentences) of the cited text;
* lexical coverage: the share of the sentence's content words found in the cited text;
* hard facts: every number, month, named entity and negation in the sentence must
  appear in the cited text, and a negation in the matching window must be kept;
* meaning: the sentence must not change what the matching window says (opposites,
  conditions, causes, sequence, modality, quantity, roles, attribution; see
  ``service/verify/meaning.py``).

The best-matching window is also the quote shown to the analyst.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from service.text.evidence import Passage, Quote
from service.text.sentences import window_spans
from service.verify.facts import extract_facts
from service.verify.meaning import meaning_changes
from service.verify.protocol import (
    SUPPORTED_SCORE,
    Claim,
    Judgment,
    SupportChecker,
    SupportLabel,
)
from service.verify.verdict import Verdict, missing_facts, token_coverage

# Calibrated on tests/data/verifier_pairs.jsonl; see README "Citation verification".
SEMANTIC_THRESHOLD = 0.72
COVERAGE_THRESHOLD = 0.60


@dataclass(frozen=True)
class _Window:
    passage: Passage
    start: int
    end: int
    text: str


class Verifier:
    """The rule-based support checker (``SupportChecker``): checks sentences against cited
    passages by similarity, coverage, hard facts and meaning changes; caches passage
    window embeddings."""

    name = "rules"

    def __init__(
        self,
        embedder: Embeddings,
        semantic_threshold: float = SEMANTIC_THRESHOLD,
        coverage_threshold: float = COVERAGE_THRESHOLD,
        cache_size: int = 4096,
        reader: SupportChecker | None = None,
        meaning_rules: bool = True,
    ) -> None:
        self.embedder = embedder
        # With a reading model (BRIEFING_SUPPORT_CHECKER=model) the model judges support in
        # place of the similarity and coverage thresholds; the hard facts (numbers, dates,
        # names, negation) still bind, and the meaning rules too unless switched off.
        self.reader = reader
        self.meaning_rules = meaning_rules
        self.semantic_threshold = semantic_threshold
        self.coverage_threshold = coverage_threshold
        self._cache: OrderedDict[str, tuple[list[_Window], np.ndarray]] = OrderedDict()
        self._cache_size = cache_size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        # Judgments read ahead in one batch (``read_ahead``), each waiting for its ``verify``.
        self._read: OrderedDict[_ClaimKey, Judgment] = OrderedDict()
        self._lock = threading.Lock()

    def read_ahead(self, claims: Sequence[Claim]) -> None:
        """Have the judge read ``claims`` in one batch before ``verify`` asks for each: the
        LLM judge then takes one request for what an answer asks together, not one per
        sentence. Each judgment, the fallback's too when the server failed (so a failing
        server is asked once, not again for each claim), answers the next ``verify`` of its
        claim, once. Nothing to do for the rules."""
        if self.reader is None:
            return
        with self._lock:
            todo = {_claim_key(c): c for c in claims if c.text.strip() and c.passages}
            todo = {key: c for key, c in todo.items() if key not in self._read}
        if not todo:
            return
        judged = self.reader.judge(list(todo.values()))
        with self._lock:
            self._read.update(zip(todo, judged, strict=True))
            while len(self._read) > self._cache_size:
                self._read.popitem(last=False)

    def _reading(self, claim: Claim) -> Judgment:
        """The judge's judgment of ``claim``: the one read ahead, else asked now."""
        assert self.reader is not None
        with self._lock:
            read = self._read.pop(_claim_key(claim), None)
        return read if read is not None else self.reader.judge([claim])[0]

    def verify(self, sentence: str, passages: Sequence[Passage]) -> Verdict:
        """Verdict for ``sentence`` against all of ``passages`` taken together."""
        if not passages or not sentence.strip():
            return Verdict(False, 0.0, 0.0, (), None)
        windows, vectors = self._windows(passages)
        query = self._sentence_vector(sentence)
        similarities = vectors @ query
        best = int(np.argmax(similarities))
        semantic = float(similarities[best])
        cited_text = "\n".join(p.text for p in passages)
        coverage = token_coverage(sentence, cited_text)
        claimed, cited = extract_facts(sentence), extract_facts(cited_text)
        # Numbers and months must sit in the quoted window itself: a passage often
        # holds several figures, and a swapped one would otherwise pass.
        quoted = extract_facts(windows[best].text)
        missing = missing_facts(claimed, cited, quoted)
        if claimed.negated != quoted.negated and not (claimed.negated and cited.negated):
            missing.append("negation")
        window = windows[best]
        checked = not missing and (self.reader is None or self.meaning_rules)
        changes = tuple(meaning_changes(sentence, window.text)) if checked else ()
        quote = Quote(
            window.passage,
            window.text,
            window.passage.doc_start + window.start,
            window.passage.doc_start + window.end,
        )
        reading = None
        if self.reader is None:
            supported = semantic >= self.semantic_threshold and coverage >= self.coverage_threshold
        else:
            reading = self._reading(Claim(sentence, tuple(passages)))
            supported, quote = reading.supported, reading.span or quote
        supported = supported and not missing and not changes
        return Verdict(supported, semantic, coverage, tuple(missing), quote, changes, reading)

    def judge(self, claims: Sequence[Claim]) -> list[Judgment]:
        """``SupportChecker``: one judgment per claim, from ``verify``."""
        if len(claims) > 1:
            self.read_ahead(claims)  # one batch for the judge, then each ``verify`` below
        return [self.judgment(self.verify(claim.text, claim.passages)) for claim in claims]

    def judgment(self, verdict: Verdict) -> Judgment:
        """A verdict as the protocol's judgment. The score is half the weaker signal's
        ratio to its threshold (so both thresholds met is 0.5), clipped to [0, 1]; a
        meaning change or a dropped negation is a contradiction (score 0), a missing
        fact or a weak match is "not mentioned" (below 0.5)."""
        ratio = min(
            verdict.semantic / self.semantic_threshold, verdict.coverage / self.coverage_threshold
        )
        score = min(max(ratio / 2, 0.0), 1.0)
        if verdict.supported:
            label: SupportLabel = "supported"
            score = max(score, SUPPORTED_SCORE)
        elif (
            verdict.changes
            or "negation" in verdict.missing
            or (
                # The model calls much that is merely unrelated a contradiction (SNLI's
                # captions teach it so); it counts only where the passage shares the
                # claim's words, i.e. speaks of the same thing.
                verdict.reading is not None
                and verdict.reading.label == "contradicted"
                and verdict.coverage >= self.coverage_threshold
            )
        ):
            label, score = "contradicted", 0.0
        else:
            label, score = "not_mentioned", min(score, SUPPORTED_SCORE - 0.01)
        return Judgment(label, score, verdict.kind, verdict.reason, verdict.quote)

    def idle_passages(self, sentence: str, passages: Sequence[Passage]) -> list[int]:
        """Indices of cited passages that do no work for a supported sentence: neither
        supporting it alone nor needed by the others (a citation added by hand to the
        wrong sentence). Empty when there is one passage or the sentence is unsupported."""
        if len(passages) < 2 or not self.verify(sentence, passages).supported:
            return []
        idle = []
        for i, passage in enumerate(passages):
            rest = [p for j, p in enumerate(passages) if j != i]
            alone = self.verify(sentence, [passage]).supported
            if not alone and self.verify(sentence, rest).supported:
                idle.append(i)
        return idle

    def _sentence_vector(self, sentence: str) -> np.ndarray:
        key = "sentence:" + sentence
        cached = self._vectors.get(key)
        if cached is None:
            cached = np.asarray(self.embedder.embed_query(sentence), dtype=np.float32)
            self._vectors[key] = cached
            if len(self._vectors) > self._cache_size:
                self._vectors.popitem(last=False)
        return cached

    def _windows(self, passages: Sequence[Passage]) -> tuple[list[_Window], np.ndarray]:
        fresh = self._embed_windows([p for p in passages if not self._holds(p)])
        windows: list[_Window] = []
        vectors: list[np.ndarray] = []
        for passage in passages:
            cached = fresh.get(passage) or self._cache[passage.key]
            self._cache[passage.key] = cached
            self._cache.move_to_end(passage.key)
            windows += cached[0]
            vectors.append(cached[1])
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return windows, np.vstack(vectors)

    def _holds(self, passage: Passage) -> bool:
        """Whether the windows of ``passage`` (this text under its key) are cached."""
        cached = self._cache.get(passage.key)
        return cached is not None and cached[0][0].passage.text == passage.text

    def _embed_windows(
        self, passages: Sequence[Passage]
    ) -> dict[Passage, tuple[list[_Window], np.ndarray]]:
        """The windows of ``passages`` with their vectors, embedded in one call: every call
        to the model costs a fixed overhead, and a claim is checked against several
        passages at once."""
        found: dict[Passage, list[_Window]] = {}
        for passage in passages:
            bounds = window_spans(passage.text)
            found[passage] = [_Window(passage, s, e, passage.text[s:e]) for s, e in bounds]
        texts = [w.text for windows in found.values() for w in windows]
        if not texts:
            return {}
        vectors = np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)
        embedded, start = {}, 0
        for passage, windows in found.items():
            embedded[passage] = (windows, vectors[start : start + len(windows)])
            start += len(windows)
        return embedded


_ClaimKey = tuple[str, tuple[tuple[str, str, int], ...]]


def _claim_key(claim: Claim) -> _ClaimKey:
    return claim.text, tuple((p.key, p.text, p.doc_start) for p in claim.passages)
