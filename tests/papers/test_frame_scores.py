"""With the analyst's own frame, the options are scored on its agendas from their evidence
(issue 31): no archetype scores "sugar-levy", so before, every option scored 0 there and
the weights chose nothing. The invented health-policy corpus of bench/corpora/off-frame,
real MiniLM, Chroma and SQLite, the committed reading model and the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.papers.choices import AgendaFrame
from service.papers.paper import DraftRequest
from service.papers.plan import reasoning_sentence
from service.wiring import build_answerer, build_writer

REPO = Path(__file__).resolve().parents[2]
LEVY = (
    "Should the health ministry support or oppose a levy on sugary drinks, with the budget "
    "committee deciding before the June session?"
)
FRAME = AgendaFrame(core="Sugar levy", peripheral=["Dental health", "School meals"])


@pytest.fixture(scope="module")
def levy_index(tmp_path_factory: pytest.TempPathFactory, corpus_index: Index) -> Index:
    settings = corpus_index.settings.model_copy(
        update={"data_dir": tmp_path_factory.mktemp("levy")}
    )
    index = Index.open(settings, corpus_index.embedder)
    assert ingest_paths(index, [REPO / "bench" / "corpora" / "off-frame"]).ok
    return index


@pytest.mark.parametrize("paper_reader", ["model", "rules"])
def test_options_score_on_the_analysts_agendas(levy_index: Index, paper_reader: str) -> None:
    settings = levy_index.settings.model_copy(update={"paper_reader": paper_reader})
    writer = build_writer(build_answerer(levy_index, settings), settings)
    request = DraftRequest(
        tasking=LEVY, frame=FRAME, weights={"sugar-levy": 0.8, "dental-health": 0.4},
        reviewed_only=False,
    )  # fmt: skip
    plan = writer.propose(request)
    assert set(plan.weights) == {"sugar-levy", "dental-health", "school-meals"}
    for option in plan.chosen:
        assert option.scores["sugar-levy"] > 0, option.name
    assert plan.chosen[0].weighted_score(plan.weights) > 0
    assert "scores 0.00" not in reasoning_sentence(plan)


def test_the_desks_own_frame_keeps_the_catalogue_scores(levy_index: Index) -> None:
    writer = build_writer(build_answerer(levy_index, levy_index.settings), levy_index.settings)
    plan = writer.propose(DraftRequest(tasking=LEVY, reviewed_only=False))
    for option in plan.chosen:
        assert "sugar-levy" not in option.scores
