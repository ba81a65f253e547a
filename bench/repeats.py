"""How often the paper-level repeat test (``service/papers/repeats.py``) fires, on two corpora.

For each corpus, every sentence is compared with every sentence of *other* documents (our
corpus) or other paragraphs (SQuAD 2.0 dev, "Normans" and "Rhine" articles, text nobody
here wrote: /work/shared/dev-sets/squad2-normans-rhine/, Rajpurkar et al. 2018, CC BY-SA
4.0). It prints how many pairs each rule flags and a sample of flagged pairs to judge by
eye, since neither corpus labels repeats. The ratio printed is flagged pairs per 1,000
compared pairs, so the two corpora can be set side by side.

    .venv/bin/python bench/repeats.py [--sample 12]
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
from service.papers.repeats import (
    NEAR_IDENTICAL_COSINE,
    SAME_FACTS_COSINE,
    fact_key,
    same_words,
)
from service.text.sentences import sentence_spans

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=6)
    args = parser.parse_args()
    embedder = LocalEmbeddings(Settings().resolved_embedding_model_path())
    measure("our corpus (corpus/*.md)", our_corpus(), embedder, args.sample)
    measure("SQuAD 2.0 dev: Normans, Rhine", squad(), embedder, args.sample)


if __name__ == "__main__":
    main()
