"""Uploads on disk: collision-free names, no silent replacement, atomic under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.accounts.users import User
from service.corpus.index import Index
from service.corpus.uploads import ingest_uploads, original_name, save_upload, stored_name
from service.errors import ConflictError, IngestError, JobCancelledError
from service.jobs.kinds import submit_ingest
from service.jobs.quotas import quotas_for
from service.jobs.service import JobService
from service.jobs.store import JobStore
from tests.conftest import STOCKHOLM


def test_different_names_never_share_a_stored_name() -> None:
    names = ["Quarterly report.md", "Quarterly_report.md", "報告1.md", "議事1.md", "報告.md"]
    stored = [stored_name(name) for name in names]
    assert len(set(stored)) == len(names)
    assert all(s.endswith(".md") and s.isascii() for s in stored)
    assert stored_name("報告1.md") == stored_name("報告1.md")  # the same name, the same file
    assert len(stored_name("x" * 300 + ".md")) < 100


def test_a_different_file_of_the_same_name_needs_replace(tmp_path: Path) -> None:
    first, outcome = save_upload(tmp_path, "notes.md", b"one", replace=False)
    assert outcome == "new" and first.path.read_bytes() == b"one"
    assert save_upload(tmp_path, "notes.md", b"one", replace=False)[1] == "same"
    with pytest.raises(ConflictError, match=r"notes\.md: a different document of this name"):
        save_upload(tmp_path, "notes.md", b"two", replace=False)
    assert first.path.read_bytes() == b"one"
    assert save_upload(tmp_path, "notes.md", b"two", replace=True)[1] == "replaced"
    assert first.path.read_bytes() == b"two"
    assert [p.name for p in (tmp_path / "uploads").iterdir()] == [first.path.name]  # no temps


def test_concurrent_uploads_of_one_name_have_one_winner(tmp_path: Path) -> None:
    def attempt(n: int) -> str:
        try:
            return save_upload(tmp_path, "same.md", f"version {n}".encode(), replace=False)[1]
        except ConflictError:
            return "refused"

    for _ in range(5):
        for stale in (tmp_path / "uploads").glob("*"):
            stale.unlink()
        with ThreadPoolExecutor(3) as pool:
            outcomes = sorted(pool.map(attempt, range(3)))
        assert outcomes == ["new", "refused", "refused"]


def test_uploads_are_named_by_their_original_name_relative_to_the_data_dir(index: Index) -> None:
    data_dir = index.settings.data_dir
    good, _ = save_upload(data_dir, "Quarterly report.md", STOCKHOLM.encode(), replace=False)
    bad, _ = save_upload(data_dir, "bad.md", b"---\ndate: spring\n---\n# B\n\nText.\n", False)
    report = ingest_uploads(index, [good, bad])
    assert report.added == ["Quarterly report.md"]
    assert [str(e) for e in report.failed] == [
        "bad.md: front matter field 'date': 'spring' is not a YYYY-MM-DD date"
    ]
    [document] = index.registry.list_documents()
    assert document.source == f"uploads/{stored_name('Quarterly report.md')}"
    assert document.title == "Quarterly report"
    assert not bad.path.exists() and good.path.exists()  # refused files do not stay


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.md",
        "..\\..\\boot.ini.txt",
        "C:memo.md",
        ".hidden.md",
        "notes..md",
        "memo\u202egpj.md",  # right-to-left override
        "memo\n.md",
        "x" * 300 + ".md",
    ],
)
def test_a_hostile_name_never_addresses_a_path_outside_uploads(tmp_path: Path, name: str) -> None:
    upload, outcome = save_upload(tmp_path, original_name(name), b"# Memo\n\nThey met.", False)
    assert outcome == "new"
    assert upload.path.parent == tmp_path / "uploads"
    assert upload.path.name.isascii() and not upload.path.name.startswith(".")
    assert [p.name for p in tmp_path.iterdir()] == ["uploads"]
    assert "\n" not in upload.original and "\u202e" not in upload.original


@pytest.mark.parametrize("name", ["payload.exe", "README", "", "../"])
def test_an_unsupported_type_is_refused_before_anything_is_written(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(IngestError, match="unsupported file type"):
        save_upload(tmp_path, original_name(name), b"x", replace=False)
    assert not (tmp_path / "uploads").exists()


def _cancel(done: int, total: int) -> None:
    raise JobCancelledError("ingest job: cancelled")


def test_a_cancelled_ingest_removes_its_file_and_frees_the_name(index: Index) -> None:
    # Issue 28 (failure 7, item 6): the file stayed, and a different file of that name got a 409
    # though no such document was listed.
    data_dir = index.settings.data_dir
    upload, _ = save_upload(data_dir, "notes.md", STOCKHOLM.encode(), replace=False)
    with pytest.raises(JobCancelledError):
        ingest_uploads(index, [upload], progress=_cancel)
    assert not upload.path.exists() and index.registry.list_documents() == []
    assert (
        save_upload(data_dir, "notes.md", b"# Other\n\nOther notes.\n", replace=False)[1] == "new"
    )


class FakeQueue:
    """A FAKE queue: records job ids, runs nothing (the job stays queued)."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def enqueue(self, job_id: str) -> None:
        self.ids.append(job_id)


def test_an_ingest_cancelled_while_queued_removes_its_files_but_not_a_documents(
    index: Index,
) -> None:
    data_dir = index.settings.data_dir
    kept, _ = save_upload(data_dir, "kept.md", STOCKHOLM.encode(), replace=False)
    assert ingest_uploads(index, [kept]).added == ["kept.md"]
    same, outcome = save_upload(data_dir, "kept.md", STOCKHOLM.encode(), replace=False)
    fresh, _ = save_upload(data_dir, "fresh.md", b"# Fresh\n\nFresh notes.\n", replace=False)
    jobs = JobService(
        JobStore(index.sessions), FakeQueue(), quotas_for(index.sessions, index.settings)
    )  # type: ignore[arg-type]
    job = submit_ingest(jobs, User("ana", "analyst"), [same, fresh], [])

    assert jobs.cancel(job.id, User("ana", "analyst")).state == "cancelled"

    assert outcome == "same" and kept.path.exists()  # the corpus document's file stays
    assert not fresh.path.exists()
