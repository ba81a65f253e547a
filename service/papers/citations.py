"""Add or remove one citation of a paper block, re-verifying the sentences it touches.

The analyst picks a passage from a corpus search and the sentence it should support;
the quote stored is the window of the passage that best matches that sentence (the
verifier's quote), so the citation panel shows the words that carry the claim.
"""

from __future__ import annotations

from service.accounts.users import User
from service.answer.verify import Passage, Verifier
from service.corpus.view import find_chunk
from service.errors import InvalidRequestError
from service.papers.model import Paper, PaperCitation, Prose, Sentence, prose_paths, refresh_derived
from service.papers.service import DraftService, recheck
from service.papers.store import DraftRecord


def add_citation(
    service: DraftService,
    draft_id: str,
    path: str,
    sentence_index: int,
    chunk_id: str,
    expected: int,
    user: User,
) -> DraftRecord:
    """Cite passage ``chunk_id`` on sentence ``sentence_index`` of block ``path`` (``user``
    must be able to edit the draft; the change is audited)."""
    service.access.check(user, draft_id, "edit")
    paper = service.store.get(draft_id).paper.model_copy(deep=True)
    sentence = _sentence(_block(paper, path), sentence_index)
    if sentence.kind == "framing":
        raise InvalidRequestError(f"sentence {sentence_index}: framing carries no citations")
    verifier = service.drafter.answerer.verifier
    citation = next((c for c in paper.citations if c.chunk_id == chunk_id), None)
    if citation is None:
        citation = _new_citation(service, paper, chunk_id, sentence.text, verifier)
        paper.citations.append(citation)
    if citation.n not in sentence.citations:
        sentence.citations.append(citation.n)
    _recheck(sentence, paper, verifier)
    refresh_derived(paper)  # the evidence table gains the newly supported claim
    return _save(service, draft_id, paper, expected, user, f"citation-added:{path}")


def remove_citation(
    service: DraftService, draft_id: str, path: str, n: int, expected: int, user: User
) -> DraftRecord:
    """Take citation ``[n]`` off every sentence of block ``path``; a citation no sentence
    of the paper uses any more leaves the paper's list (numbers are not reused)."""
    service.access.check(user, draft_id, "edit")
    paper = service.store.get(draft_id).paper.model_copy(deep=True)
    block = _block(paper, path)
    touched = [s for s in block.sentences if n in s.citations]
    if not touched:
        raise InvalidRequestError(f"citation [{n}]: not cited in section '{path}'")
    for sentence in touched:
        sentence.citations.remove(n)
        _recheck(sentence, paper, service.drafter.answerer.verifier)
    refresh_derived(paper)  # drops [n] from the paper's list if nothing else cites it
    return _save(service, draft_id, paper, expected, user, f"citation-removed:{path}")


def _save(
    service: DraftService, draft_id: str, paper: Paper, expected: int, user: User, change: str
) -> DraftRecord:
    record = service.store.save(draft_id, paper, expected, user.username, change)
    service.audit.record(user.username, "draft_edited", draft_id, f"{change} v{record.version}")
    return record


def _block(paper: Paper, path: str) -> Prose:
    block = prose_paths(paper).get(path)
    if block is None:
        raise InvalidRequestError(f"section '{path}': no such section in this draft")
    return block


def _sentence(block: Prose, index: int) -> Sentence:
    if not block.sentences:
        raise InvalidRequestError("sentence: this section has no sentences to cite on yet")
    if not 0 <= index < len(block.sentences):
        last = len(block.sentences) - 1
        raise InvalidRequestError(f"sentence: {index} is out of range (0-{last})")
    return block.sentences[index]


def _new_citation(
    service: DraftService, paper: Paper, chunk_id: str, claim: str, verifier: Verifier
) -> PaperCitation:
    document, span = find_chunk(service.drafter.answerer.index, chunk_id)
    text = document.text[span.start : span.end]
    quote = verifier.verify(claim, [Passage(chunk_id, text, span.start)]).quote
    # Without a matching window the whole passage is the quote, as for joint citations.
    quoted, start, end = (
        (quote.text, quote.start, quote.end) if quote else (text, span.start, span.end)
    )
    number = max((c.n for c in paper.citations), default=0) + 1
    return PaperCitation(n=number, source=document.source, doc_id=document.doc_id,
                         chunk_id=chunk_id, title=document.title, date=document.date,
                         quote=quoted, start=start, end=end)  # fmt: skip


def _recheck(sentence: Sentence, paper: Paper, verifier: Verifier) -> None:
    """Verify a claim in place, the way ``DraftService.edit_section`` does."""
    checked = recheck(sentence, {c.n: c for c in paper.citations}, verifier)
    sentence.supported, sentence.reason = checked.supported, checked.reason
