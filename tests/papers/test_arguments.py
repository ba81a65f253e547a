"""Pros, cons and risks chosen by what they argue: a pro carries a word of benefit or support,
a con or risk one of cost, failure or opposition, and either speaks of the option's own
terms. On sentences of the shipped corpus, then on a paper drafted with the abductions
weighted up (so the abductions-first option is weighed)."""

from __future__ import annotations

import pytest

from service.corpus.index import Index
from service.papers.archetypes import Archetype, load_archetypes
from service.papers.arguments import argues, argument_test, borrow_arguments, option_terms
from service.papers.blocks import prose_paths
from service.papers.paper import DraftRequest, Gap, Option, Paper, render_sentence
from service.wiring import build_answerer, build_writer
from tests.papers.samples import paper


def paper_claims(made: Paper) -> list[str]:
    return [s.text for prose in prose_paths(made).values() for s in prose.claims]


TRUMP = ("At Sanae Takaichi's request, US President Donald Trump met about 14 members of "
         "abductees' families, including Sakie Yokota, at the Akasaka Palace in Tokyo on "
         "28 October 2025.")  # fmt: skip
ISHIBA = ("In his policy speech of 4 October 2024, Shigeru Ishiba called the abduction issue "
          "his government's \"most important task\".")  # fmt: skip
ADMITTED = ("Kim Jong Il admitted at the 17 September 2002 summit that people connected with "
            "the DPRK had carried out the abductions.")  # fmt: skip
STALL = ("The DPRK calls the abduction issue settled, so an agenda limited to abductions is "
         "likely to stall at the first meeting.")  # fmt: skip
ABDUCTIONS_FIRST = "Abductions-first conditional track"


@pytest.fixture(scope="module")
def abductions_first() -> Archetype:
    return next(a for a in load_archetypes() if a.name == ABDUCTIONS_FIRST)


def test_a_pro_argues_for_the_option(abductions_first: Archetype) -> None:
    terms = option_terms(abductions_first, abductions_first.pros.framing)
    # On the topic, but arguing nothing: a meeting, a speech.
    assert not argues("pros", TRUMP, terms)
    assert not argues("pros", ISHIBA, terms)
    assert argues("pros", ADMITTED, terms)
    # A failure is no pro, and a benefit of something else is none either.
    assert not argues("pros", STALL, terms)
    assert not argues("pros", "South Korea's loudspeaker pause helped ease tension on the "
                              "peninsula.", terms)  # fmt: skip


def test_a_con_or_risk_names_a_cost_failure_or_opposition(abductions_first: Archetype) -> None:
    con = argument_test("cons", abductions_first, abductions_first.cons.framing)
    assert con is not None and con(STALL) and not con(ADMITTED) and not con(TRUMP)
    risk = argument_test("risks", abductions_first, abductions_first.risks.framing)
    assert risk is not None and risk("The parents' generation is ageing, which adds time "
                                     "pressure on the abduction issue.")  # fmt: skip
    # Other blocks take any evidence.
    assert argument_test("verification", abductions_first, "") is None


@pytest.fixture(scope="module")
def weighted_paper(corpus_index: Index) -> Paper:
    writer = build_writer(build_answerer(corpus_index, corpus_index.settings),
                          corpus_index.settings)  # fmt: skip
    request = DraftRequest(tasking="Should Japan make the abductions the condition for any "
                           "other step?", options=2, length="short",
                           weights={"abductions": 1.0, "sanctions-relief": 0.6})  # fmt: skip
    return writer.draft(request)


def test_drafted_pros_cons_and_risks_argue(weighted_paper: Paper) -> None:
    archetypes = {a.name: a for a in load_archetypes()}
    option = next(o for o in weighted_paper.options if o.name == ABDUCTIONS_FIRST)
    pros = " ".join(s.text for s in option.pros.claims)
    assert "Trump" not in pros and "Ishiba" not in pros, pros
    quotes = {c.n: c.quote for c in weighted_paper.citations}
    for option in weighted_paper.options:
        archetype = archetypes[option.name]
        for field in ("pros", "cons", "risks"):
            block = getattr(option, field)
            framing = getattr(archetype, field).framing
            terms = option_terms(archetype, framing)
            for claim in block.claims:
                said = as_sourced(claim.text, [quotes[n] for n in claim.citations])
                assert argues(field, said, terms), (option.name, field, said)


def as_sourced(claim: str, quotes: list[str]) -> str:
    """The claim as its source states it, with the label the claim no longer carries
    ("Risk: the DPRK could ..."): what a sentence argues was judged on that."""
    body = claim[1:]  # the label dropped, the claim's first letter was capitalised
    for quote in quotes:
        at = quote.find(body)
        if at > 0:
            start = quote.rfind(". ", 0, at)
            return quote[0 if start < 0 else start + 2 : at + len(body)]
    return claim


def test_a_sentence_labelled_or_leaning_the_other_way_argues_nothing(
    abductions_first: Archetype,
) -> None:
    pros = option_terms(abductions_first, abductions_first.pros.framing)
    cons = option_terms(abductions_first, abductions_first.cons.framing)
    labelled_risk = "Risk: the abduction talks could stall, though they produced some trust."
    assert not argues("pros", labelled_risk, pros)
    assert argues("cons", labelled_risk, cons)
    labelled_leverage = "Leverage: the abduction track produced a return, though it stalled."
    assert not argues("cons", labelled_leverage, cons)
    # More words of cost than of benefit: it argues against, whatever one benefit word says.
    leaning = "The abduction talks stalled, failed and were refused after some progress."
    assert not argues("pros", leaning, pros) and argues("cons", leaning, cons)


def test_empty_cons_and_risks_point_to_the_papers_cited_arguments() -> None:
    """Evidence cited elsewhere in the paper that counts against an option fills its empty
    cons, without stating a claim twice: a pointer to where the paper states it."""
    archetypes = {a.id: a for a in load_archetypes()}
    chosen = [archetypes["abductions-first"], archetypes["hold-and-pressure"]]
    made = paper(STALL)  # the BLUF cites a failure of an abductions-only agenda
    made.options = [Option(name=a.name) for a in chosen]
    made.gaps = [Gap(path="options.0.cons", text="No source states what would count against.")]
    borrow_arguments(made, chosen)
    first = made.options[0]
    assert not first.cons.claims and paper_claims(made) == [STALL]
    pointer = first.cons.sentences[0]
    assert pointer.kind == "framing" and pointer.citations == [1]
    expected = "Counts against it: the evidence cited under the bottom line [1]."
    assert render_sentence(pointer) == expected
    assert not made.gaps, "the block says where its evidence is"
    # Once per option: the risks block does not point to what its cons already do.
    assert not first.risks.sentences
    # A claim that argues for an option is never borrowed as a con.
    admitted = paper(ADMITTED)
    admitted.options = [Option(name=a.name) for a in chosen]
    borrow_arguments(admitted, chosen)
    assert not any(o.cons.sentences or o.risks.sentences for o in admitted.options)
