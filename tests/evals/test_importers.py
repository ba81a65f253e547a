"""RAGAS jsonl import: contexts located in the ingested corpus, errors named by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from service.corpus.index import Index
from service.errors import BriefingError
from service.evals.importers import Document, import_ragas, suite_yaml
from service.evals.suite import load_suite

VERBATIM = "Under the Calcutta Agreement, 93,340 people moved from Japan to the DPRK"
# The overview reworded and reordered: no verbatim match, but the words are there.
REWORDED = (
    "The accord signed in Calcutta in August 1959 by the two Red Cross societies "
    "set up the return of Korean residents"
)
UNRELATED = "Cinnamon buns are baked with cardamom in Sweden."


@pytest.fixture(scope="module")
def documents(corpus_index: Index) -> list[Document]:
    registry = corpus_index.registry
    rows = [registry.find(d.doc_id) for d in registry.list_documents()]
    return [Document(row.source, row.text) for row in rows if row is not None]


def write_jsonl(path: Path, *rows: object) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_ragas_rows_become_suite_items(documents: list[Document], tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "ragas.jsonl",
        {"question": "How many people went?", "answer": "a system's answer",
         "contexts": [VERBATIM, UNRELATED], "ground_truth": "93,340 people."},
        {"user_input": "Same, newer names?", "reference": "93,340.",
         "retrieved_contexts": [REWORDED]},
    )  # fmt: skip
    report = import_ragas(source, documents)
    first, second = report.items
    assert (report.contexts, report.unmatched) == (3, 1)
    assert first.id == "r001" and first.answer == "93,340 people."
    assert first.gold == ["corpus/calcutta-agreement-1959.md"]
    span = first.spans[0]
    text = next(d.text for d in documents if d.source == span.source)
    assert text[span.start : span.end] == VERBATIM
    assert second.question == "Same, newer names?" and second.answer == "93,340."
    assert second.gold == ["corpus/calcutta-agreement-1959.md"] and second.spans == []
    suite = tmp_path / "imported.yaml"
    suite.write_text(suite_yaml(report.items), encoding="utf-8")
    assert load_suite(suite) == report.items
    assert "answer: a system's answer" not in suite.read_text()


def test_bad_rows_are_named_by_line(documents: list[Document], tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"question": "ok"}\n{not json\n', encoding="utf-8")
    with pytest.raises(BriefingError, match=r"broken.jsonl: line 2: not valid json"):
        import_ragas(broken, documents)
    empty = write_jsonl(tmp_path / "empty.jsonl", {"question": " "})
    with pytest.raises(BriefingError, match=r"line 1: field 'question': missing or empty"):
        import_ragas(empty, documents)
    with pytest.raises(BriefingError, match="cannot read"):
        import_ragas(tmp_path / "absent.jsonl", documents)


def test_suite_yaml_round_trips_defaults_out(tmp_path: Path) -> None:
    from service.evals.suite import EvalItem

    item = EvalItem(id="x", question="q?", answerable=False)
    assert yaml.safe_load(suite_yaml([item])) == [{"id": "x", "question": "q?",
                                                   "answerable": False}]  # fmt: skip
