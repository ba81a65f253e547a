"""Drafting on the shipped corpus with the extractive backend: structure, weights, support."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.corpus.index import Index
from service.errors import BriefingError, NothingNewError, ShorterRegenerationError
from service.papers.blocks import cited_numbers, prose_paths, refresh_derived, set_prose
from service.papers.choices import AgendaFrame
from service.papers.paper import DraftRequest, Paper, Prose, Sentence
from service.papers.writer import PaperWriter, resolve_weights
from service.text.evidence import Passage
from service.wiring import build_answerer, build_writer

TASKING = "How should Japan structure renewed talks with the DPRK?"


@pytest.fixture(scope="module")
def writer(corpus_index: Index) -> PaperWriter:
    return build_writer(build_answerer(corpus_index, corpus_index.settings), corpus_index.settings)


@pytest.fixture(scope="module")
def remains_heavy(writer: PaperWriter) -> Paper:
    weights = {"remains-and-graves": 0.9, "repatriates-and-spouses": 0.8, "sanctions-relief": 0.1}
    return writer.draft(DraftRequest(tasking=TASKING, weights=weights, options=2, length="short"))


@pytest.fixture(scope="module")
def remains_light(writer: PaperWriter) -> Paper:
    weights = {"remains-and-graves": 0.1, "repatriates-and-spouses": 0.1, "sanctions-relief": 0.9}
    return writer.draft(DraftRequest(tasking=TASKING, weights=weights, options=2, length="short"))


def test_paper_has_every_part(remains_heavy: Paper) -> None:
    paper = remains_heavy
    first = paper.bluf.sentences[0]  # the recommendation leads the claim of its main reason
    assert first.kind == "claim" and first.citations and paper.options[0].name in first.lead
    assert paper.background.claims and paper.core_assessment.claims
    assert len(paper.options) == 2
    for option in paper.options:
        assert len(option.sequencing) == 3
        for part in (option.summary, option.verification, option.red_lines, option.fallback,
                     option.pros, option.cons, option.risks, option.indicators):  # fmt: skip
            assert part.sentences, option.name
    weighted = [a for a in paper.agendas if a.weight > 0]
    assert len(paper.comparison) == 2 * (len(weighted) + 1), "core plus weighted agendas"
    assert paper.options[0].name in paper.recommendation.sentences[0].text
    assert first.lead.rstrip(":") in paper.recommendation.sentences[0].text
    assert paper.evidence and all(row.quote and row.source for row in paper.evidence)
    assert [c.n for c in paper.citations] == list(range(1, len(paper.citations) + 1))


def test_agendas_are_ordered_by_weight(remains_heavy: Paper) -> None:
    weights = [a.weight for a in remains_heavy.agendas]
    assert weights == sorted(weights, reverse=True)
    assert remains_heavy.agendas[0].agenda_id == "remains-and-graves"


def test_weights_change_the_paper(remains_heavy: Paper, remains_light: Paper) -> None:
    def remains_sentences(paper: Paper) -> int:
        section = next(a for a in paper.agendas if a.agenda_id == "remains-and-graves")
        return sum(len(p.claims) for p in (section.status, section.leverage, section.linkage))

    assert remains_sentences(remains_heavy) > remains_sentences(remains_light)
    assert [o.name for o in remains_heavy.options] != [o.name for o in remains_light.options]
    assert "Humanitarian-first" in remains_heavy.options[0].name


def test_every_claim_is_supported_by_its_quotes(remains_heavy: Paper, writer: PaperWriter) -> None:
    verifier = writer.answerer.verifier
    by_n = {c.n: c for c in remains_heavy.citations}
    text_of = {}
    for prose in [remains_heavy.bluf, remains_heavy.core_assessment, remains_heavy.background]:
        for sentence in prose.claims:
            assert sentence.supported and sentence.citations
            cited = [by_n[n] for n in sentence.citations]
            passages = [Passage(c.chunk_id, c.quote, c.start) for c in cited]
            assert verifier.verify(sentence.text, passages).supported, sentence.text
            for c in cited:
                row = writer.answerer.index.registry.find(c.source)
                assert row is not None
                text_of[c.source] = row.text
                assert row.text[c.start : c.end] == c.quote


def test_unknown_agenda_is_refused(writer: PaperWriter) -> None:
    request = DraftRequest(tasking=TASKING, weights={"weather": 0.5})
    with pytest.raises(BriefingError, match="weights: unknown agenda id\\(s\\) weather"):
        resolve_weights(request, writer.catalogue)


def test_a_framed_draft_is_weighed_on_its_own_agendas(writer: PaperWriter) -> None:
    frame = AgendaFrame(core="Sanctions", peripheral=["Humanitarian aid"])
    request = DraftRequest(tasking=TASKING, weights={"humanitarian-aid": 0.5}, frame=frame)
    assert writer.weights(request) == {"sanctions": 0.6, "humanitarian-aid": 0.5}
    desk = DraftRequest(tasking=TASKING, weights={"remains-and-graves": 0.9}, frame=frame)
    with pytest.raises(BriefingError, match="unknown agenda id\\(s\\) remains-and-graves"):
        writer.weights(desk)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"tasking": "  "}, "tasking must not be blank"),
        ({"tasking": TASKING, "weights": {"abductions": 1.5}}, "between 0 and 1"),
        ({"tasking": TASKING, "options": 6}, "less than or equal to 5"),
        ({"tasking": TASKING, "length": "epic"}, "short"),
    ],
)
def test_bad_requests_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        DraftRequest.model_validate(fields)


def _cited_numbers(paper: Paper) -> set[int]:
    return cited_numbers(paper)


def test_citations_are_numbered_in_reading_order_and_all_used(remains_heavy: Paper) -> None:
    first_seen: list[int] = []
    for prose in prose_paths(remains_heavy).values():
        for sentence in prose.sentences:
            first_seen += [n for n in sentence.citations if n not in first_seen]
    # The chronology and conflicts come after the prose and continue its numbering.
    for entry in [*remains_heavy.chronology, *(s for c in remains_heavy.conflicts
                                                for s in c.statements)]:  # fmt: skip
        first_seen += [n for n in entry.citations if n not in first_seen]
    assert first_seen == list(range(1, len(first_seen) + 1))
    assert {c.n for c in remains_heavy.citations} == _cited_numbers(remains_heavy)


def test_regenerating_a_section_rewrites_only_that_section(
    remains_heavy: Paper, writer: PaperWriter
) -> None:
    path = "agendas.remains-and-graves.leverage"
    blanked = remains_heavy.model_copy(deep=True)
    set_prose(blanked, path, Prose(sentences=[Sentence(text="Placeholder.", kind="framing")]))
    refresh_derived(blanked)
    sections: list[str] = []
    fresh = writer.regenerate(blanked, path, sections.append)
    assert sections == ["agenda remains-and-graves"]
    # The extractive backend is deterministic: the section comes back as first written,
    # though its citations may carry new numbers (the blanking dropped the old ones).
    before, after = prose_paths(remains_heavy), prose_paths(fresh)
    assert [s.text for s in after[path].sentences] == [s.text for s in before[path].sentences]
    assert all(after[p] == blanked_prose for p, blanked_prose in prose_paths(blanked).items()
               if p != path)  # fmt: skip
    assert {c.n for c in fresh.citations} == _cited_numbers(fresh)
    old_quotes = {c.n: c.quote for c in blanked.citations}
    assert all(old_quotes[c.n] == c.quote for c in fresh.citations if c.n in old_quotes)
    assert len(fresh.evidence) == len(remains_heavy.evidence)


def test_regenerating_offers_an_alternative_or_nothing(
    remains_heavy: Paper, writer: PaperWriter
) -> None:
    for path in ("background", "agendas.remains-and-graves.status"):
        before = [s.text for s in prose_paths(remains_heavy)[path].claims]
        try:
            fresh = writer.regenerate(remains_heavy, path, accept_shorter=True)
        except NothingNewError as exc:
            assert "no different evidence" in str(exc) and "no version was saved" in str(exc)
            continue
        after = [s.text for s in prose_paths(fresh)[path].claims]
        assert after and after != before
        others = [s.text for p, prose in prose_paths(fresh).items() if p != path
                  for s in prose.claims]  # fmt: skip
        assert not set(after) & set(others), "an alternative never repeats another block"


def test_regenerating_never_returns_less_without_asking(
    remains_heavy: Paper, writer: PaperWriter
) -> None:
    # A background padded with the paper's other claims: any regeneration comes back shorter.
    padded = remains_heavy.model_copy(deep=True)
    others = [s for p, prose in prose_paths(padded).items() if p != "background"
              for s in prose.claims]  # fmt: skip
    extra = others[:8]
    set_prose(padded, "background", Prose(sentences=[*padded.background.sentences, *extra]))
    count = len(padded.background.claims)
    with pytest.raises(ShorterRegenerationError, match=f"where the current one has {count} claims"):
        writer.regenerate(padded, "background")
    try:
        fresh = writer.regenerate(padded, "background", accept_shorter=True)
    except NothingNewError:
        return  # nothing different at all: no version either way
    assert 0 < len(fresh.background.claims) < count


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("options.7.pros", "not a generated section"),
        ("agendas.sanctions-relief.leverage", "not a generated section"),  # light: status only
        ("title", "not a generated section"),
    ],
)
def test_regenerating_an_unknown_section_is_refused(
    remains_heavy: Paper, writer: PaperWriter, path: str, message: str
) -> None:
    with pytest.raises(BriefingError, match=message):
        writer.regenerate(remains_heavy, path)
