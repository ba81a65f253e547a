"""Drafting service: generate, read, edit, regenerate, share, diff and export drafts.

The one place drafts are changed: the CLI, the JSON API and the web pages all call it
with the acting ``User``, and every call checks that user's access to the draft
(``service.papers.access``) and writes the audit log.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Literal

from service.accounts.audit import AuditLog
from service.accounts.users import User
from service.answer.answerer import Answerer
from service.answer.verify import Passage, Verifier
from service.config import Settings
from service.corpus.index import Index
from service.errors import ForbiddenError
from service.papers.access import DraftAccess
from service.papers.export import paper_to_docx, paper_to_markdown
from service.papers.model import DraftRequest, Paper, PaperCitation, Prose, Sentence
from service.papers.store import (
    DraftRecord,
    DraftStore,
    DraftSummary,
    PaperDiff,
    StaleVersionError,
    VersionSummary,
    diff_versions,
)
from service.papers.writer import Drafter, Progress, paper_sentence_count
from service.wiring import build_answerer, build_drafter

ExportFormat = Literal["md", "docx"]


@dataclass
class DraftService:
    """A drafter, the store its drafts live in, who may see them, and the audit log."""

    drafter: Drafter
    store: DraftStore
    access: DraftAccess
    audit: AuditLog

    @classmethod
    def open(
        cls, index: Index, settings: Settings, answerer: Answerer | None = None
    ) -> DraftService:
        """Wire a service over an open index (sharing its database)."""
        answerer = answerer or build_answerer(index, settings)
        sessions = index.sessions
        return cls(build_drafter(answerer, settings), DraftStore(sessions),
                   DraftAccess(sessions), AuditLog(sessions))  # fmt: skip

    def generate(
        self, request: DraftRequest, user: User, progress: Progress | None = None
    ) -> DraftRecord:
        """Draft a paper and save it as version 1 of a new draft owned by ``user``."""
        if not user.can("draft"):
            raise ForbiddenError(f"the {user.role} role cannot create drafts")
        paper = self.drafter.draft(request, progress)
        record = self.store.create(paper, author=user.username, owner=user.username)
        self.audit.record(user.username, "draft_created", record.draft_id, paper.title)
        return record

    def read(self, user: User, draft_id: str, version: int | None = None) -> DraftRecord:
        """The draft at its current (or a given) version, if ``user`` may see it."""
        self.access.check(user, draft_id, "read")
        return self.store.get(draft_id, version)

    def list(self, user: User) -> builtins.list[DraftSummary]:
        """The drafts ``user`` owns or that are shared with them, latest change first."""
        visible = self.access.visible_ids(user)
        return [d for d in self.store.list() if d.id in visible]

    def versions(self, user: User, draft_id: str) -> builtins.list[VersionSummary]:
        """Every version of a draft ``user`` may see."""
        self.access.check(user, draft_id, "read")
        return self.store.versions(draft_id)

    def diff(self, user: User, draft_id: str, old: int, new: int) -> PaperDiff:
        """Text and citation changes between two versions."""
        self.access.check(user, draft_id, "read")
        before, after = self.store.get(draft_id, old), self.store.get(draft_id, new)
        return diff_versions(before.paper, after.paper)

    def edit_section(
        self, draft_id: str, path: str, sentences: builtins.list[Sentence], expected: int,
        user: User,
    ) -> DraftRecord:  # fmt: skip
        """Save an analyst's edit of one block; each claim is re-verified against its quotes
        and flagged (not removed) when its citations no longer support it."""
        self.access.check(user, draft_id, "edit")
        by_n = {c.n: c for c in self.store.get(draft_id).paper.citations}
        verifier = self.drafter.answerer.verifier
        checked = [recheck(s, by_n, verifier) for s in sentences]
        # Checked against the latest version; if that is not ``expected`` the save refuses it.
        record = self.store.update_section(draft_id, path, Prose(sentences=checked), expected,
                                           user.username)  # fmt: skip
        self.audit.record(user.username, "draft_edited", draft_id, f"{path} v{record.version}")
        return record

    def regenerate_section(
        self, draft_id: str, path: str, expected: int, user: User,
        progress: Progress | None = None,
    ) -> DraftRecord:  # fmt: skip
        """Write the block at ``path`` afresh (retrieval, composition and verification
        again) and save it as change "regeneration:<path>"; the save refuses it with
        ``StaleVersionError`` if the draft changed since ``expected`` meanwhile."""
        self.access.check(user, draft_id, "edit")
        current = self.store.get(draft_id)
        if current.version != expected:
            raise StaleVersionError(draft_id, expected, current.version)
        paper = self.drafter.regenerate(current.paper, path, progress)
        record = self.store.save(draft_id, paper, expected, user.username, f"regeneration:{path}")
        self.audit.record(user.username, "draft_regenerated", draft_id,
                          f"{path} v{record.version}")  # fmt: skip
        return record

    def share(self, user: User, draft_id: str, grantees: builtins.list[str]) -> builtins.list[str]:
        """Share a draft with named users and/or everyone ("*"); replaces earlier grants."""
        names = self.access.share(user, draft_id, grantees)
        self.audit.record(user.username, "draft_shared", draft_id, ",".join(names))
        return names

    def export(self, user: User, draft_id: str, fmt: ExportFormat) -> tuple[str, bytes]:
        """``(file name, bytes)`` of the current version as Markdown or DOCX."""
        record = self.read(user, draft_id)
        name = f"draft-{draft_id[:8]}-v{record.version}.{fmt}"
        data = (paper_to_docx(record.paper) if fmt == "docx"
                else paper_to_markdown(record.paper).encode("utf-8"))  # fmt: skip
        self.audit.record(user.username, "draft_exported", draft_id, name)
        return name, data

    @staticmethod
    def sentence_counts(paper: Paper) -> tuple[int, int]:
        """``(claims, verified claims)`` in a paper."""
        return paper_sentence_count(paper)


def recheck(sentence: Sentence, by_n: dict[int, PaperCitation], verifier: Verifier) -> Sentence:
    """A copy of ``sentence`` verified against the quotes of the citations it now carries
    (``by_n``: the paper's citations by number): claims that lost their support, cite an
    unknown number or cite nothing are flagged with the reason, never dropped."""
    if sentence.kind == "framing":
        return sentence.model_copy(update={"supported": True, "reason": ""})
    unknown = [n for n in sentence.citations if n not in by_n]
    if unknown or not sentence.citations:
        reason = f"unknown citation(s) {unknown}" if unknown else "no citation"
        return sentence.model_copy(update={"supported": False, "reason": reason})
    passages = [Passage(by_n[n].chunk_id, by_n[n].quote, by_n[n].start)
                for n in sentence.citations]  # fmt: skip
    verdict = verifier.verify(sentence.text, passages)
    return sentence.model_copy(update={"supported": verdict.supported,
                                       "reason": verdict.reason})  # fmt: skip
