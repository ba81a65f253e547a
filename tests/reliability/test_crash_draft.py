"""kill -9 during ``briefing draft`` and during draft saves: the database never holds a
half-written draft or version, and the next run succeeds."""

from __future__ import annotations

import json
import signal
import sqlite3
from pathlib import Path

from tests.reliability.crash import briefing, briefing_crashing_at

TASKING = "How should Japan structure renewed talks with the DPRK?"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"
# A few corpus documents: drafting over them exercises every section in far less time.
DOCUMENTS = ("stockholm-agreement-2014.md", "remains-and-grave-visits.md",
             "japanese-spouses.md", "analysis-structuring-a-new-process.md")  # fmt: skip

# Run by the crash driver (tests/reliability/crash.py) inside a killed subprocess:
# a save of the draft through the store only, so no model is loaded.
SAVE_SCRIPT = """
import os
from service.config import Settings
from service.db import make_engine, make_session_factory
from service.papers.store import DraftStore
store = DraftStore(make_session_factory(make_engine(Settings().resolved_database_url)))
record = store.get(os.environ["DRAFT_ID"])
if os.environ["SAVE"] == "edit":
    saved = store.save(record.draft_id, record.paper, record.version, "t", "edit:bluf")
else:
    saved = store.create(record.paper, "t")
print(saved.draft_id, saved.version)
"""


def _drafts(database: Path) -> dict[str, tuple[int, list[int]]]:
    """``draft id -> (current_version, version numbers saved)``."""
    with sqlite3.connect(database) as db:
        current = dict(db.execute("SELECT id, current_version FROM drafts").fetchall())
        saved: dict[str, list[int]] = {draft_id: [] for draft_id in current}
        query = "SELECT draft_id, number FROM draft_versions ORDER BY number"
        for draft_id, number in db.execute(query):
            saved.setdefault(draft_id, []).append(number)
    return {d: (current.get(d, 0), numbers) for d, numbers in saved.items()}


def test_kill_9_mid_draft_and_mid_save_leaves_no_half_written_draft(tmp_path: Path) -> None:
    docs, data = tmp_path / "docs", tmp_path / "data"
    docs.mkdir()
    for name in DOCUMENTS:
        (docs / name).write_bytes((CORPUS / name).read_bytes())
    assert briefing("ingest", "docs", "-q", data_dir=data, cwd=tmp_path).returncode == 0
    database = data / "briefing.sqlite3"
    draft = ("draft", "--tasking", TASKING, "--options", "2", "--length", "short", "--json")

    # Killed while writing its third section: nothing has been saved.
    crashed = briefing_crashing_at(
        "service.papers.section_writer:SectionWriter.prose", 3, *draft, data_dir=data, cwd=tmp_path
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    assert _drafts(database) == {}

    done = briefing(*draft, data_dir=data, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    draft_id = json.loads(done.stdout)["id"]
    assert _drafts(database) == {draft_id: (1, [1])}

    # Killed inside the save transaction, after the compare-and-set bumped the version
    # and before the version row was added: the bump is rolled back with it.
    for save in ("edit", "create"):
        script = tmp_path / "save.py"
        script.write_text(SAVE_SCRIPT, encoding="utf-8")
        killed = briefing_crashing_at(
            "service.papers.store:_version_row", 1, data_dir=data, cwd=tmp_path, script=script,
            DRAFT_ID=draft_id, SAVE=save,
        )  # fmt: skip
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert _drafts(database) == {draft_id: (1, [1])}, save

    edited = briefing_crashing_at(
        "service.papers.store:_version_row", 99, data_dir=data, cwd=tmp_path, script=script,
        DRAFT_ID=draft_id, SAVE="edit",
    )  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout.split() == [draft_id, "2"], "the lock was not left taken"
    assert _drafts(database) == {draft_id: (2, [1, 2])}
