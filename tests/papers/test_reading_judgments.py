"""The reading model's judgments in a paper (issue 31): a claim restated in other words is
a repeat, and the frame check reads whether the corpus speaks to each agenda. Real
MiniLM embeddings, the committed reading model, real Chroma and SQLite."""

from __future__ import annotations

from pathlib import Path

from service.corpus.agendas import Agenda
from service.corpus.embed import LocalEmbeddings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.papers.frame import frame_fit
from service.papers.repeats import ClaimLedger
from service.verify.reader import load_reading_model
from tests.conftest import write_md

DEMAND = (
    "Japan demands the immediate return of every abductee, a complete accounting for "
    "abductees whose fate remains unknown, and the handover of the perpetrators."
)
RESTATED = (
    "Japan wants every abductee returned, including any abductee whom Japan has not "
    "officially identified."
)


def test_a_claim_restated_in_other_words_is_a_repeat_with_the_model(
    embedder: LocalEmbeddings,
) -> None:
    assert not ClaimLedger(embedder, [DEMAND]).is_repeat(RESTATED)  # the rules let it by
    ledger = ClaimLedger(embedder, [DEMAND], load_reading_model())
    assert ledger.is_repeat(RESTATED)
    assert not ledger.is_repeat("Komusan is the burial site of about 3,300 Japanese soldiers.")


def _agenda(agenda_id: str, name: str) -> Agenda:
    return Agenda(id=agenda_id, name=name, description=name, default_weight=0.5, tags=["x"])


def test_the_frame_check_names_what_the_corpus_does_not_speak_to(
    index: Index, tmp_path: Path
) -> None:
    folder = tmp_path / "levy"
    folder.mkdir()
    body = ("# Sugar levy\n\nThe health ministry proposed a levy of 20 cents per litre on "
            "sugary drinks. The budget committee decides on the sugar levy in June.\n")  # fmt: skip
    write_md(folder / "levy.md", "Sugar levy", body)
    assert ingest_paths(index, [folder]).ok
    levy = _agenda("sugar-levy", "The sugar levy")
    abductions = _agenda("abductions", "Abductions of Japanese nationals")
    for reader in (load_reading_model(), None):  # the model, then the rules
        fit = frame_fit(index, [abductions, levy], abductions, reader)
        assert [a.id for a in fit.silent] == ["abductions"], fit.judged_by
        assert "does not fit its frame" in fit.note
