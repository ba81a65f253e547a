"""The leave-one-out suite: core's answerable questions, their answering documents filtered out."""

from __future__ import annotations

from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.evals.suite import leave_one_out, load_suite
from service.retrieve.hybrid import search
from tests.conftest import REPO


def test_committed_suite_is_generated_from_core() -> None:
    core = load_suite(REPO / "evals" / "core.yaml")
    assert load_suite(REPO / "evals" / "core-leave-one-out.yaml") == leave_one_out(core)
    assert len(leave_one_out(core)) == sum(i.answerable for i in core)


def test_excluded_documents_never_come_back(corpus_index: Index) -> None:
    item = next(i for i in leave_one_out(load_suite(REPO / "evals" / "core.yaml")))
    filters = SearchFilters(exclude_sources=tuple(item.exclude))
    hits = search(corpus_index, item.question, 10, filters)
    assert hits and not {h.source for h in hits} & set(item.exclude)
    assert {h.source for h in search(corpus_index, item.question, 10)} & set(item.exclude)
