"""Build the labelled meaning pairs reproducibly from two corpora.

* ours: every paragraph of ``corpus/*.md`` (front matter removed);
* not ours: the paragraphs of the SQuAD 2.0 dev subset "Normans" and "Rhine"
  (/work/shared/dev-sets/squad2-normans-rhine/, Rajpurkar, Jia and Liang 2018,
  CC BY-SA 4.0; the attribution travels with every pair in its ``source``).

For each paragraph (the passage, at most 6 sentences around the source sentence)
each perturbation of ``bench/perturb.py`` is tried on its sentences; faithful pairs
are numbers written as words, a leading phrase moved to the end, and two
consecutive sentences joined into one. A fixed seed picks at most ``PER_KIND`` pairs
of each kind per corpus, spread over documents. Pairs are split into calibration and
held-out halves by their source sentence, so a sentence's variants never straddle
the halves.

    .venv/bin/python bench/build_meaning_pairs.py   # writes tests/data/meaning_pairs.jsonl
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from perturb import CHANGES, FAITHFUL

from service.text.sentences import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "meaning_pairs.jsonl"
SQUAD = Path("/work/shared/dev-sets/squad2-normans-rhine/dev-v2.0-subset.json")
SQUAD_SOURCE = "SQuAD 2.0 dev (Rajpurkar, Jia and Liang 2018; CC BY-SA 4.0): "
PER_KIND = {"ours": 16, "squad": 8}
SEED = 15


def corpus_paragraphs() -> list[tuple[str, str]]:
    """``(source, paragraph)`` for every prose paragraph of corpus/*.md."""
    found = []
    for path in sorted((ROOT / "corpus").glob("*.md")):
        body = re.split(r"^---$", path.read_text(encoding="utf-8"), flags=re.M)[-1]
        for paragraph in body.split("\n\n"):
            paragraph = paragraph.strip()
            if paragraph and not paragraph.startswith(("#", "|", "-", "*", ">")):
                found.append((f"corpus/{path.name}", paragraph))
    return found


def squad_paragraphs() -> list[tuple[str, str]]:
    """``(source, paragraph)`` for the SQuAD subset's contexts (empty if absent)."""
    if not SQUAD.exists():
        return []
    data = json.loads(SQUAD.read_text(encoding="utf-8"))["data"]
    return [
        (SQUAD_SOURCE + article["title"], p["context"])
        for article in data
        for p in article["paragraphs"]
    ]


def _sentences(paragraph: str) -> list[str]:
    spans = sentence_spans(paragraph)
    return [paragraph[s:e] for s, e in spans if 6 <= len(paragraph[s:e].split()) <= 45]


def _passage(sentences: list[str], i: int) -> str:
    lo = max(0, min(i - 2, len(sentences) - 6))
    return " ".join(sentences[lo : lo + 6])


def candidates(paragraphs: list[tuple[str, str]], rng: random.Random) -> dict[str, list[dict]]:
    """Every applicable perturbation of every sentence, grouped by kind."""
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for source, paragraph in paragraphs:
        sentences = _sentences(paragraph)
        for i, sentence in enumerate(sentences):
            passage = _passage(sentences, i)
            base = {"source": source, "passage": passage, "original": sentence}
            for kind, change in CHANGES.items():
                changed = change(sentence, passage, rng)
                if changed and changed != sentence and changed not in passage:
                    pair = {**base, "sentence": changed, "label": False, "kind": kind}
                    by_kind[kind].append(pair)
            for kind, keep in FAITHFUL.items():
                kept = keep(sentence, passage, rng)
                if kept and kept != sentence:
                    by_kind[kind].append({**base, "sentence": kept, "label": True, "kind": kind})
            if i + 1 < len(sentences) and sentences[i + 1][0].isupper():
                nxt = sentences[i + 1]
                first_word = nxt.split()[0]
                # Lower-case the second sentence's first word unless it is a name.
                common = re.search(rf"\b{re.escape(first_word.lower())}\b", paragraph)
                second = nxt[0].lower() + nxt[1:] if common else nxt
                joined = sentence.rstrip(".") + ", and " + second
                by_kind["joined"].append(
                    {**base, "passage": _passage(sentences, i), "sentence": joined,
                     "label": True, "kind": "joined"}
                )  # fmt: skip
    return by_kind


def pick(by_kind: dict[str, list[dict]], per_kind: int, rng: random.Random) -> list[dict]:
    """At most ``per_kind`` pairs of each kind, one document at a time round-robin."""
    chosen = []
    for kind in sorted(by_kind):
        by_source: dict[str, list[dict]] = defaultdict(list)
        for pair in by_kind[kind]:
            by_source[pair["source"]].append(pair)
        pools = [rng.sample(v, len(v)) for _, v in sorted(by_source.items())]
        rng.shuffle(pools)
        taken: list[dict] = []
        while len(taken) < per_kind and any(pools):
            for pool in pools:
                if pool and len(taken) < per_kind:
                    taken.append(pool.pop())
        chosen += taken
    return chosen


def split_of(pair: dict) -> str:
    """Calibration or held-out, by a hash of the source sentence."""
    digest = hashlib.sha256(pair["original"].encode()).digest()[0]
    return "calibration" if digest % 2 == 0 else "held-out"


def main() -> None:
    rng = random.Random(SEED)
    pairs = []
    for corpus, paragraphs in (("ours", corpus_paragraphs()), ("squad", squad_paragraphs())):
        for pair in pick(candidates(paragraphs, rng), PER_KIND[corpus], rng):
            pairs.append({**pair, "corpus": corpus, "split": split_of(pair)})
    with OUT.open("w", encoding="utf-8") as out:
        for n, pair in enumerate(pairs, 1):
            record = {"id": f"m{n:03d}", **{k: v for k, v in pair.items() if k != "original"}}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for pair in pairs:
        counts[(pair["corpus"], pair["split"])] += 1
    print(f"{len(pairs)} pairs written to {OUT.relative_to(ROOT)}: {dict(counts)}")


if __name__ == "__main__":
    main()
