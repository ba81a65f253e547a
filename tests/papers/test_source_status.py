"""A citation's source status is the registry's, whenever a draft is read or exported, and
a reviewed-only paper refuses a hand-added citation to an unreviewed source (issue 28,
item 2: the citation route saved ``source_status: "reviewed"`` for an unreviewed upload)."""

from __future__ import annotations

import pytest

from service.accounts.users import User
from service.corpus.index import Index
from service.corpus.view import find_chunk
from service.errors import InvalidRequestError
from service.papers.paper import DraftRequest, Paper, Prose, Sentence
from service.papers.service import DraftService
from service.papers.store import DraftRecord
from tests.papers.test_service import CLAIM, _chunk

ANA = User("ana", "analyst")


def _draft(drafts: DraftService, reviewed_only: bool) -> DraftRecord:
    request = DraftRequest(tasking="How should Japan proceed?", reviewed_only=reviewed_only)
    paper = Paper(title="Sources", request=request,
                  bluf=Prose(sentences=[Sentence(text=CLAIM, supported=False)]))  # fmt: skip
    return drafts.store.create(paper, author=ANA.username, owner=ANA.username)


def _unreviewed_chunk(index: Index) -> str:
    chunk_id = _chunk(index, CLAIM)
    index.registry.set_status(find_chunk(index, chunk_id)[0].doc_id, "unreviewed")
    return chunk_id


def test_a_reviewed_only_paper_refuses_an_unreviewed_source(writable_corpus: Index) -> None:
    drafts = DraftService.open(writable_corpus, writable_corpus.settings)
    chunk_id = _unreviewed_chunk(writable_corpus)
    draft = _draft(drafts, reviewed_only=True)
    with pytest.raises(InvalidRequestError, match="unreviewed source; this paper cites reviewed"):
        drafts.add_citation(draft.draft_id, "bluf", 0, chunk_id, 1, ANA)
    assert drafts.read(ANA, draft.draft_id).version == 1


def test_an_unreviewed_source_is_labelled_in_the_draft_and_its_export(
    writable_corpus: Index,
) -> None:
    drafts = DraftService.open(writable_corpus, writable_corpus.settings)
    chunk_id = _unreviewed_chunk(writable_corpus)
    draft = _draft(drafts, reviewed_only=False)
    saved = drafts.add_citation(draft.draft_id, "bluf", 0, chunk_id, 1, ANA)
    assert saved.paper.citations[0].source_status == "unreviewed"
    assert drafts.read(ANA, draft.draft_id).paper.citations[0].source_status == "unreviewed"
    _name, markdown = drafts.export(ANA, draft.draft_id, "md")
    assert b"[unreviewed source]" in markdown


def test_a_source_marked_unreviewed_after_citing_is_shown_unreviewed(
    writable_corpus: Index,
) -> None:
    drafts = DraftService.open(writable_corpus, writable_corpus.settings)
    chunk_id = _chunk(writable_corpus, CLAIM)
    draft = _draft(drafts, reviewed_only=True)
    drafts.add_citation(draft.draft_id, "bluf", 0, chunk_id, 1, ANA)
    assert drafts.read(ANA, draft.draft_id).paper.citations[0].source_status == "reviewed"
    doc_id = find_chunk(writable_corpus, chunk_id)[0].doc_id
    writable_corpus.registry.set_status(doc_id, "unreviewed")
    assert drafts.read(ANA, draft.draft_id).paper.citations[0].source_status == "unreviewed"
    _name, markdown = drafts.export(ANA, draft.draft_id, "md")
    assert b"[unreviewed source]" in markdown
