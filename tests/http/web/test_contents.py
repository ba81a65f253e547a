"""The editor's contents rail: groups in reading order and flagged counts per section."""

from __future__ import annotations

from service.http.web.contents import contents_rail, flagged_in
from service.http.web.views import paper_blocks
from service.papers.paper import Paper


def test_the_rail_groups_options_and_agendas_and_counts_flags(drafted_paper: Paper) -> None:
    paper = drafted_paper.model_copy(deep=True)
    paper.options[0].sequencing[0].steps.sentences[0].supported = False
    paper.bluf.sentences[0].supported = False
    blocks = paper_blocks(paper)
    rail = contents_rail(paper, blocks)
    titles = [g.title for g in rail.groups]
    assert titles[0] == "" and rail.groups[0].blocks[0].path == "bluf"  # top-level: own entry
    option = next(g for g in rail.groups if g.title.startswith("Option 1:"))
    assert all(b.path.startswith("options.0.") for b in option.blocks)
    assert option.flagged == 1 and option.anchor == f"group-{option.blocks[0].slug}"
    assert [g.title for g in rail.groups if g.title.startswith("Option")] == [
        f"Option {i + 1}: {o.name}" for i, o in enumerate(paper.options)
    ]
    assert rail.flagged == 2 and flagged_in(rail.groups[0].blocks[0]) == 1
    assert [e.anchor for e in rail.extras][-1] == "sources"
    assert ("matrix-section" in [e.anchor for e in rail.extras]) == bool(paper.matrix)
