"""Small hand-made papers for the paper tests."""

from __future__ import annotations

from service.answer.cite import Citation
from service.papers.model import AgendaSection, DraftRequest, Option, Paper, Phase, Prose, Sentence


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
