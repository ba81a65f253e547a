"""Small hand-made papers for the paper tests."""

from __future__ import annotations

from service.papers.blocks import refresh_derived, set_prose
from service.papers.paper import AgendaSection, DraftRequest, Option, Paper, Phase, Prose, Sentence
from service.papers.store import DraftRecord, DraftStore
from service.text.evidence import Citation


def cite(n: int, quote: str, source: str = "corpus/a.md") -> Citation:
    return Citation(n=n, source=source, doc_id="d", chunk_id=f"c{n}", title="Talks",
                         date="2014-05-29", quote=quote, start=0, end=len(quote))  # fmt: skip


def paper(bluf: str = "Talks were held in May 2014.", title: str = "Options paper") -> Paper:
    return Paper(
        title=title,
        request=DraftRequest(tasking="How should Japan proceed?"),
        bluf=Prose(sentences=[Sentence(text=bluf, citations=[1])]),
        citations=[cite(1, bluf)],
    )


def full_paper() -> Paper:
    made = paper()
    made.agendas = [AgendaSection(agenda_id="abductions", name="Abductions", weight=0.8)]
    made.options = [Option(name="Engage", sequencing=[Phase(name="Open"), Phase(name="Close")])]
    return made


def save_block(
    store: DraftStore, draft_id: str, path: str, sentences: list[Sentence], expected: int,
    author: str,
) -> DraftRecord:  # fmt: skip
    """Replace the block at ``path`` and save it through the store alone, as change
    "edit:<path>" (DraftService.edit_section does this plus verification)."""
    paper = store.get(draft_id).paper
    set_prose(paper, path, Prose(sentences=sentences))
    refresh_derived(paper)
    return store.save(draft_id, paper, expected, author, f"edit:{path}")
