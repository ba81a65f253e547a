"""Drafting service: generate, read, edit, cite, regenerate, share, diff and export drafts.

The one place drafts are changed: the CLI, the JSON API and the web pages all call it
with the acting ``User``, and every call checks that user's access to the draft
(``service.papers.access``) and writes the audit log.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, replace
from typing import Literal

from service.accounts.audit import AuditLog
from service.accounts.users import User
from service.answer.answerer import Answerer
from service.config import Settings
from service.corpus.anchors import reanchor
from service.corpus.index import Index
from service.errors import ForbiddenError, StaleVersionError
from service.papers.access import DraftAccess
from service.papers.assessments import Attribution
from service.papers.blocks import paper_sentence_count, refresh_derived, set_prose
from service.papers.choices import OptionChoice
from service.papers.citations import cite_passage, recheck, uncite, with_live_statuses
from service.papers.diff import PaperDiff, diff_versions
from service.papers.edit_text import checked_edit
from service.papers.export import paper_to_docx, paper_to_markdown
from service.papers.matrix_edit import CellEdit, set_cell
from service.papers.paper import DraftRequest, Paper, Prose, Sentence
from service.papers.store import DraftRecord, DraftStore, DraftSummary, VersionSummary
from service.papers.writer import PaperWriter, Progress
from service.verify.support import Verifier
from service.wiring import build_answerer, build_writer

ExportFormat = Literal["md", "docx"]


@dataclass
class DraftService:
    """A writer, the store its drafts live in, who may see them, and the audit log."""

    writer: PaperWriter
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
        return cls(
            build_writer(answerer, settings),
            DraftStore(sessions),
            DraftAccess(sessions),
            AuditLog(sessions),
        )

    def generate(
        self, request: DraftRequest, user: User, progress: Progress | None = None
    ) -> DraftRecord:
        """Draft a paper and save it as version 1 of a new draft owned by ``user``."""
        if not user.can("draft"):
            raise ForbiddenError(f"the {user.role} role cannot create drafts")
        paper = self.writer.draft(request, progress)
        record = self.store.create(paper, author=user.username, owner=user.username)
        self.audit.record(user.username, "draft_created", record.draft_id, paper.title)
        return record

    def propose(self, request: DraftRequest, user: User) -> dict[str, object]:
        """The options a draft of ``request`` would weigh, best first, as JSON: what the
        analyst sees, renames, drops or adds to before drafting."""
        if not user.can("draft"):
            raise ForbiddenError(f"the {user.role} role cannot create drafts")
        plan = self.writer.propose(request)
        decided = bool(plan.decision.kind or plan.request.choices)  # the model's, too
        options = [
            OptionChoice(name=a.name, basis=a.id, framing=a.summary.framing,
                         verb=a.name.split()[0].lower() if decided else "")
            for a in plan.chosen
        ]  # fmt: skip
        return {
            "decision": plan.decision.kind,
            "deadline": plan.decision.deadline,
            "options": [o.model_dump() for o in options],
            "bases": [a.id for a in self.writer.archetypes],
        }

    def read(self, user: User, draft_id: str, version: int | None = None) -> DraftRecord:
        """The draft at its current (or a given) version, if ``user`` may see it, its
        citations labelled with their sources' review status as it is now."""
        self.access.check(user, draft_id, "read")
        record = self._anchored(self.store.get(draft_id, version))
        paper = with_live_statuses(record.paper, self.writer.answerer.index)
        return replace(record, paper=paper)

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
        self,
        draft_id: str,
        path: str,
        sentences: builtins.list[Sentence],
        expected: int,
        user: User,
    ) -> DraftRecord:
        """Save an analyst's edit of one block; each claim is re-verified against its quotes
        and flagged (not removed) when its citations no longer support it."""
        paper = self._editable(user, draft_id)
        by_n = {c.n: c for c in paper.citations}
        sentences = checked_edit(sentences, set(by_n))
        checked = [recheck(s, by_n, self.verifier) for s in sentences]
        set_prose(paper, path, Prose(sentences=checked))
        refresh_derived(paper)
        self.attribution.mark(paper)  # an edit keeps the marks: they follow the citations
        return self._save(user, draft_id, paper, expected, f"edit:{path}")

    def add_citation(
        self,
        draft_id: str,
        path: str,
        sentence_index: int,
        chunk_id: str,
        expected: int,
        user: User,
    ) -> DraftRecord:
        """Cite passage ``chunk_id`` on sentence ``sentence_index`` of block ``path``; the
        sentence is re-verified and the quote is the passage window that carries it."""
        paper = self._editable(user, draft_id)
        index = self.writer.answerer.index
        cite_passage(paper, path, sentence_index, chunk_id, index, self.verifier)
        self.attribution.mark(paper)
        return self._save(user, draft_id, paper, expected, f"citation-added:{path}")

    def remove_citation(
        self, draft_id: str, path: str, n: int, expected: int, user: User
    ) -> DraftRecord:
        """Take citation ``[n]`` off every sentence of block ``path`` (re-verifying them)."""
        paper = self._editable(user, draft_id)
        uncite(paper, path, n, self.verifier)
        self.attribution.mark(paper)
        return self._save(user, draft_id, paper, expected, f"citation-removed:{path}")

    def edit_matrix_cell(
        self, draft_id: str, row: int, column: int, edit: CellEdit, expected: int, user: User
    ) -> DraftRecord:
        """Set one options-matrix cell to another cited claim, "No source." or the analyst's
        own sentence (verified against its citations), saved as "matrix:<row>.<column>"."""
        paper = self._editable(user, draft_id)
        set_cell(paper, row, column, edit, self.verifier)
        refresh_derived(paper)
        return self._save(user, draft_id, paper, expected, f"matrix:{row}.{column}")

    def regenerate_section(
        self,
        draft_id: str,
        path: str,
        expected: int,
        user: User,
        progress: Progress | None = None,
        accept_shorter: bool = False,
    ) -> DraftRecord:
        """Write the block at ``path`` afresh (retrieval, composition and verification
        again) and save it as change "regeneration:<path>"; the save refuses it with
        ``StaleVersionError`` if the draft changed since ``expected`` meanwhile, and the
        writer with ``ShorterRegenerationError`` if it has fewer claims than the block it
        replaces, unless ``accept_shorter``."""
        self.access.check(user, draft_id, "edit")
        current = self.store.get(draft_id)
        if current.version != expected:
            raise StaleVersionError(draft_id, expected, current.version)
        paper = self.writer.regenerate(current.paper, path, progress, accept_shorter)
        return self._save(
            user, draft_id, paper, expected, f"regeneration:{path}", action="draft_regenerated"
        )

    def share(self, user: User, draft_id: str, grantees: builtins.list[str]) -> builtins.list[str]:
        """Share a draft with named users and/or everyone ("*"); replaces earlier grants."""
        names = self.access.share(user, draft_id, grantees)
        self.audit.record(user.username, "draft_shared", draft_id, ",".join(names))
        return names

    def export(self, user: User, draft_id: str, fmt: ExportFormat) -> tuple[str, bytes]:
        """``(file name, bytes)`` of the current version as Markdown or DOCX."""
        record = self.read(user, draft_id)
        name = f"draft-{draft_id[:8]}-v{record.version}.{fmt}"
        data = (
            paper_to_docx(record.paper)
            if fmt == "docx"
            else paper_to_markdown(record.paper).encode("utf-8")
        )
        self.audit.record(user.username, "draft_exported", draft_id, name)
        return name, data

    @staticmethod
    def sentence_counts(paper: Paper) -> tuple[int, int]:
        """``(claims, verified claims)`` in a paper."""
        return paper_sentence_count(paper)

    @property
    def attribution(self) -> Attribution:
        """Which claims are attributed assessments, from the cited documents' types as the
        registry holds them now (a fresh lookup per change: a re-ingested document's type
        may have changed)."""
        return Attribution(self.writer.answerer.index.registry)

    @property
    def verifier(self) -> Verifier:
        """The verifier every claim of every paper is checked with."""
        return self.writer.answerer.verifier

    def _editable(self, user: User, draft_id: str) -> Paper:
        """A working copy of the draft's current paper, once ``user`` may edit it."""
        self.access.check(user, draft_id, "edit")
        return self._anchored(self.store.get(draft_id)).paper.model_copy(deep=True)

    def _anchored(self, record: DraftRecord) -> DraftRecord:
        """The record with every citation pointing at a committed chunk: a re-ingest that
        re-split a cited document changed its chunk ids, not the quotes (``reanchor``)."""
        paper = record.paper
        citations = reanchor(self.writer.answerer.index, paper.citations)
        if citations == paper.citations:
            return record
        return replace(record, paper=paper.model_copy(update={"citations": citations}))

    def _save(
        self,
        user: User,
        draft_id: str,
        paper: Paper,
        expected: int,
        change: str,
        action: str = "draft_edited",
    ) -> DraftRecord:
        """The one way a change is kept: the next version if ``expected`` is still current
        (else ``StaleVersionError``, nothing written), then the audit record."""
        record = self.store.save(draft_id, paper, expected, user.username, change)
        self.audit.record(user.username, action, draft_id, f"{change} v{record.version}")
        return record
