"""The shipped corpus, agenda catalogue and eval suite are complete and consistent."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from service.corpus.agendas import AgendaCatalogue, load_agendas
from service.corpus.lint import check_corpus, check_document, check_eval_suite
from service.errors import BriefingError
from service.package_data import prompts_dir
from tests.conftest import REPO

CORPUS = REPO / "corpus"


@pytest.fixture(scope="module")
def catalogue() -> AgendaCatalogue:
    return load_agendas(prompts_dir() / "agendas.yaml")


def test_catalogue_has_a_core_and_six_peripheral_agendas(catalogue: AgendaCatalogue) -> None:
    assert catalogue.core.id == "abductions"
    assert len(catalogue.peripheral) >= 6
    assert all(0 <= item.default_weight <= 1 for item in catalogue.items)


def test_corpus_has_no_problems(catalogue: AgendaCatalogue) -> None:
    assert check_corpus(CORPUS, catalogue) == []


def test_corpus_size_and_document_types(catalogue: AgendaCatalogue) -> None:
    docs = sorted(CORPUS.glob("*.md"))
    assert len(docs) >= 30
    types = Counter(_front(path)["doc_type"] for path in docs)
    assert types["agreement"] >= 3 and types["analysis"] >= 1


def test_eval_suite_is_valid_and_covers_the_required_kinds() -> None:
    suite = REPO / "evals" / "core.yaml"
    assert check_eval_suite(suite, REPO) == []
    items = yaml.safe_load(suite.read_text(encoding="utf-8"))
    kinds = Counter(item["kind"] for item in items)
    assert len(items) >= 80
    assert sum(not item["answerable"] for item in items) >= 10
    assert kinds["multi-doc"] >= 10 and kinds["number-date"] >= 10
    assert all(len(item["gold"]) >= 2 for item in items if item["kind"] == "multi-doc")
    assert len({item["id"] for item in items}) == len(items)


def test_check_flags_each_kind_of_bad_document(tmp_path: Path, catalogue: AgendaCatalogue) -> None:
    cases = {
        "none.md": "# no front matter\n",
        "type.md": _doc(doc_type="memo"),
        "tag.md": _doc(tags="[abductions, weather]"),
        "nosrc.md": _doc(sources="[]"),
        "date.md": _doc(date="someday"),
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    problems = {name: check_document(tmp_path / name, catalogue)[0] for name in cases}
    assert problems["none.md"] == [f"{tmp_path / 'none.md'}: no YAML front matter"]
    assert "field 'doc_type'" in problems["type.md"][0]
    assert problems["tag.md"] == [f"{tmp_path / 'tag.md'}: unknown tag 'weather'"]
    assert "field 'sources'" in problems["nosrc.md"][0]
    assert "field 'date'" in problems["date.md"][0]


def test_check_flags_agenda_without_evidence(tmp_path: Path, catalogue: AgendaCatalogue) -> None:
    (tmp_path / "only.md").write_text(_doc(), encoding="utf-8")
    problems = check_corpus(tmp_path, catalogue)
    assert "agenda 'remains-and-graves': no corpus document carries its tags" in problems
    assert not any("'abductions'" in p for p in problems)


def test_check_flags_missing_gold_path(tmp_path: Path) -> None:
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        "- {id: q1, question: 'Which?', answerable: true, gold: [corpus/nowhere.md]}\n",
        encoding="utf-8",
    )
    assert check_eval_suite(suite, REPO) == [
        f"{suite}: q1: gold path 'corpus/nowhere.md' does not exist"
    ]


def test_bad_catalogue_names_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "agendas.yaml"
    path.write_text(
        "core: {id: abductions, name: A, description: d, default_weight: 2, tags: [a]}\n"
        "peripheral: []\n",
        encoding="utf-8",
    )
    with pytest.raises(BriefingError, match=r"agendas.yaml: field 'core.default_weight'"):
        load_agendas(path)


def _doc(
    doc_type: str = "fact-sheet",
    tags: str = "[abductions]",
    sources: str = '[{title: "MOFA", url: "https://www.mofa.go.jp/"}]',
    date: str = "2014-05-29",
) -> str:
    return (
        f"---\ntitle: T\ndoc_type: {doc_type}\ndate: {date}\nsources: {sources}\n"
        f"tags: {tags}\n---\n# Body\n\nText.\n"
    )


def _front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    return dict(yaml.safe_load(text.split("---\n")[1]))
