"""Draft persistence on real SQLite and real PostgreSQL made by the migrations: versions,
optimistic locking under a race, section paths, diffs, and the migrations themselves."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from service.answer.cite import Citation
from service.db import Base, make_engine, make_session_factory
from service.errors import BriefingError, DraftNotFoundError, StaleVersionError
from service.migrate import migrate
from service.papers.diff import diff_versions
from service.papers.model import (
    AgendaSection,
    DraftRequest,
    Option,
    Paper,
    Phase,
    Prose,
    Sentence,
    prose_paths,
)
from service.papers.store import DraftStore

TABLES = {"documents", "chunks", "drafts", "draft_versions"}
HEAD = "0003"


def _cite(n: int, quote: str, source: str = "corpus/a.md") -> Citation:
    return Citation(n=n, source=source, doc_id="d", chunk_id=f"c{n}", title="Talks",
                         date="2014-05-29", quote=quote, start=0, end=len(quote))  # fmt: skip


def _paper(bluf: str = "Talks were held in May 2014.", title: str = "Options paper") -> Paper:
    return Paper(
        title=title,
        request=DraftRequest(tasking="How should Japan proceed?"),
        bluf=Prose(sentences=[Sentence(text=bluf, citations=[1])]),
        citations=[_cite(1, bluf)],
    )


def _full_paper() -> Paper:
    paper = _paper()
    paper.agendas = [AgendaSection(agenda_id="abductions", name="Abductions", weight=0.8)]
    paper.options = [Option(name="Engage", sequencing=[Phase(name="Open"), Phase(name="Close")])]
    return paper


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    """A migrated database: SQLite under the data dir, or a fresh real PostgreSQL database."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
    else:
        url = f"sqlite:///{tmp_path / 'data' / 'drafts.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    return engine


@pytest.fixture
def store(engine: Engine) -> DraftStore:
    return DraftStore(make_session_factory(engine))


def test_create_get_versions_and_list(store: DraftStore) -> None:
    first = store.create(_paper(), author="ana")
    assert (first.version, first.change, first.author) == (1, "generation", "ana")
    assert store.get(first.draft_id).paper == _paper()
    saved = store.save(first.draft_id, _paper("Other.", title="Renamed"), 1, "ben", "edit:bluf")
    assert saved.version == 2
    assert [(v.number, v.author, v.change) for v in store.versions(first.draft_id)] == [
        (1, "ana", "generation"), (2, "ben", "edit:bluf"),
    ]  # fmt: skip
    assert store.get(first.draft_id).version == 2
    assert store.get_version(first.draft_id, 1).paper.bluf == _paper().bluf
    assert store.get_version(first.draft_id, 2).created_at.tzinfo is not None
    second = store.create(_paper(), author="ana")
    assert [(d.id, d.title, d.current_version) for d in store.list()] == [
        (second.draft_id, "Options paper", 1), (first.draft_id, "Renamed", 2),
    ]  # fmt: skip


def test_missing_draft_and_version(store: DraftStore) -> None:
    with pytest.raises(DraftNotFoundError, match="draft nope: not found"):
        store.get("nope")
    with pytest.raises(DraftNotFoundError):
        store.versions("nope")
    with pytest.raises(DraftNotFoundError):
        store.save("nope", _paper(), 1, "ana", "edit:bluf")
    record = store.create(_paper(), author="ana")
    with pytest.raises(DraftNotFoundError, match="version 5: not found"):
        store.get_version(record.draft_id, 5)


def test_stale_save_is_refused_and_writes_nothing(store: DraftStore) -> None:
    record = store.create(_paper(), author="ana")
    store.save(record.draft_id, _paper("First edit."), 1, "ana", "edit:bluf")
    with pytest.raises(StaleVersionError, match="edited from version 1, but version 2 is current"):
        store.save(record.draft_id, _paper("Lost edit.", title="Lost"), 1, "ben", "edit:bluf")
    assert store.get(record.draft_id).paper.bluf.sentences[0].text == "First edit."
    assert len(store.versions(record.draft_id)) == 2
    assert store.list()[0].title == "Options paper"  # the refused save did not touch the row


