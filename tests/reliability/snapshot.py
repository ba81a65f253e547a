"""Consistency snapshots of a data dir, taken in a fresh process (``python -m``).

Embedded Chroma caches its state per process and path, so a test that lets a
subprocess write a data dir reads it back through another subprocess instead of
opening it in the test process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from service.config import Settings
from service.corpus.registry import Registry
from service.corpus.tables import DocumentRow
from service.corpus.vectors import make_chroma_client
from service.db import make_engine, make_session_factory

REPO = Path(__file__).resolve().parents[2]


def take(data_dir: Path) -> dict[str, Any]:
    """``{"registry": {doc_id: {source, version, chunks}}, "store": {chunk_id: [doc, ver]},
    "integrity": "ok"}`` for the data dir, read without writing anything."""
    settings = Settings(data_dir=data_dir, chroma_url=None, database_url=None)
    engine = make_engine(settings.resolved_database_url)
    registry = Registry(make_session_factory(engine))
    with engine.connect() as connection:
        integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
    documents = {}
    with make_session_factory(engine)() as session:
        for row in session.query(DocumentRow):
            documents[row.doc_id] = {"source": row.source, "version": row.version,
                                     "chunks": sorted(c.chunk_id for c in row.chunks)}  # fmt: skip
    collection = make_chroma_client(settings).get_collection(settings.chroma_collection)
    result = collection.get(include=["metadatas"])
    store = {
        cid: [str(meta.get("doc_id")), str(meta.get("doc_version"))]
        for cid, meta in zip(result["ids"], result["metadatas"] or [], strict=True)
    }
    assert registry.chunk_total() == sum(len(d["chunks"]) for d in documents.values())
    return {"registry": documents, "store": store, "integrity": integrity}


def snapshot(data_dir: Path) -> dict[str, Any]:
    """``take(data_dir)`` run in a new process."""
    env = {**os.environ, "BRIEFING_DATA_DIR": str(data_dir)}
    env.pop("BRIEFING_CHROMA_URL", None)
    command = [sys.executable, "-m", "tests.reliability.snapshot", str(data_dir)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def problems(state: dict[str, Any]) -> list[str]:
    """Ways the registry and the store disagree about committed documents (empty if none)."""
    found = [] if state["integrity"] == "ok" else [f"sqlite: {state['integrity']}"]
    store = state["store"]
    for doc_id, doc in state["registry"].items():
        for chunk_id in doc["chunks"]:
            if store.get(chunk_id) != [doc_id, doc["version"]]:
                found.append(f"{doc['source']}: chunk {chunk_id} is {store.get(chunk_id)}")
    return found


def orphans(state: dict[str, Any]) -> list[str]:
    """Store chunks no committed document owns (left by an interrupted write)."""
    owned = {cid for doc in state["registry"].values() for cid in doc["chunks"]}
    return sorted(set(state["store"]) - owned)


if __name__ == "__main__":
    print(json.dumps(take(Path(sys.argv[1]))))
