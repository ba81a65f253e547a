"""``briefing eval import``: SQuAD json (paragraphs written as documents) and RAGAS jsonl."""

from __future__ import annotations

from pathlib import Path

from service.cli.support import domain_errors, load_settings, open_index_with, out, write_atomic
from service.evals.importers import Document, import_ragas, suite_yaml
from service.evals.squad import ATTRIBUTION, import_squad
from service.evals.squad import sample as pick


def import_squad_file(source: Path, corpus_dir: Path, out_path: Path, sample: int | None) -> None:
    """Write the paragraph documents, the suite and optionally an even sample of it."""
    with domain_errors():
        imported = import_squad(source, corpus_dir)
    header = f"# Imported from {source.name} by `briefing eval import squad`.\n# {ATTRIBUTION}\n"
    write_atomic(out_path, header + suite_yaml(imported.items))
    answerable = sum(i.answerable for i in imported.items)
    out.print(
        f"wrote {out_path}: {len(imported.items)} questions ({answerable} answerable); "
        f"{imported.documents} documents in {corpus_dir}",
        markup=False,
    )
    if imported.spans_missed:
        out.print(
            f"{imported.spans_missed} gold answers not found in their paragraph", markup=False
        )
    if sample:
        sampled = out_path.with_name(f"{out_path.stem}-sample{2 * sample}{out_path.suffix}")
        write_atomic(sampled, header + suite_yaml(pick(imported.items, sample)))
        out.print(f"wrote {sampled}", markup=False)


def import_ragas_file(source: Path, out_path: Path, prefix: str) -> None:
    """Write a suite from RAGAS jsonl, its contexts matched to the ingested documents."""
    index = open_index_with(load_settings())
    documents = []
    for summary in index.registry.list_documents():
        row = index.registry.find(summary.doc_id)
        if row is not None:
            documents.append(Document(row.source, row.text))
    with domain_errors():
        report = import_ragas(source, documents, prefix)
    write_atomic(out_path, suite_yaml(report.items))
    matched = report.contexts - report.unmatched
    out.print(
        f"wrote {out_path}: {len(report.items)} questions; {matched} of "
        f"{report.contexts} contexts matched to the corpus",
        markup=False,
    )
