"""Citations on a paper's sentences: re-verify an edited claim, cite a passage, uncite one.

Pure changes to a ``Paper``; ``DraftService.add_citation`` and ``remove_citation``
check access, save the new version and audit it. The analyst picks a passage from a
corpus search and the sentence it should support; the quote stored is the window of
the passage that best matches that sentence (the verifier's quote), so the citation
panel shows the words that carry the claim.
"""

from __future__ import annotations

from service.corpus.index import Index
from service.corpus.view import find_chunk
from service.errors import InvalidRequestError
from service.papers.blocks import prose_paths, refresh_derived
from service.papers.paper import Paper, Prose, Sentence
from service.papers.withheld import kept_spans
from service.text.evidence import Citation, Passage
from service.verify.framing import check_framing
from service.verify.support import Verifier


def cite_passage(
    paper: Paper,
    path: str,
    sentence_index: int,
    chunk_id: str,
    index: Index,
    verifier: Verifier,
) -> None:
    """Cite passage ``chunk_id`` on sentence ``sentence_index`` of block ``path``, in place;
    the sentence is re-verified and the evidence table refreshed."""
    sentence = _sentence(_block(paper, path), sentence_index)
    if sentence.kind == "framing":
        raise InvalidRequestError(f"sentence {sentence_index}: framing carries no citations")
    citation = next((c for c in paper.citations if c.chunk_id == chunk_id), None)
    if citation is None:
        citation = _new_citation(index, paper, chunk_id, sentence.text, verifier)
        paper.citations.append(citation)
    if citation.n not in sentence.citations:
        sentence.citations.append(citation.n)
    _recheck(sentence, paper, verifier)
    refresh_derived(paper)  # the evidence table gains the newly supported claim


def uncite(paper: Paper, path: str, n: int, verifier: Verifier) -> None:
    """Take citation ``[n]`` off every sentence of block ``path``, in place; a citation no
    sentence of the paper uses any more leaves the paper's list (numbers are not reused)."""
    block = _block(paper, path)
    touched = [s for s in block.sentences if n in s.citations]
    if not touched:
        raise InvalidRequestError(f"citation [{n}]: not cited in section '{path}'")
    for sentence in touched:
        sentence.citations.remove(n)
        _recheck(sentence, paper, verifier)
    refresh_derived(paper)  # drops [n] from the paper's list if nothing else cites it


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
    index: Index, paper: Paper, chunk_id: str, claim: str, verifier: Verifier
) -> Citation:
    document, span = find_chunk(index, chunk_id)
    if paper.request.reviewed_only and document.status != "reviewed":
        raise InvalidRequestError(
            f"chunk_id: '{document.title or document.source}' is an {document.status} source; "
            "this paper cites reviewed sources only"
        )
    text = document.text[span.start : span.end]
    # Only what a paper may quote: the passage less its instruction-like sentences.
    kept = kept_spans(text)
    if not kept:
        raise InvalidRequestError(
            f"chunk_id: passage {chunk_id} reads only as instructions to a model; "
            "it cannot be cited"
        )
    pieces = [Passage(chunk_id, text[s:e], span.start + s) for s, e in kept]
    quote = verifier.verify(claim, pieces).quote
    # Without a matching window the (first usable) passage is the quote, as for joint
    # citations.
    quoted, start, end = (
        (quote.text, quote.start, quote.end)
        if quote
        else (pieces[0].text, pieces[0].doc_start, pieces[0].doc_start + len(pieces[0].text))
    )
    number = max((c.n for c in paper.citations), default=0) + 1
    return Citation(
        n=number,
        source=document.source,
        doc_id=document.doc_id,
        chunk_id=chunk_id,
        title=document.title,
        date=document.date,
        quote=quoted,
        start=start,
        end=end,
        source_status=document.status,  # shown from the registry anyway (with_live_statuses)
    )


def with_live_statuses(paper: Paper, index: Index) -> Paper:
    """A copy of ``paper`` whose citations carry their documents' review status as the
    registry holds it now: a status saved with a paper is never what is shown or
    exported (a source reviewed when cited may have been marked unreviewed since). A
    document no longer in the corpus counts as unreviewed."""
    statuses = index.registry.statuses({c.doc_id for c in paper.citations})
    fresh = paper.model_copy(deep=True)
    fresh.citations = [
        c.model_copy(update={"source_status": statuses.get(c.doc_id, "unreviewed")})
        for c in fresh.citations
    ]
    return fresh


def _recheck(sentence: Sentence, paper: Paper, verifier: Verifier) -> None:
    """Verify a claim in place, the way ``DraftService.edit_section`` does."""
    checked = recheck(sentence, {c.n: c for c in paper.citations}, verifier)
    sentence.supported, sentence.reason = checked.supported, checked.reason


def recheck(sentence: Sentence, by_n: dict[int, Citation], verifier: Verifier) -> Sentence:
    """A copy of ``sentence`` verified against the quotes of the citations it now carries
    (``by_n``: the paper's citations by number): claims that lost their support, cite an
    unknown number or cite nothing are flagged with the reason, never dropped."""
    if sentence.kind == "framing":
        passages = [Passage(c.chunk_id, c.quote, c.start) for c in by_n.values()]
        supported, reason = check_framing(sentence.text, passages, verifier)
        return sentence.model_copy(update={"supported": supported, "reason": reason})
    unknown = [n for n in sentence.citations if n not in by_n]
    if unknown or not sentence.citations:
        reason = f"unknown citation(s) {unknown}" if unknown else "no citation"
        return sentence.model_copy(update={"supported": False, "reason": reason})
    passages = [Passage(by_n[n].chunk_id, by_n[n].quote, by_n[n].start) for n in sentence.citations]
    verdict = verifier.verify(sentence.text, passages)
    idle = [sentence.citations[i] for i in verifier.idle_passages(sentence.text, passages)]
    if idle:  # every citation is checked: one that supports nothing is flagged
        marks = ", ".join(f"[{n}]" for n in idle)
        reason = f"citation {marks} does not support this sentence"
        return sentence.model_copy(update={"supported": False, "reason": reason})
    return sentence.model_copy(update={"supported": verdict.supported, "reason": verdict.reason})
