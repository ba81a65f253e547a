"""The registry's change check (``Registry.stamp``, run before every search) and one
document's commit, with and without migration 0006's indexes, in the same run.

The registry is filled with the synthetic documents of ``bench/lexical.py`` (corpus
sentences sampled at random; about 33 chunks a document). "Without" drops the two
indexes of 0006 from the same database, so both sides read the same rows.

    .venv/bin/python bench/registry_check.py [--chunks 200000] [--repeat 50]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from lexical import fill  # the synthetic corpus of bench/lexical.py (same folder)
from sqlalchemy import Engine, text

from service.corpus.registry import Registry
from service.db import make_engine, make_session_factory
from service.evals.metrics import percentile
from service.migrate import migrate

INDEXES = {
    "ix_chunks_doc_id": "chunks (doc_id)",
    "ix_documents_ingested_at": "documents (ingested_at)",
}


def check_ms(registry: Registry, repeat: int) -> tuple[float, float]:
    """p50 and p95 of ``stamp()`` over ``repeat`` calls, in ms."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        registry.stamp()
        times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 50), percentile(times, 95)


def chunk_count_ms(engine: Engine, doc_id: str, repeat: int) -> float:
    """p50 of counting one document's chunks (what a commit's delete-and-count reads), ms."""
    times = []
    with engine.connect() as connection:
        for _ in range(repeat):
            started = time.perf_counter()
            connection.execute(text("SELECT count(*) FROM chunks WHERE doc_id = :d"), {"d": doc_id})
            times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 50)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="bench-registry-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'registry.sqlite3'}")
        migrate(engine)
        registry = Registry(make_session_factory(engine))
        total = fill(registry, args.chunks, random.Random(7))
        doc_id = registry.list_documents()[-1].doc_id
        with_index = check_ms(registry, args.repeat), chunk_count_ms(engine, doc_id, args.repeat)
        with engine.begin() as connection:
            for name in INDEXES:
                connection.execute(text(f"DROP INDEX {name}"))
        without = check_ms(registry, args.repeat), chunk_count_ms(engine, doc_id, args.repeat)
        engine.dispose()
    print(f"{total:,} chunks (load average {os.getloadavg()[0]:.1f})")
    rows = [
        ("change check p50", without[0][0], with_index[0][0]),
        ("change check p95", without[0][1], with_index[0][1]),
        ("one document's chunks p50", without[1], with_index[1]),
    ]
    for label, before, after in rows:
        ratio = after / before
        print(f"  {label:26} without {before:8.2f} ms, with 0006 {after:6.2f} ms ({ratio:.3f})")


if __name__ == "__main__":
    main()