def test_concurrent_saves_from_one_version_exactly_one_wins(store: DraftStore) -> None:
    for _round in range(3):
        record = store.create(_paper(), author="ana")
        outcomes: dict[str, str] = {}
        barrier = threading.Barrier(2)

        def edit(
            name: str,
            draft_id: str = record.draft_id,
            barrier: threading.Barrier = barrier,
            outcomes: dict[str, str] = outcomes,
        ) -> None:
            barrier.wait()
            try:
                store.save(draft_id, _paper(f"Edit by {name}."), 1, name, "edit:bluf")
                outcomes[name] = "saved"
            except StaleVersionError:
                outcomes[name] = "stale"

        threads = [threading.Thread(target=edit, args=(name,)) for name in ("ana", "ben")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes.values()) == ["saved", "stale"]
        winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
        current = store.get(record.draft_id)
        assert (current.version, current.author) == (2, winner)
        assert current.paper.bluf.sentences[0].text == f"Edit by {winner}."
        assert len(store.versions(record.draft_id)) == 2


def test_update_section_by_path(store: DraftStore) -> None:
    record = store.create(_full_paper(), author="ana")
    note = [Sentence(text="Analyst note.", kind="framing")]
    edits = ["background", "agendas.abductions.leverage", "options.0.pros",
             "options.0.sequencing.1"]  # fmt: skip
    for version, path in enumerate(edits, start=1):
        updated = store.update_section(record.draft_id, path, note, version, "ben")
        assert (updated.version, updated.change) == (version + 1, f"edit:{path}")
        assert prose_paths(store.get(record.draft_id).paper)[path].text == "Analyst note."
    paper = store.get(record.draft_id).paper
    assert paper.options[0].sequencing[1].steps.text == "Analyst note."
    assert paper.options[0].sequencing[0].steps.text == ""
    assert paper.bluf == _paper().bluf
    with pytest.raises(BriefingError, match=r"section 'options\.7\.pros': no such section"):
        store.update_section(record.draft_id, "options.7.pros", note, 5, "ana")
    with pytest.raises(StaleVersionError):
        store.update_section(record.draft_id, "bluf", Prose(sentences=note), 1, "ana")
    assert len(store.versions(record.draft_id)) == 5


def test_prose_paths_walk_the_whole_paper() -> None:
    paths = list(prose_paths(_full_paper()))
    assert paths[:3] == ["bluf", "background", "core_assessment"]
    assert {"agendas.abductions.status", "agendas.abductions.linkage", "recommendation",
            "options.0.summary", "options.0.sequencing.0", "options.0.sequencing.1",
            "options.0.red_lines", "options.0.indicators"} <= set(paths)  # fmt: skip
    assert len(paths) == 4 + 3 + 8 + 2


def test_diff_reports_changed_text_and_citations() -> None:
    old, new = _paper(), _paper("Talks resumed in March 2014.")
    new.background = Prose(sentences=[Sentence(text="Context.", citations=[2])])
    new.citations.append(_cite(2, "Context.", source="corpus/b.md"))
    diff = diff_versions(old, new)
    assert [s.path for s in diff.sections] == ["bluf", "background"]
    assert "-Talks were held in May 2014 [1]." in diff.sections[0].unified
    assert "+Talks resumed in March 2014 [1]." in diff.sections[0].unified
    assert diff.sections[1].old_text == "" and diff.sections[1].new_text == "Context [2]."
    assert [c.quote for c in diff.citations_added] == ["Talks resumed in March 2014.", "Context."]
    assert [c.quote for c in diff.citations_removed] == ["Talks were held in May 2014."]
    as_json = diff.as_json()
    assert as_json["citations_removed"][0]["title"] == "Talks"
    assert as_json["sections"][0]["path"] == "bluf"
    assert diff_versions(old, old).sections == []


def test_migrate_creates_every_table_and_is_idempotent(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    migrate(url)
    migrate(url)  # already at head: nothing to do
    engine = make_engine(url)
    migrate(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == HEAD
        # The migrations produce exactly what the models describe.
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrate_adopts_a_database_made_by_create_all(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    # What create_all made before migrations existed: the four tables of 0001.
    Base.metadata.create_all(engine, tables=[Base.metadata.tables[t] for t in TABLES])
    old = DraftStore(make_session_factory(engine)).create(_paper(), author="ana")
    migrate(engine)
    assert DraftStore(make_session_factory(engine)).get(old.draft_id).paper == _paper()


def test_an_edit_that_drops_a_citation_removes_it_and_the_diff_says_so(store: DraftStore) -> None:
    record = store.create(_paper(), author="ana")
    note = [Sentence(text="Analyst note.", kind="framing")]
    edited = store.update_section(record.draft_id, "bluf", note, 1, "ben")
    assert edited.paper.citations == [] and edited.paper.evidence == []
    diff = diff_versions(record.paper, edited.paper)
    assert [c.quote for c in diff.citations_removed] == ["Talks were held in May 2014."]
