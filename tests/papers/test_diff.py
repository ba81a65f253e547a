"""Diffs between two versions: changed blocks, citations added and removed."""

from __future__ import annotations

from service.papers.diff import diff_versions
from service.papers.paper import Prose, Sentence
from tests.papers.samples import cite, paper


def test_diff_reports_changed_text_and_citations() -> None:
    old, new = paper(), paper("Talks resumed in March 2014.")
    new.background = Prose(sentences=[Sentence(text="Context.", citations=[2])])
    new.citations.append(cite(2, "Context.", source="corpus/b.md"))
    diff = diff_versions(old, new)
    assert [s.path for s in diff.sections] == ["bluf", "background"]
    assert "-Talks were held in May 2014 [1]." in diff.sections[0].unified
    assert "+Talks resumed in March 2014 [1]." in diff.sections[0].unified
    assert diff.sections[1].old_text == "" and diff.sections[1].new_text == "Context [2]."
    assert [c.quote for c in diff.citations_added] == ["Talks resumed in March 2014.", "Context."]
    assert [c.quote for c in diff.citations_removed] == ["Talks were held in May 2014."]
    as_json = diff.as_json()
    assert as_json["citations_removed"][0]["title"] == "Talks"
    assert as_json["sections"][0]["path"] == "bluf"
    assert diff_versions(old, old).sections == []
