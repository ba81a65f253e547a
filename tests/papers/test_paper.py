"""The paper model: every prose block reachable by a dotted path."""

from __future__ import annotations

from service.papers.paper import prose_paths
from tests.papers.samples import full_paper


def test_prose_paths_walk_the_whole_paper() -> None:
    paths = list(prose_paths(full_paper()))
    assert paths[:3] == ["bluf", "background", "core_assessment"]
    assert {"agendas.abductions.status", "agendas.abductions.linkage", "recommendation",
            "options.0.summary", "options.0.sequencing.0", "options.0.sequencing.1",
            "options.0.red_lines", "options.0.indicators"} <= set(paths)  # fmt: skip
    assert len(paths) == 4 + 3 + 8 + 2
