"""Conflicts beyond dates: different counts of the same thing, and a later statement that
supersedes an earlier one. The rules on sentences of the shipped corpus (what counts as an
attributed total, what as a change to a named instrument), then on the passages a real
tasking retrieves, each side cited through the shared citation path."""

from __future__ import annotations

from service.corpus.index import Index
from service.papers.conflicts import (
    Said,
    changed_instruments,
    counts,
    number_clashes,
    supersessions,
)
from service.papers.paper import DraftRequest
from service.papers.section_writer import SectionWriter
from service.papers.timeline import TimelineBuilder
from service.wiring import build_answerer, build_writer

JAPAN_17 = "Japan's government officially recognises 17 abductees, taken in 12 incidents."
DPRK_13 = "The DPRK admits 13 abductions, made up of the 5 people who returned in 2002."
RYANG = ("Sonia Ryang's 2023 study puts the number of Japanese spouses among the 93,340 "
         "returnees at about 1,830.")  # fmt: skip
GOVERNMENT = ("The Japanese government estimated that about 1,800 Japanese women went to the "
              "DPRK with their Korean husbands.")  # fmt: skip
SIC_2014 = Said(1, "The Special Investigation Committee was the body that the DPRK promised, in "
                "the Stockholm Agreement of May 2014, to set up.", ("2014-05",))  # fmt: skip
SIC_2016 = Said(2, "On 12 February 2016 the DPRK declared that it was dissolving the Special "
                "Investigation Committee.", ("2016-02-12",))  # fmt: skip


def test_counts_are_attributed_totals_only() -> None:
    assert counts(JAPAN_17) == {"abductees": (17, "17")}
    assert counts(RYANG)["Japanese spouses"] == (1830, "about 1,830")
    assert counts(GOVERNMENT) == {"Japanese spouses": (1800, "about 1,800")}
    # A part of a group, a group the reader already knows, or a count no one is said to give.
    assert counts("The DPRK says that 8 of the remaining 12 recognised abductees are dead.") == {}
    assert counts("Japan said that the 12 recognised abductees were its top priority.") == {}
    assert counts("Five abductees came home; 13 abductions were never explained.") == {}


def test_different_counts_of_one_thing_clash() -> None:
    said = [Said(1, JAPAN_17), Said(2, DPRK_13), Said(3, RYANG), Said(4, GOVERNMENT)]
    clashes = {c.about: c for c in number_clashes(said)}
    assert set(clashes) == {"the number of abductees", "the number of Japanese spouses"}
    abductees = clashes["the number of abductees"]
    assert {abductees.value_a, abductees.value_b} == {"17", "13"}
    assert abductees.later is None  # neither sentence dates its count
    same = [Said(1, JAPAN_17), Said(2, "Japan recognises 17 abductees, the government says.")]
    assert number_clashes(same) == []


def test_a_later_change_to_a_named_instrument_supersedes() -> None:
    assert changed_instruments(SIC_2016.text) == ["Special Investigation Committee"]
    (clash,) = supersessions([SIC_2016, SIC_2014])
    assert clash.about == "the Special Investigation Committee"
    assert (clash.a, clash.b, clash.later) == (SIC_2014, SIC_2016, SIC_2016)
    # Another agreement of the same kind is not the same instrument; a person is none; a
    # later mention without a change supersedes nothing.
    calcutta = Said(3, "The Calcutta Agreement was signed in August 1959.", ("1959-08",))
    lifted = Said(4, "Under the Stockholm Agreement, Japan lifted three measures on 4 July 2014.",
                  ("2014-07-04",))  # fmt: skip
    kim = Said(5, "Kim Yo Jong said on 26 March 2024 that a summit no longer interested the DPRK.",
               ("2024-03-26",))  # fmt: skip
    elder = Said(6, "On 8 September 1958 Kim Il Sung called on Koreans to return.", ("1958-09-08",))
    assert supersessions([calcutta, lifted, kim, elder]) == []
    mention = Said(7, "In 2015 the Special Investigation Committee met Japan's team.", ("2015",))
    assert supersessions([SIC_2014, mention]) == []


def test_a_tasking_finds_cited_supersessions_and_counts(corpus_index: Index) -> None:
    answerer = build_answerer(corpus_index, corpus_index.settings)
    catalogue = build_writer(answerer, corpus_index.settings).catalogue
    found = {}
    for tasking in ("Should Japan seek to revive the Stockholm process on missing persons?",
                    "How should Japan press the DPRK on the abductees it calls dead?"):  # fmt: skip
        writer = SectionWriter(answerer, DraftRequest(tasking=tasking), [])
        found |= {c.about: c for c in TimelineBuilder(writer, catalogue).conflicts()}
    superseded = found["the Special Investigation Committee"]
    assert superseded.kind == "supersession" and superseded.heading.startswith("A later")
    assert [s.later for s in superseded.statements] == [False, True]
    assert superseded.statements[1].value == "2016-02-12"
    counted = found["the number of abductees"]
    assert counted.kind == "number" and {s.value for s in counted.statements} == {"17", "13"}
    for conflict in (superseded, counted):
        assert all(s.citations for s in conflict.statements)
