"""Drafting service: generate, save, edit, regenerate and diff drafts (CLI and API share it)."""

from __future__ import annotations

from dataclasses import dataclass

from service.answer import Answerer
from service.config import Settings
from service.draft import Drafter, Progress, paper_sentence_count
from service.drafts import DraftRecord, DraftStore, StaleVersionError
from service.index import Index
from service.paper import DraftRequest, Paper, PaperCitation, Prose, Sentence
from service.verify import Passage
from service.wiring import build_answerer, build_drafter


@dataclass
class DraftService:
    """A drafter plus the store its drafts live in."""

    drafter: Drafter
    store: DraftStore

    @classmethod
    def open(
        cls, index: Index, settings: Settings, answerer: Answerer | None = None
    ) -> DraftService:
        """Wire a service over an open index (sharing its database)."""
        answerer = answerer or build_answerer(index, settings)
        return cls(build_drafter(answerer, settings), DraftStore(index.sessions))

    def generate(
        self, request: DraftRequest, author: str, progress: Progress | None = None
    ) -> DraftRecord:
        """Draft a paper and save it as version 1 of a new draft."""
        paper = self.drafter.draft(request, progress)
        return self.store.create(paper, author=author)

    def edit_section(
        self, draft_id: str, path: str, sentences: list[Sentence], expected: int, author: str
    ) -> DraftRecord:
        """Save an analyst's edit of one block; each claim is re-verified against its quotes
        and flagged (not removed) when its citations no longer support it."""
        by_n = {c.n: c for c in self.store.get(draft_id).paper.citations}
        checked = [self._recheck(s, by_n) for s in sentences]
        # Checked against the latest version; if that is not ``expected`` the save refuses it.
        return self.store.update_section(draft_id, path, Prose(sentences=checked), expected, author)

    def regenerate_section(
        self,
        draft_id: str,
        path: str,
        expected: int,
        author: str,
        progress: Progress | None = None,
    ) -> DraftRecord:
        """Write the block at ``path`` afresh (retrieval, composition and verification
        again) and save it as change "regeneration:<path>"; the save refuses it with
        ``StaleVersionError`` if the draft changed since ``expected`` meanwhile."""
        current = self.store.get(draft_id)
        if current.version != expected:
            raise StaleVersionError(draft_id, expected, current.version)
        paper = self.drafter.regenerate(current.paper, path, progress)
        return self.store.save(draft_id, paper, expected, author, f"regeneration:{path}")

    def _recheck(self, sentence: Sentence, by_n: dict[int, PaperCitation]) -> Sentence:
        if sentence.kind == "framing":
            return sentence.model_copy(update={"supported": True, "reason": ""})
        unknown = [n for n in sentence.citations if n not in by_n]
        if unknown or not sentence.citations:
            reason = f"unknown citation(s) {unknown}" if unknown else "no citation"
            return sentence.model_copy(update={"supported": False, "reason": reason})
        passages = [Passage(by_n[n].chunk_id, by_n[n].quote, by_n[n].start)
                    for n in sentence.citations]  # fmt: skip
        verdict = self.drafter.answerer.verifier.verify(sentence.text, passages)
        return sentence.model_copy(update={"supported": verdict.supported,
                                           "reason": verdict.reason})  # fmt: skip

    @staticmethod
    def sentence_counts(paper: Paper) -> tuple[int, int]:
        """``(claims, verified claims)`` in a paper."""
        return paper_sentence_count(paper)
