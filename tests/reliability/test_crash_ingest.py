"""kill -9 during ``briefing ingest``: the registry and Chroma stay consistent, the next run
finishes the work, and the result equals a clean ingest of the same files."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import write_md
from tests.reliability.crash import (
    BRIEFING,
    briefing,
    briefing_crashing_at,
    document_body,
    env_for,
    write_docs,
)
from tests.reliability.snapshot import orphans, problems, snapshot

# One document is committed after every 16 embedded chunks (see ingest._embed_and_write),
# so a run over many documents has a long stretch in which some, not all, are committed.
SMALL_WINDOWS = {"BRIEFING_EMBED_BATCH_SIZE": "1"}


def _committed_count(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def _clean_state(workspace: Path) -> dict[str, object]:
    clean = workspace / "data-clean"
    done = briefing("ingest", "docs", "-q", data_dir=clean, cwd=workspace)
    assert done.returncode == 0, done.stderr
    return snapshot(clean)


def test_kill_9_mid_ingest_then_rerun_equals_clean_ingest(tmp_path: Path) -> None:
    total = 60
    write_docs(tmp_path / "docs", total)
    data = tmp_path / "data"
    process = subprocess.Popen(
        [BRIEFING, "ingest", "docs", "-q"], cwd=tmp_path, env=env_for(data, **SMALL_WINDOWS),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while _committed_count(data / "briefing.sqlite3") == 0:
        assert process.poll() is None, "ingest ended before it committed anything"
        assert time.monotonic() < deadline, "no document committed within 300 s"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL

    crashed = snapshot(data)
    assert 0 < len(crashed["registry"]) < total, "the kill landed mid-way"
    assert problems(crashed) == []

    rerun = briefing("ingest", "docs", "-q", data_dir=data, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    added = total - len(crashed["registry"])
    assert f"{added} added, 0 updated, {total - added} unchanged, 0 failed" in rerun.stdout
    final = snapshot(data)
    assert problems(final) == [] and orphans(final) == []
    assert final == _clean_state(tmp_path)


@pytest.mark.parametrize(
    "crash_at",
    [
        # After the new version's chunks are in Chroma, before the registry commits them.
        "service.corpus.registry:Registry.commit",
        # Inside the registry transaction: old rows deleted, new rows not yet added.
        "service.corpus.registry:_document_row",
    ],
)
def test_kill_9_while_updating_a_document_keeps_the_old_version_whole(
    tmp_path: Path, crash_at: str
) -> None:
    docs, data = tmp_path / "docs", tmp_path / "data"
    write_docs(docs, 4)
    first = briefing("ingest", "docs", "-q", data_dir=data, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = snapshot(data)

    # A new version that shares its opening chunks with the committed one (same text
    # at the same offsets) and differs in metadata: the worst case for overwriting.
    changed = docs / "doc-001.md"
    body = document_body(1, 8) + "\n## Addendum\n\nA later round added one more item.\n"
    write_md(changed, "Document 1 (revised)", body, doc_type="assessment")
    crashed = briefing_crashing_at(crash_at, 1, "ingest", "docs", "-q", data_dir=data, cwd=tmp_path)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr

    after_crash = snapshot(data)
    assert after_crash["registry"] == before["registry"], "the old version is still the one"
    assert problems(after_crash) == [], "and all of its chunks are still in Chroma"

    rerun = briefing("ingest", "docs", "-q", data_dir=data, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert "0 added, 1 updated, 3 unchanged, 0 failed" in rerun.stdout
    final = snapshot(data)
    assert problems(final) == [] and orphans(final) == []
    assert final == _clean_state(tmp_path)


def test_orphans_of_a_crashed_write_are_never_searchable(tmp_path: Path) -> None:
    docs, data = tmp_path / "docs", tmp_path / "data"
    write_docs(docs, 2)
    body = "# Zanzibar\n\nThe quokka delegation met in Zanzibar.\n"
    write_md(docs / "zz-new.md", "Zanzibar", body)
    crashed = briefing_crashing_at(
        "service.corpus.registry:Registry.commit",
        3,
        "ingest",
        "docs",
        "-q",
        data_dir=data,
        cwd=tmp_path,
    )
    assert crashed.returncode == -signal.SIGKILL
    state = snapshot(data)
    assert len(state["registry"]) == 2 and orphans(state), "zz-new.md is in Chroma only"

    found = briefing("search", "quokka delegation Zanzibar", "--json", data_dir=data, cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "zz-new.md" not in found.stdout
