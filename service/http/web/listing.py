"""The drafts list: what tells two drafts apart (tasking, weights, author, dates, sharing),
filtered and sorted as the list's form asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from service.accounts.users import User
from service.papers.service import DraftService

SORTS = {
    "updated": "Last changed",
    "created": "Created",
    "title": "Title",
    "version": "Most versions",
}
TOP_WEIGHTS = 3


@dataclass(frozen=True)
class DraftListing:
    """One row of the drafts list."""

    id: str
    title: str
    tasking: str
    top_weights: list[tuple[str, float]]  # (agenda name, weight), heaviest first
    author: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    shared_with: list[str]  # "*" is everyone

    def matches(self, words: str) -> bool:
        """Whether every word of ``words`` is in the title, tasking, author or agendas."""
        haystack = " ".join(
            [self.title, self.tasking, self.author, *(name for name, _ in self.top_weights)]
        ).lower()
        return all(word in haystack for word in words.lower().split())


def draft_listings(drafts: DraftService, user: User, words: str, sort: str) -> list[DraftListing]:
    """The drafts ``user`` may see, those matching ``words``, in ``sort`` order
    (an unknown sort is "updated", the default)."""
    rows = [_listing(drafts, summary.id) for summary in drafts.list(user)]
    rows = [row for row in rows if row.matches(words)]
    if sort == "title":
        return sorted(rows, key=lambda row: row.title.lower())
    if sort == "created":
        return sorted(rows, key=lambda row: row.created_at, reverse=True)
    if sort == "version":
        return sorted(rows, key=lambda row: row.version, reverse=True)
    return rows  # the store lists the latest change first


def _listing(drafts: DraftService, draft_id: str) -> DraftListing:
    record = drafts.store.get(draft_id)
    first = drafts.store.versions(draft_id)[0]
    weights = sorted(
        ((a.name, a.weight) for a in record.paper.agendas if a.weight > 0),
        key=lambda pair: -pair[1],
    )
    return DraftListing(
        id=draft_id,
        title=record.paper.title,
        tasking=record.paper.request.tasking,
        top_weights=weights[:TOP_WEIGHTS],
        author=first.author,
        created_at=first.created_at,
        updated_at=record.created_at,
        version=record.version,
        shared_with=drafts.access.grantees(draft_id),
    )
