"""Re-verification of a paper's sentence after an edit or a citation change (the path
the editor and the API share): every citation is checked, and framing facts too."""

from __future__ import annotations

from service.corpus.embed import LocalEmbeddings
from service.papers.citations import recheck
from service.papers.paper import Sentence
from service.text.evidence import Citation
from service.verify.support import Verifier

SEPARATE = "Japan's own unilateral measures against the DPRK are separate from the UN sanctions."
DISBANDED = (
    "On 12 February 2016 the DPRK announced that it was halting the comprehensive survey "
    "and disbanding the Special Investigation Committee."
)


def _citation(n: int, quote: str) -> Citation:
    return Citation(n=n, source=f"doc{n}.md", doc_id=f"d{n}", chunk_id=f"c{n}", quote=quote,
                    start=0, end=len(quote))  # fmt: skip


BY_N = {1: _citation(1, SEPARATE), 2: _citation(2, DISBANDED)}


def test_a_supporting_citation_verifies(embedder: LocalEmbeddings) -> None:
    checked = recheck(Sentence(text=SEPARATE, citations=[1]), BY_N, Verifier(embedder))
    assert checked.supported, checked.reason


def test_an_edit_that_changes_the_meaning_is_flagged(embedder: LocalEmbeddings) -> None:
    text = SEPARATE.replace("separate from", "part of")
    checked = recheck(Sentence(text=text, citations=[1]), BY_N, Verifier(embedder))
    assert not checked.supported
    assert '"part of" where the text says "separate from"' in checked.reason


def test_an_unrelated_citation_added_to_a_supported_sentence_is_flagged(
    embedder: LocalEmbeddings,
) -> None:
    checked = recheck(Sentence(text=SEPARATE, citations=[1, 2]), BY_N, Verifier(embedder))
    assert (checked.supported, checked.reason) == (
        False, "citation [2] does not support this sentence",
    )  # fmt: skip


def test_framing_with_facts_is_checked_against_the_papers_citations(
    embedder: LocalEmbeddings,
) -> None:
    verifier = Verifier(embedder)
    invented = Sentence(text="The DPRK returned five more abductees in 2010.", kind="framing")
    assert not recheck(invented, BY_N, verifier).supported
    sourced = Sentence(text="In February 2016 the DPRK disbanded the Special Investigation "
                            "Committee.", kind="framing")  # fmt: skip
    assert recheck(sourced, BY_N, verifier).supported
    plain = Sentence(text="Japan weighs each step against the abduction core.", kind="framing")
    assert recheck(plain, BY_N, verifier) == plain.model_copy(update={"reason": ""})
