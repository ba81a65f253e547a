"""How long checking one sentence against 6 passages takes once the passages are embedded.

Takes 40 groups of 6 consecutive chunks of corpus/*.md text (about 1,000 characters
each, as ingest makes them), embeds each group's windows once (the Verifier's cache),
then checks a new sentence against the group: jointly (one ``verify`` call over the
6 passages) and one passage at a time (6 calls, as citation repair does). The
baseline in the same run is the sentence embedding alone (``embed_query``), which
every check needs; the meaning checks are timed on their own too.

    .venv/bin/python bench/check_speed.py
"""

from __future__ import annotations

import random
import re
import statistics
import time
from pathlib import Path

from service.config import Settings
from service.corpus.embed import load_embedder
from service.text.evidence import Passage
from service.verify.meaning import meaning_changes
from service.verify.support import Verifier

ROOT = Path(__file__).resolve().parent.parent
GROUPS = 40


def corpus_chunks(size: int = 1000) -> list[str]:
    """Corpus text cut into chunks of about ``size`` characters at sentence ends."""
    chunks = []
    for path in sorted((ROOT / "corpus").glob("*.md")):
        body = re.split(r"^---$", path.read_text(encoding="utf-8"), flags=re.M)[-1]
        current = ""
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(body.split())):
            if len(current) + len(sentence) > size and current:
                chunks.append(current)
                current = ""
            current += sentence + " "
        if current.strip():
            chunks.append(current)
    return chunks


def _mean_ms(samples: list[float]) -> float:
    return statistics.mean(samples) * 1000


def main() -> None:
    rng = random.Random(15)
    embedder = load_embedder(Settings().resolved_embedding_model_path())
    verifier = Verifier(embedder)
    chunks = corpus_chunks()
    starts = rng.sample(range(len(chunks) - 6), GROUPS)
    groups = [[Passage(f"c{s + i}", chunks[s + i]) for i in range(6)] for s in starts]
    for group in groups:  # embed every window once: the state after retrieval
        verifier.verify("warm up", group)
    embed, joint, each, meaning = [], [], [], []
    for n, group in enumerate(groups):
        sentences = re.split(r"(?<=[.!?])\s+", group[n % 6].text.strip())
        sentence = rng.choice([s for s in sentences if len(s) > 40] or sentences)
        sentence = sentence.replace(" and ", " and also ", 1) + f" ({n})"  # never cached
        started = time.perf_counter()
        embedder.embed_query(sentence + " baseline")
        embed.append(time.perf_counter() - started)
        started = time.perf_counter()
        verdict = verifier.verify(sentence, group)
        joint.append(time.perf_counter() - started)
        started = time.perf_counter()
        for passage in group:
            verifier.verify(sentence, [passage])
        each.append(time.perf_counter() - started)
        quote = verdict.quote.text if verdict.quote else group[0].text
        started = time.perf_counter()
        meaning_changes(sentence, quote)
        meaning.append(time.perf_counter() - started)
    base = _mean_ms(embed)
    print(f"{GROUPS} sentences, each against 6 embedded passages (mean per sentence)")
    print(f"  sentence embedding alone (baseline)   {base:7.1f} ms  1.00")
    for name, samples in (("verify, 6 passages jointly", joint),
                          ("verify, each of 6 passages alone", each),
                          ("meaning checks alone (one quote)", meaning)):  # fmt: skip
        print(f"  {name:37} {_mean_ms(samples):7.1f} ms  {_mean_ms(samples) / base:.2f}")


if __name__ == "__main__":
    main()
