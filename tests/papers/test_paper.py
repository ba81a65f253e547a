"""The paper model: every prose block reachable by a dotted path."""

from __future__ import annotations

import re

from service.papers.blocks import prose_paths
from service.papers.paper import clip_words, phase_heading
from tests.papers.samples import full_paper


def test_prose_paths_walk_the_whole_paper() -> None:
    paths = list(prose_paths(full_paper()))
    assert paths[:3] == ["bluf", "background", "core_assessment"]
    assert {"agendas.abductions.status", "agendas.abductions.linkage", "recommendation",
            "options.0.summary", "options.0.sequencing.0", "options.0.sequencing.1",
            "options.0.red_lines", "options.0.indicators"} <= set(paths)  # fmt: skip
    assert len(paths) == 4 + 3 + 8 + 2


def test_phase_label_appears_once() -> None:
    assert phase_heading(0, "Phase 1: Written framework") == "Phase 1: Written framework"
    assert phase_heading(1, "Parallel tracks") == "Phase 2: Parallel tracks"


def test_titles_are_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    tasking = (
        "Options for Tokyo if Pyongyang proposes a summit conditional on Japan dropping the "
        "abductions precondition, with a decision"
    )
    clipped = clip_words(tasking, 100)
    assert clipped.endswith("…") and len(clipped) <= 100
    assert re.match(re.escape(clipped[:-1]) + r"\b", tasking)  # whole words only
    assert clip_words("Short enough.", 100) == "Short enough."
