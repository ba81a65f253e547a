"""Concurrent read-modify-write edits from separate processes never lose an update."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from service.db import make_engine, make_session_factory
from service.migrate import migrate
from service.papers.paper import DraftRequest, Paper, Prose, Sentence
from service.papers.store import DraftStore
from tests.reliability.crash import REPO

# Each writer appends its own sentences to the BLUF, re-reading and retrying on a 409.
WRITER = """
import sys, time
from pathlib import Path
from service.db import make_engine, make_session_factory
from service.errors import StaleVersionError
from service.papers.store import DraftStore
from service.papers.paper import Sentence
url, draft_id, name, edits = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
store = DraftStore(make_session_factory(make_engine(url)))
gate = Path(sys.argv[5])
(gate.parent / f"ready-{name}").touch()
while not gate.exists():  # start together, so that the writers really race
    time.sleep(0.01)
conflicts = 0
for n in range(edits):
    while True:
        record = store.get(draft_id)
        paper = record.paper.model_copy(deep=True)
        paper.bluf.sentences.append(Sentence(text=f"{name} edit {n}.", kind="framing"))
        try:
            store.save(draft_id, paper, record.version, name, "edit:bluf")
            break
        except StaleVersionError:
            conflicts += 1
print(conflicts)
"""


def test_writers_in_separate_processes_lose_no_update(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    store = DraftStore(make_session_factory(engine))
    start = Sentence(text="Start.", kind="framing")
    paper = Paper(title="Shared", request=DraftRequest(tasking="t"), bluf=Prose(sentences=[start]))
    draft_id = store.create(paper, author="setup").draft_id
    writers, edits = 4, 15
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    gate = tmp_path / "go"
    commands = [[sys.executable, "-c", WRITER, url, draft_id, f"w{w}", str(edits), str(gate)]
                for w in range(writers)]  # fmt: skip
    processes = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, text=True) for c in commands]
    while len(list(tmp_path.glob("ready-*"))) < writers:
        assert all(p.poll() is None for p in processes), "a writer failed to start"
        time.sleep(0.05)
    gate.touch()
    conflicts = [int(p.communicate(timeout=300)[0]) for p in processes]
    assert sum(conflicts) > 0, "the writers did race"
    assert all(p.returncode == 0 for p in processes)

    final = store.get(draft_id)
    assert final.version == 1 + writers * edits
    texts = [s.text for s in final.paper.bluf.sentences]
    expected = {f"w{w} edit {n}." for w in range(writers) for n in range(edits)}
    assert set(texts[1:]) == expected and len(texts) == 1 + len(expected), "no edit lost"
    for w in range(writers):  # each writer's edits stay in its own order
        own = [t for t in texts if t.startswith(f"w{w} ")]
        assert own == [f"w{w} edit {n}." for n in range(edits)]
    assert [v.number for v in store.versions(draft_id)] == list(range(1, final.version + 1))
