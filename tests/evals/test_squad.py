"""SQuAD import: one document per paragraph, gold spans into the normalised text, 2.0's
unanswerables kept as ``answerable: false``; the committed SQuAD suite matches its corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.corpus.load import load_document
from service.errors import BriefingError
from service.evals.squad import import_squad, sample
from service.evals.suite import load_suite
from tests.conftest import REPO

SQUAD = {
    "version": "v2.0",
    "data": [
        {
            "title": "Tea_Houses",
            "paragraphs": [
                {
                    "context": "  The first tea house in Uji opened in 1160. It is still open.",
                    "qas": [
                        {"id": "q1", "question": "When did the first tea house open?",
                         "answers": [{"text": "1160", "answer_start": 40}],
                         "is_impossible": False},
                        {"id": "q2", "question": "When did the first tea house close?",
                         "answers": [], "plausible_answers": [{"text": "1160"}],
                         "is_impossible": True},
                    ],
                }
            ],
        }
    ],
}  # fmt: skip


def test_paragraphs_become_documents_and_spans_point_at_the_answer(tmp_path: Path) -> None:
    source = tmp_path / "squad.json"
    source.write_text(json.dumps(SQUAD), encoding="utf-8")
    imported = import_squad(source, tmp_path / "docs")
    answerable, impossible = imported.items
    doc_path = tmp_path / "docs" / "tea-houses-01.md"
    doc = load_document(doc_path, doc_path.as_posix(), 10_000)
    assert imported.documents == 1 and doc.title == "Tea Houses (1)"
    assert "CC BY-SA 4.0" in doc_path.read_text(encoding="utf-8")
    span = answerable.spans[0]
    # The leading blanks are gone from the normalised text; the span follows.
    assert doc.text[span.start : span.end] == "1160"
    assert answerable.gold == [doc_path.as_posix()] and answerable.answer == "1160"
    assert not impossible.answerable and impossible.gold == [] and impossible.spans == []


def test_a_file_without_articles_is_named(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text('{"version": "v2.0"}', encoding="utf-8")
    with pytest.raises(BriefingError, match=r"bad.json: field 'data'"):
        import_squad(source, tmp_path / "docs")


def test_sample_takes_both_kinds_evenly() -> None:
    items = load_suite(REPO / "evals" / "squad" / "normans-rhine.yaml")
    picked = sample(items, 10)
    assert [i.answerable for i in picked] == [True] * 10 + [False] * 10
    assert len({i.id for i in picked}) == 20


def test_committed_suite_points_into_the_committed_corpus() -> None:
    items = load_suite(REPO / "evals" / "squad" / "normans-rhine.yaml")
    assert len(items) == 706 and sum(not i.answerable for i in items) == 320
    texts: dict[str, str] = {}
    for item in (i for i in items if i.answerable):
        span = item.spans[0]  # the first answer's span: the reference answer
        if span.source not in texts:
            texts[span.source] = load_document(REPO / span.source, span.source, 100_000).text
        assert texts[span.source][span.start : span.end] == item.answer, item.id
