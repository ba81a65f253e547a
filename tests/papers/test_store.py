"""Draft persistence on real SQLite and real PostgreSQL made by the migrations: versions,
optimistic locking under a race, and section paths."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine

from service.db import make_session_factory
from service.errors import BriefingError, DraftNotFoundError, StaleVersionError
from service.papers.blocks import prose_paths
from service.papers.diff import diff_versions
from service.papers.paper import Sentence
from service.papers.store import DraftStore
from tests.papers.samples import full_paper, paper, save_block


@pytest.fixture
def store(engine: Engine) -> DraftStore:
    return DraftStore(make_session_factory(engine))


def test_create_get_versions_and_list(store: DraftStore) -> None:
    first = store.create(paper(), author="ana")
    assert (first.version, first.change, first.author) == (1, "generation", "ana")
    assert store.get(first.draft_id).paper == paper()
    saved = store.save(first.draft_id, paper("Other.", title="Renamed"), 1, "ben", "edit:bluf")
    assert saved.version == 2
    assert [(v.number, v.author, v.change) for v in store.versions(first.draft_id)] == [
        (1, "ana", "generation"), (2, "ben", "edit:bluf"),
    ]  # fmt: skip
    assert store.get(first.draft_id).version == 2
    assert store.get_version(first.draft_id, 1).paper.bluf == paper().bluf
    assert store.get_version(first.draft_id, 2).created_at.tzinfo is not None
    second = store.create(paper(), author="ana")
    assert [(d.id, d.title, d.current_version) for d in store.list()] == [
        (second.draft_id, "Options paper", 1), (first.draft_id, "Renamed", 2),
    ]  # fmt: skip


def test_missing_draft_and_version(store: DraftStore) -> None:
    with pytest.raises(DraftNotFoundError, match="draft nope: not found"):
        store.get("nope")
    with pytest.raises(DraftNotFoundError):
        store.versions("nope")
    with pytest.raises(DraftNotFoundError):
        store.save("nope", paper(), 1, "ana", "edit:bluf")
    record = store.create(paper(), author="ana")
    with pytest.raises(DraftNotFoundError, match="version 5: not found"):
        store.get_version(record.draft_id, 5)


def test_stale_save_is_refused_and_writes_nothing(store: DraftStore) -> None:
    record = store.create(paper(), author="ana")
    store.save(record.draft_id, paper("First edit."), 1, "ana", "edit:bluf")
    with pytest.raises(StaleVersionError, match="edited from version 1, but version 2 is current"):
        store.save(record.draft_id, paper("Lost edit.", title="Lost"), 1, "ben", "edit:bluf")
    assert store.get(record.draft_id).paper.bluf.sentences[0].text == "First edit."
    assert len(store.versions(record.draft_id)) == 2
    assert store.list()[0].title == "Options paper"  # the refused save did not touch the row


def test_concurrent_saves_from_one_version_exactly_one_wins(store: DraftStore) -> None:
    for _round in range(3):
        record = store.create(paper(), author="ana")
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
                store.save(draft_id, paper(f"Edit by {name}."), 1, name, "edit:bluf")
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


def test_save_a_block_by_path(store: DraftStore) -> None:
    record = store.create(full_paper(), author="ana")
    note = [Sentence(text="Analyst note.", kind="framing")]
    edits = ["background", "agendas.abductions.leverage", "options.0.pros",
             "options.0.sequencing.1"]  # fmt: skip
    for version, path in enumerate(edits, start=1):
        updated = save_block(store, record.draft_id, path, note, version, "ben")
        assert (updated.version, updated.change) == (version + 1, f"edit:{path}")
        assert prose_paths(store.get(record.draft_id).paper)[path].text == "Analyst note."
    edited = store.get(record.draft_id).paper
    assert edited.options[0].sequencing[1].steps.text == "Analyst note."
    assert edited.options[0].sequencing[0].steps.text == ""
    assert edited.bluf == paper().bluf
    with pytest.raises(BriefingError, match=r"section 'options\.7\.pros': no such section"):
        save_block(store, record.draft_id, "options.7.pros", note, 5, "ana")
    with pytest.raises(StaleVersionError):
        save_block(store, record.draft_id, "bluf", note, 1, "ana")
    assert len(store.versions(record.draft_id)) == 5


def test_an_edit_that_drops_a_citation_removes_it_and_the_diff_says_so(store: DraftStore) -> None:
    record = store.create(paper(), author="ana")
    note = [Sentence(text="Analyst note.", kind="framing")]
    edited = save_block(store, record.draft_id, "bluf", note, 1, "ben")
    assert edited.paper.citations == [] and edited.paper.evidence == []
    diff = diff_versions(record.paper, edited.paper)
    assert [c.quote for c in diff.citations_removed] == ["Talks were held in May 2014."]
