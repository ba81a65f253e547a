"""How often the paper-level repeat test (``service/papers/repeats.py``) fires, on two corpora;
and the near-duplicate claim pairs of a drafted paper (``paper_near_duplicates``).

For each corpus, every sentence is compared with every sentence of *other* documents (our
corpus) or other paragraphs (SQuAD 2.0 dev, "Normans" and "Rhine" articles, text nobody
here wrote: /work/shared/dev-sets/squad2-normans-rhine/, Rajpurkar et al. 2018, CC BY-SA
4.0). It prints how many pairs each rule flags and a sample of flagged pairs to judge by
eye, since neither corpus labels repeats. The ratio printed is flagged pairs per 1,000
compared pairs, so the two corpora can be set side by side.

    .venv/bin/python bench/repeats.py [--sample 12]

The per-paper metric does not reuse the ledger's rule: counting only the pairs that rule
flags measured the rule against itself, so every restatement it lets through (two
sentences of the same demand in different words and without a shared number) counted as
no repeat. Here a pair of claims is a near-duplicate when their embeddings are nearly the
same (``PAPER_COSINE``) or, among pairs at least ``CANDIDATE_COSINE`` close, when the
reading model reads one as stating the other (P(entailment) >= ``PAPER_ENTAILS``, either
way). Read by eye on the summit tasking's paper before issue 31's change (92 claims): of
the 11 pairs flagged, 7 restate a claim ("Japan demands the immediate return of every
abductee ..." / "Japan wants every abductee returned ..."); 4 are neighbours (two burial
sites, two home visits, two Red Cross contacts, the Declaration's scope and Japan's
reading of it). Entailment alone, at cosine 0.5, flagged 58 pairs, mostly
neighbours: the model reads one topical sentence as entailing another.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.corpus.load import FRONT_MATTER
from service.papers.blocks import prose_paths
from service.papers.paper import Paper
from service.papers.repeats import (
    NEAR_IDENTICAL_COSINE,
    SAME_FACTS_COSINE,
    fact_key,
    same_words,
)
from service.text.sentences import sentence_spans
from service.verify.reader import ReadingModel

REPO = Path(__file__).resolve().parent.parent
SQUAD = Path("/work/shared/dev-sets/squad2-normans-rhine/dev-v2.0-subset.json")


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text) if len(text[s:e]) >= 40
            and not text[s:e].startswith("#")]  # fmt: skip


def our_corpus() -> list[tuple[str, str]]:
    """(document, sentence) for every sentence of corpus/*.md."""
    rows = []
    for path in sorted((REPO / "corpus").glob("*.md")):
        raw = path.read_text(encoding="utf-8")
        body = raw[FRONT_MATTER.match(raw).end() :]  # type: ignore[union-attr]
        rows += [(path.name, s) for s in _sentences(re.sub(r"^#.*$", "", body, flags=re.M))]
    return rows


def squad() -> list[tuple[str, str]]:
    """(article/paragraph, sentence) for the SQuAD subset."""
    data = json.loads(SQUAD.read_text(encoding="utf-8"))["data"]
    return [(f"{a['title']}/{i}", s) for a in data for i, p in enumerate(a["paragraphs"])
            for s in _sentences(p["context"])]  # fmt: skip


def measure(name: str, rows: list[tuple[str, str]], embedder: LocalEmbeddings, sample: int) -> None:
    texts = [s for _, s in rows]
    vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
    by_facts: dict[object, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        key = fact_key(text)
        if any(key):
            by_facts[key].append(i)
    flagged: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for group in by_facts.values():
        for i, j in combinations(group, 2):
            if rows[i][0] == rows[j][0]:
                continue
            cosine = float(vectors[i] @ vectors[j])
            if cosine >= SAME_FACTS_COSINE:
                flagged["same facts, close meaning"].append((i, j))
            elif same_words(texts[i], texts[j]):
                flagged["same facts, same words"].append((i, j))
    near = np.argwhere(np.triu(vectors @ vectors.T, 1) >= NEAR_IDENTICAL_COSINE)
    flagged["near-identical"] = [(int(i), int(j)) for i, j in near if rows[i][0] != rows[j][0]]
    pairs = len(rows) * (len(rows) - 1) // 2
    print(f"\n== {name}: {len(rows)} sentences, {pairs:,} pairs")
    for rule, found in flagged.items():
        print(f"{rule:28} {len(found):6d} pairs, {1000 * len(found) / pairs:.3f} per 1,000")
        for i, j in random.Random(0).sample(found, min(sample, len(found))):
            print(f"   - {texts[i][:110]}\n     {texts[j][:110]}")


PAPER_COSINE = 0.9
CANDIDATE_COSINE = 0.75
PAPER_ENTAILS = 0.5


def paper_claims(paper: Paper) -> list[str]:
    """Every claim of the paper's prose, in reading order (a claim used twice, twice)."""
    return [s.text for prose in prose_paths(paper).values() for s in prose.claims]


def paper_near_duplicates(
    claims: list[str], embedder: LocalEmbeddings, reader: ReadingModel
) -> list[tuple[str, str]]:
    """The pairs of ``claims`` that restate each other (see the module's docstring)."""
    if len(claims) < 2:
        return []
    vectors = np.asarray(embedder.embed_documents(claims), dtype=np.float32)
    cosines = vectors @ vectors.T
    close = [(i, j) for i, j in combinations(range(len(claims)), 2)
             if cosines[i, j] >= CANDIDATE_COSINE]  # fmt: skip
    pairs = [(claims[i], claims[j]) for i, j in close] + [(claims[j], claims[i]) for i, j in close]
    entails = reader.entailment(pairs) if pairs else np.zeros(0)
    found = []
    for k, (i, j) in enumerate(close):
        either = max(entails[k], entails[k + len(close)])
        if cosines[i, j] >= PAPER_COSINE or either >= PAPER_ENTAILS:
            found.append((claims[i], claims[j]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=6)
    args = parser.parse_args()
    embedder = LocalEmbeddings(Settings().resolved_embedding_model_path())
    measure("our corpus (corpus/*.md)", our_corpus(), embedder, args.sample)
    measure("SQuAD 2.0 dev: Normans, Rhine", squad(), embedder, args.sample)


if __name__ == "__main__":
    main()
