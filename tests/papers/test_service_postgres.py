"""The whole service on a real PostgreSQL (``BRIEFING_DATABASE_URL``): registry, ingest,
drafting, edits and versions, exactly as on the default SQLite."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from service.accounts.users import User
from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.papers.paper import DraftRequest, Sentence
from service.papers.service import DraftService
from tests.postgres import PostgresServer


def test_ingest_draft_and_edit_on_postgres(
    tmp_path: Path, docs_dir: Path, postgres: PostgresServer, embedder: LocalEmbeddings
) -> None:
    url = postgres.new_database()
    settings = Settings(data_dir=tmp_path / "data", database_url=url, llm="extractive")
    index = Index.open(settings, embedder=embedder)
    assert {"documents", "chunks", "drafts", "draft_versions"} <= set(
        inspect(index.sessions.kw["bind"]).get_table_names()
    )
    report = ingest_paths(index, [docs_dir])
    assert report.ok and len(report.added) == 2
    assert not (tmp_path / "data" / "briefing.sqlite3").exists()

    service = DraftService.open(index, settings)
    request = DraftRequest(tasking="How should Japan reopen talks?", options=2, length="short")
    ana = User("ana", "analyst")
    record = service.generate(request, ana)
    assert record.paper.background.claims
    note = [Sentence(text="Analyst framing.", kind="framing")]
    edited = service.edit_section(record.draft_id, "background", note, 1, ana)
    assert edited.version == 2
    reopened = Index.open(settings, embedder=embedder)
    store = DraftService.open(reopened, settings).store
    assert [v.change for v in store.versions(record.draft_id)] == ["generation", "edit:background"]
    assert [e.action for e in service.audit.recent()] == ["draft_edited", "draft_created"]
    assert [d.title for d in store.list()] == [record.paper.title]
