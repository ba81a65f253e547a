"""Ingest throughput: the whole pipeline against raw ``SentenceTransformer.encode``.

Writes N synthetic markdown documents (sentences drawn from the corpus), then in the
same process times (a) raw encode of exactly the chunks the pipeline embeds and
(b) ``ingest_paths`` into a fresh embedded Chroma + SQLite (load, chunk, embed,
write, commit). Prints both rates and their ratio; the target is >= 0.80.

Each pipeline run reports progress as an ingest job does (a write to a real job row,
where a cancel is seen). ``--cancel-checks`` also times, in the same rounds, the old
cadence (progress once per 16-batch window) against today's (once per batch), and
prints their ratio (target >= 0.95: cancel within seconds for < 5% throughput) and the
longest gap between two checks, which bounds how long a cancel waits.

    .venv/bin/python bench/ingest.py [--docs 200] [--rounds 2] [--cancel-checks]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from service.config import Settings
from service.corpus.chunk import chunk_document
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.corpus.load import load_document
from service.jobs.store import JobStore

REPO = Path(__file__).resolve().parent.parent


def synthetic_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` markdown documents of 4-8 sections built from corpus sentences."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.md")))
    sentences = [s for s in re.split(r"(?<=\.)\s+", text) if 40 < len(s) < 300 and "---" not in s]
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        sections = []
        for s in range(rng.randint(4, 8)):
            body = " ".join(rng.sample(sentences, rng.randint(3, 9)))
            sections.append(f"## Section {s}\n\n{body}\n")
        path = folder / f"doc-{n:04d}.md"
        path.write_text(
            f"---\ntitle: Synthetic {n}\ndoc_type: fact-sheet\ndate: 2014-05-29\n"
            f"tags: [abductions]\n---\n# Synthetic {n}\n\n" + "\n".join(sections),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cancel-checks", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "docs").mkdir()
        paths = synthetic_corpus(root / "docs", args.docs)
        base = Settings(data_dir=root / "unused")
        texts = [
            chunk.embed_text
            for path in paths
            for chunk in chunk_document(
                load_document(path, str(path), base.max_file_bytes),
                base.chunk_size,
                base.chunk_overlap,
            )
        ]
        index = Index.open(base)
        # Every run encodes every chunk: the embedder's cache would otherwise serve the
        # later rounds (and the second cadence) from memory, timing writes, not ingest.
        index.embedder.cache_size = 0  # type: ignore[attr-defined]
        model = index.embedder.warm_up()._client  # type: ignore[attr-defined]
        model.encode(texts[:64], batch_size=base.embed_batch_size)  # warm caches
        raw_rates: list[float] = []
        pipe_rates: dict[str, list[float]] = {"now": [], "window": []}
        cpu_rates: dict[str, list[float]] = {"now": [], "window": []}
        gaps: list[float] = []
        cadences = {"now": None, "window": base.embed_batch_size * 16}
        for r in range(args.rounds):
            started = time.perf_counter()
            model.encode(texts, batch_size=base.embed_batch_size, normalize_embeddings=True)
            raw_rates.append(len(texts) / (time.perf_counter() - started))
            for name in cadences if args.cancel_checks else ["now"]:
                data = root / f"data-{r}-{name}"
                fresh = Index.open(Settings(data_dir=data), embedder=index.embedder)
                progress, stamps = _job_progress(fresh)
                started, cpu = time.perf_counter(), time.process_time()
                report = ingest_paths(fresh, [root / "docs"], progress,
                                      progress_every=cadences[name])  # fmt: skip
                pipe_rates[name].append(report.chunks_written / (time.perf_counter() - started))
                # Per CPU second too: on a shared machine wall time mostly measures the load.
                cpu_rates[name].append(report.chunks_written / (time.process_time() - cpu))
                assert report.ok and report.chunks_written == len(texts)
                if name == "now":
                    gaps.append(max(b - a for a, b in itertools.pairwise(stamps)))
        raw, pipe = max(raw_rates), max(pipe_rates["now"])
        print(f"documents: {args.docs}, chunks: {len(texts)}, rounds: {args.rounds} (best of)")
        print(f"raw SentenceTransformer.encode: {raw:8.1f} chunks/s")
        print(f"briefing ingest pipeline:       {pipe:8.1f} chunks/s")
        print(f"ratio pipeline/raw:             {pipe / raw:8.2f}  (target >= 0.80)")
        if args.cancel_checks:
            before = max(pipe_rates["window"])
            print(f"progress once per window:       {before:8.1f} chunks/s (before)")
            print(f"ratio per batch/per window:     {pipe / before:8.3f}  (target >= 0.95)")
            now_cpu, before_cpu = max(cpu_rates["now"]), max(cpu_rates["window"])
            print(f"per CPU second, batch / window: {now_cpu:8.1f} / {before_cpu:.1f} chunks/s")
            print(f"ratio per CPU second:           {now_cpu / before_cpu:8.3f}  (target >= 0.95)")
            print(f"longest gap between checks:     {max(gaps):8.2f} s  (target <= 5)")


def _job_progress(index: Index) -> tuple[Callable[[int, int], None], list[float]]:
    """A progress callback writing to a real job row, as an ingest job's does; and the
    times it was called."""
    store = JobStore(index.sessions)
    job = store.create("ingest", "bench", "analyst", {})
    job = store.claim(job.id, "bench") or job
    stamps: list[float] = []

    def progress(done: int, total: int) -> None:
        stamps.append(time.perf_counter())
        store.progress(job, counts=(done, total))

    return progress, stamps


if __name__ == "__main__":
    main()
