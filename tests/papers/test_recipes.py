"""Which blocks a paper has: one recipe per generated block by its path, in reading order,
and a section for each agenda the plan gives weight, heaviest first."""

from __future__ import annotations

from service.corpus.agendas import load_agendas
from service.package_data import prompts_dir
from service.papers.archetypes import load_archetypes
from service.papers.paper import DraftRequest
from service.papers.plan import Plan, make_plan, weighted_agendas
from service.papers.recipes import paper_recipes
from service.papers.writer import resolve_weights

CATALOGUE = load_agendas(prompts_dir() / "agendas.yaml")
# Every peripheral agenda at 0 but two: only those get a section.
WEIGHTS = {a.id: 0.0 for a in CATALOGUE.peripheral} | {
    "sanctions-relief": 0.4,
    "remains-and-graves": 0.9,
}


def _plan() -> Plan:
    tasking = "How should Japan structure renewed talks?"
    request = DraftRequest(tasking=tasking, weights=WEIGHTS, options=2)
    return make_plan(request, resolve_weights(request, CATALOGUE), load_archetypes())


def test_the_weighted_agendas_come_heaviest_first_and_none_at_zero() -> None:
    agendas = weighted_agendas(_plan(), CATALOGUE)
    assert [a.id for a in agendas] == ["remains-and-graves", "sanctions-relief"]


def test_every_block_has_a_recipe_in_reading_order() -> None:
    paths = list(paper_recipes(_plan(), CATALOGUE))
    assert paths[:3] == ["bluf", "background", "core_assessment"]
    assert paths[-1] == "recommendation"
    agendas = [p.split(".")[1] for p in paths if p.startswith("agendas.")]
    assert list(dict.fromkeys(agendas)) == ["remains-and-graves", "sanctions-relief"]
    options = {p.split(".")[1] for p in paths if p.startswith("options.")}
    assert options == {"0", "1"}
    assert "options.0.summary" in paths and "options.1.indicators" in paths
