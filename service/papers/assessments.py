"""Fact vs assessment as data on each claim: a claim that rests only on analysis documents
(``doc_type`` analysis or commentary) is an attributed assessment, marked with the title of
the document whose argument it reports; a claim with any agreement or record behind it is a
fact. The mark follows from the claim's citations, so it is set when a block is written and
set again whenever a claim or its citations change (an edit, a citation added or removed):
a text edit of a section keeps it, in the editor, Markdown and DOCX alike.
"""

from __future__ import annotations

from service.corpus.registry import Registry
from service.papers.blocks import prose_paths
from service.papers.paper import ASSESSMENT_TYPES, Paper
from service.text.evidence import Citation


class Attribution:
    """Which claims are assessments, from the document types in the corpus registry."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._doc_types: dict[str, str] = {}

    def of(self, cited: list[Citation]) -> str:
        """The title of the analysis document a claim rests on, if it rests only on
        analysis: an argument to attribute, not a fact to state. "" otherwise."""
        if cited and all(self._doc_type(c.source) in ASSESSMENT_TYPES for c in cited):
            return cited[0].title or cited[0].source
        return ""

    def mark(self, paper: Paper) -> None:
        """Set every claim's mark from the citations it now carries, in place."""
        by_n = {c.n: c for c in paper.citations}
        for prose in prose_paths(paper).values():
            for sentence in prose.claims:
                sentence.assessment = self.of([by_n[n] for n in sentence.citations if n in by_n])

    def _doc_type(self, source: str) -> str:
        if source not in self._doc_types:
            row = self.registry.find(source)
            self._doc_types[source] = row.doc_type if row else ""
        return self._doc_types[source]
