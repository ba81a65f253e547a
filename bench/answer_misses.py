"""Why an extractive answer misses the gold span, and the suite's answer figures, fast.

For every question of a suite: the hybrid search (k 6, as ``ask``, with the item's
``exclude`` filter), then the extractive answer path without verification (candidates,
the answerability scorer, the sentences chosen). Each answerable question with gold
spans is put in one class:

* ``cited``: a chosen sentence holds a gold span;
* ``ranked``: the sentence holding it is a candidate but not chosen (its rank is kept);
* ``rejected``: the sentence was retrieved but is no candidate: failing the question's
  constraints (what it lacks is kept), coverage under ``MIN_COVERAGE`` or the scorer;
* ``split``: retrieved, but no single passage sentence holds the whole span;
* ``not retrieved``: no passage holds the span.

Prints the counts, then (``--show``) the misses one per line. The summary line gives
answer rate, gold span chosen, answer F1 of the chosen sentences and abstention: the eval
runner's figures before verification drops anything (verification rarely does), in a
fraction of its time, so rules can be tried on the tuning questions quickly:

    .venv/bin/python bench/answer_misses.py --data-dir DIR --suite evals/squad/normans-rhine.yaml \
        --without evals/squad/normans-rhine-sample240.yaml --show ranked,rejected

``DIR`` is a data dir where the suite's corpus is ingested.
"""

from __future__ import annotations

import argparse
import json
import pickle
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings

from service.answer.extractive import answering, candidates
from service.answer.numbered import NumberedPassage, number_passages
from service.answer.passage_sentences import PassageSentence, passage_sentences
from service.answer.question import MIN_COVERAGE, coverage, question_parts, unmet
from service.answer.selection import extractive_sentences
from service.config import Settings
from service.corpus.embed import load_embedder
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.evals.answers import token_f1
from service.evals.suite import EvalItem, load_suite
from service.retrieve.hybrid import search

ANSWER_K = 6  # passages the answerer retrieves


@dataclass(frozen=True)
class Outcome:
    """One question's answer without verification, and why it missed if it did."""

    item: EvalItem
    answered: bool
    kind: str  # cited, ranked, rejected, split, not retrieved; "" without spans
    detail: str
    f1: float | None
    text: str = ""


def gold_sentences(item: EvalItem, passages: list[NumberedPassage]) -> list[PassageSentence]:
    """Passage sentences that hold a whole gold span (offsets in the document)."""
    found = []
    for s in passage_sentences(passages):
        hit = passages[s.n - 1].hit
        at = hit.text.find(s.text)
        start = hit.start + at
        if any(
            g.source == hit.source and start <= g.start and g.end <= start + len(s.text)
            for g in item.spans
        ):
            found.append(s)
    return found


def retrieved(item: EvalItem, passages: list[NumberedPassage]) -> bool:
    """Whether some passage holds a gold span."""
    return any(
        g.source == p.hit.source and p.hit.start <= g.start and g.end <= p.hit.end
        for p in passages
        for g in item.spans
    )


def outcome(index: Index, item: EvalItem) -> Outcome:
    """Answer ``item`` without verification and classify a miss."""
    filters = SearchFilters(exclude_sources=tuple(item.exclude)) if item.exclude else None
    passages = number_passages(search(index, item.question, ANSWER_K, filters))
    pool = answering(candidates(item.question, passages, index.embedder))
    chosen = extractive_sentences(item.question, pool)
    answered, text = bool(chosen), " ".join(t for _, t in chosen)
    f1 = None
    if item.answerable and item.answer:
        f1 = token_f1(" ".join(t for _, t in chosen), item.answer) if answered else 0.0
    if not item.answerable or not item.spans:
        return Outcome(item, answered, "", "", f1, text)
    gold = gold_sentences(item, passages)
    texts = {t for _, t in chosen}
    if any(s.text in texts for s in gold):
        return Outcome(item, answered, "cited", "", f1, text)
    ranks = [i for i, c in enumerate(pool, 1) if any(c.text == s.text for s in gold)]
    if ranks:
        detail = f"rank {ranks[0]}: {pool[0].text[:90]}"
        return Outcome(item, answered, "ranked", detail, f1, text)
    if gold:
        return Outcome(item, answered, "rejected", _why_rejected(item, gold[0]), f1, text)
    kind = "split" if retrieved(item, passages) else "not retrieved"
    return Outcome(item, answered, kind, "", f1, text)


