"""DraftService on the shipped corpus: citation edits re-verify the sentences they touch,
save one version each and are audited; bad edits are refused naming what is wrong."""

from __future__ import annotations

import pytest

from service.accounts.users import User, UserStore
from service.corpus.index import Index
from service.corpus.view import read_document
from service.errors import ForbiddenError, InvalidRequestError, StaleVersionError
from service.papers.paper import DraftRequest, Paper, Prose, Sentence
from service.papers.service import DraftService
from service.papers.store import DraftRecord
from service.retrieve.hybrid import search

ANA, VIEWER = User("ana", "analyst"), User("vic", "viewer")
CLAIM = (
    "About 34,600 Japanese died in the northern part of the Korean Peninsula"
    " around the end of the Second World War."
)


@pytest.fixture(scope="module")
def drafts(corpus_copy: Index) -> DraftService:
    return DraftService.open(corpus_copy, corpus_copy.settings)


@pytest.fixture
def draft(drafts: DraftService) -> DraftRecord:
    """A hand-made draft whose BLUF is one uncited claim and one framing sentence."""
    paper = Paper(
        title="Citation edits",
        request=DraftRequest(tasking="How should Japan proceed?"),
        bluf=Prose(sentences=[Sentence(text=CLAIM, supported=False, reason="no citation"),
                              Sentence(text="Our reading.", kind="framing")]),
    )  # fmt: skip
    return drafts.store.create(paper, author=ANA.username, owner=ANA.username)


def _chunk(index: Index, query: str) -> str:
    """The chunk that states ``query`` word for word (its full stop aside), else the best hit."""
    hits = search(index, query, k=5)
    words = query.rstrip(".")
    return next((h.chunk_id for h in hits if words in " ".join(h.text.split())), hits[0].chunk_id)


def test_citing_a_supporting_passage_verifies_the_claim(
    drafts: DraftService, draft: DraftRecord, corpus_copy: Index
) -> None:
    chunk_id = _chunk(corpus_copy, CLAIM)
    saved = drafts.add_citation(draft.draft_id, "bluf", 0, chunk_id, 1, ANA)
    sentence = saved.paper.bluf.sentences[0]
    assert (saved.version, saved.change) == (2, "citation-added:bluf")
    assert sentence.citations == [1] and sentence.supported, sentence.reason
    citation = saved.paper.citations[0]
    document = read_document(corpus_copy, citation.doc_id)
    assert citation.chunk_id == chunk_id
    assert document.text[citation.start : citation.end] == citation.quote
    assert saved.paper.evidence[0].claim == CLAIM
    event = drafts.audit.recent(limit=1, actor=ANA.username)[0]
    assert (event.action, event.target, event.detail) == (
        "draft_edited", draft.draft_id, "citation-added:bluf v2",
    )  # fmt: skip


def test_citing_an_unrelated_passage_flags_the_claim(
    drafts: DraftService, draft: DraftRecord, corpus_copy: Index
) -> None:
    chunk_id = _chunk(corpus_copy, "law of 8 September 2022 declaring nuclear status irreversible")
    saved = drafts.add_citation(draft.draft_id, "bluf", 0, chunk_id, 1, ANA)
    sentence = saved.paper.bluf.sentences[0]
    assert sentence.citations == [1] and not sentence.supported and sentence.reason


def test_removing_the_only_citation_unsupports_the_claim_and_drops_it(
    drafts: DraftService, draft: DraftRecord, corpus_copy: Index
) -> None:
    chunk_id = _chunk(corpus_copy, CLAIM)
    cited = drafts.add_citation(draft.draft_id, "bluf", 0, chunk_id, 1, ANA)
    removed = drafts.remove_citation(draft.draft_id, "bluf", 1, cited.version, ANA)
    sentence = removed.paper.bluf.sentences[0]
    assert (removed.version, removed.change) == (3, "citation-removed:bluf")
    assert sentence.citations == [] and not sentence.supported
    assert removed.paper.citations == [] and removed.paper.evidence == []


@pytest.mark.parametrize(
    ("path", "index", "message"),
    [
        ("bluf", 1, "sentence 1: framing carries no citations"),
        ("bluf", 5, r"sentence: 5 is out of range \(0-1\)"),
        ("background", 0, "sentence: this section has no sentences to cite on yet"),
        ("options.9.pros", 0, "section 'options.9.pros': no such section in this draft"),
    ],
)
def test_bad_citation_targets_are_refused_and_nothing_is_saved(
    drafts: DraftService, draft: DraftRecord, corpus_copy: Index, path: str, index: int,
    message: str,
) -> None:  # fmt: skip
    chunk_id = _chunk(corpus_copy, "Stockholm agreement")
    with pytest.raises(InvalidRequestError, match=message):
        drafts.add_citation(draft.draft_id, path, index, chunk_id, 1, ANA)
    assert len(drafts.store.versions(draft.draft_id)) == 1


def test_removing_a_citation_the_block_does_not_carry_is_refused(
    drafts: DraftService, draft: DraftRecord
) -> None:
    with pytest.raises(InvalidRequestError, match=r"citation \[4\]: not cited in section 'bluf'"):
        drafts.remove_citation(draft.draft_id, "bluf", 4, 1, ANA)


def test_citation_edits_check_access_and_the_version(
    drafts: DraftService, draft: DraftRecord, corpus_copy: Index
) -> None:
    chunk_id = _chunk(corpus_copy, "Stockholm agreement")
    users = UserStore(corpus_copy.sessions)
    if VIEWER.username not in {u.username for u in users.list()}:
        users.add(VIEWER.username, VIEWER.role, "viewer password")
    drafts.share(ANA, draft.draft_id, [VIEWER.username])
    with pytest.raises(ForbiddenError):
        drafts.add_citation(draft.draft_id, "bluf", 0, chunk_id, 1, VIEWER)
    drafts.add_citation(draft.draft_id, "bluf", 0, chunk_id, 1, ANA)
    with pytest.raises(StaleVersionError):
        drafts.remove_citation(draft.draft_id, "bluf", 1, 1, ANA)
