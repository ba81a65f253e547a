"""Draft persistence on real SQLite: versions, optimistic locking under a race, diffs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from service.db import create_schema, make_engine, make_session_factory
from service.drafts import (
    DraftNotFoundError,
    DraftStore,
    StaleVersionError,
    diff_versions,
    prose_paths,
)
from service.errors import BriefingError
from service.paper import DraftRequest, Paper, PaperCitation, Prose, Sentence


def _paper(bluf: str = "Talks were held in May 2014.") -> Paper:
    citation = PaperCitation(n=1, source="corpus/a.md", doc_id="d", chunk_id="c", title="A",
                             date="2014-05-29", quote=bluf, start=0, end=len(bluf))  # fmt: skip
    return Paper(
        title="Options paper",
        request=DraftRequest(tasking="How should Japan proceed?"),
        bluf=Prose(sentences=[Sentence(text=bluf, citations=[1])]),
        citations=[citation],
    )


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    engine = make_engine(f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    create_schema(engine)
    return DraftStore(make_session_factory(engine))


def test_create_get_and_versions(store: DraftStore) -> None:
    record = store.create(_paper(), author="ana")
    assert record.version == 1
    assert store.get(record.draft_id).paper == _paper()
    saved = store.save(record.draft_id, _paper("Other."), 1, "ben", "edit:bluf")
    assert saved.version == 2
    assert [(v.number, v.author, v.change) for v in store.versions(record.draft_id)] == [
        (1, "ana", "generation"), (2, "ben", "edit:bluf"),
    ]  # fmt: skip
    assert store.get(record.draft_id, 1).paper.bluf.text == "Talks were held in May 2014 [1]."
    assert [d.id for d in store.all()] == [record.draft_id]


def test_stale_save_is_refused_and_writes_nothing(store: DraftStore) -> None:
    record = store.create(_paper(), author="ana")
    store.save(record.draft_id, _paper("First edit."), 1, "ana", "edit:bluf")
    with pytest.raises(StaleVersionError, match="edited from version 1, but version 2 is current"):
        store.save(record.draft_id, _paper("Lost edit."), 1, "ben", "edit:bluf")
    assert store.get(record.draft_id).paper.bluf.sentences[0].text == "First edit."
    assert len(store.versions(record.draft_id)) == 2


def test_concurrent_saves_from_one_version_exactly_one_wins(store: DraftStore) -> None:
    record = store.create(_paper(), author="ana")
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def edit(n: int) -> None:
        barrier.wait()
        try:
            store.save(record.draft_id, _paper(f"Edit {n}."), 1, f"user{n}", "edit:bluf")
            outcomes.append("saved")
        except StaleVersionError:
            outcomes.append("stale")

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale", "stale", "stale"]
    assert len(store.versions(record.draft_id)) == 2


def test_update_section_by_path(store: DraftStore) -> None:
    record = store.create(_paper(), author="ana")
    new = Prose(sentences=[Sentence(text="Analyst note.", kind="framing")])
    updated = store.update_section(record.draft_id, "background", new, 1, "ana")
    assert updated.change == "edit:background"
    assert store.get(record.draft_id).paper.background.text == "Analyst note."
    with pytest.raises(BriefingError, match=r"section 'options\.7\.pros': no such section"):
        store.update_section(record.draft_id, "options.7.pros", new, 2, "ana")


def test_missing_draft(store: DraftStore) -> None:
    with pytest.raises(DraftNotFoundError, match="draft nope: not found"):
        store.get("nope")
    with pytest.raises(DraftNotFoundError):
        store.save("nope", _paper(), 1, "ana", "edit:bluf")


def test_diff_reports_changed_text_and_citations() -> None:
    old, new = _paper(), _paper("Talks resumed in March 2014.")
    diff = diff_versions(old, new)
    assert [s.path for s in diff.sections] == ["bluf"]
    assert "-Talks were held in May 2014 [1]." in diff.sections[0].unified
    assert "+Talks resumed in March 2014 [1]." in diff.sections[0].unified
    assert [c.quote for c in diff.citations_added] == ["Talks resumed in March 2014."]
    assert [c.quote for c in diff.citations_removed] == ["Talks were held in May 2014."]
    assert diff_versions(old, old).sections == []


def test_prose_paths_cover_every_block() -> None:
    assert set(prose_paths(_paper())) == {"bluf", "background", "core_assessment", "recommendation"}