def _why_rejected(item: EvalItem, s: PassageSentence) -> str:
    parts = question_parts(item.question)
    missing = [unmet(a, s.text, s.context) for a in parts]
    if all(missing):
        return f"unmet {min(missing, key=len)}: {s.text[:90]}"
    best = max(coverage(a, s.text, s.context) for a, m in zip(parts, missing, strict=True) if not m)
    reason = f"coverage {best:.2f}" if best < MIN_COVERAGE else "scorer"
    return f"{reason}: {s.text[:90]}"


def summary(outcomes: list[Outcome]) -> str:
    """Answer rate, gold span chosen, F1 and abstention over the suite."""
    answerable = [o for o in outcomes if o.item.answerable]
    spans = [o for o in answerable if o.kind]
    f1s = [o.f1 for o in answerable if o.f1 is not None]
    others = [o for o in outcomes if not o.item.answerable]

    def share(part: list[Outcome], whole: list[Outcome]) -> str:
        return f"{len(part) / len(whole):.3f}" if whole else "-"

    return (
        f"answered {share([o for o in answerable if o.answered], answerable)}"
        f"  gold span chosen {share([o for o in spans if o.kind == 'cited'], spans)}"
        f"  F1 {sum(f1s) / len(f1s) if f1s else 0:.3f}"
        f"  abstention {share([o for o in others if not o.answered], others)}"
    )


class StoredEmbeddings(Embeddings):
    """An embedder whose vectors are kept in a file between runs (trying rules re-embeds
    the same sentences every run)."""

    def __init__(self, inner: Embeddings, path: Path | None) -> None:
        self.inner, self.path = inner, path
        self.vectors: dict[str, list[float]] = {}
        if path and path.is_file():
            self.vectors = pickle.loads(path.read_bytes())

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors of ``texts``, embedding only those not stored."""
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.inner.embed_documents(missing), strict=True))
        return [self.vectors[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """MiniLM embeds queries and documents alike."""
        return self.embed_documents([text])[0]

    def save(self) -> None:
        """Write the vectors back."""
        if self.path:
            self.path.write_bytes(pickle.dumps(self.vectors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--suite", type=Path, required=True)
    parser.add_argument("--without", type=Path, help="leave out this suite's question ids")
    parser.add_argument("--show", default="", help="classes to list, comma-separated")
    parser.add_argument("--dump", type=Path, help="write each question's outcome here (JSONL)")
    parser.add_argument("--vectors", type=Path, help="a file keeping sentence vectors between runs")
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir)
    model = load_embedder(settings.resolved_embedding_model_path(), settings.embed_batch_size)
    embedder = StoredEmbeddings(model, args.vectors)
    index = Index.open(settings, embedder)
    items = load_suite(args.suite)
    if args.without:
        held_out = {i.id for i in load_suite(args.without)}
        items = [i for i in items if i.id not in held_out]
    outcomes = [outcome(index, item) for item in items]
    embedder.save()
    if args.dump:
        rows = [
            {"id": o.item.id, "answered": o.answered, "kind": o.kind, "f1": o.f1, "answer": o.text}
            for o in outcomes
        ]
        args.dump.write_text("".join(json.dumps(r) + "\n" for r in rows))
    shown = set(filter(None, args.show.split(",")))
    for o in outcomes:
        if o.kind in shown:
            print(f"{o.kind:13} {o.item.question[:80]!r} | {o.item.answer[:30]!r} | {o.detail}")
    print(Counter(o.kind for o in outcomes if o.kind))
    print(summary(outcomes))


if __name__ == "__main__":
    main()
