"""Can an analyst trust a paper? Drafts each tasking of bench/taskings/trust.yaml on the
shipped corpus and prints, per paper:

- weights: the agendas whose weight as shown (agenda sections, comparison table) differs
  from the weight the analyst gave ("abductions 0.1->0.50");
- matrix: cells that repeat another option's cell in the same column (same claim text);
- chrono: chronology events listed twice (same day or month, and the same claim by the
  paper's repeat test, or the same text);
- labels: doubled labels in the rendered Markdown and the editor's block headings
  ("Phase 1: Phase 1:", "Hold Hold");
- non-event: chronology lines that are not dated events ("Risk: ...", "Assessment: ...",
  a line whose text states no date);
- CPU s: the drafting process's CPU seconds for the paper (what compares on a shared box).

    .venv/bin/python bench/paper_checks.py [--backend extractive] [--only id,id] [--out DIR]
    .venv/bin/python bench/paper_checks.py --check DIR   # the checks again on saved papers
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import resource
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml
from langchain_core.embeddings import Embeddings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.config import Settings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.http.web.views import paper_blocks
from service.papers.export import paper_to_markdown
from service.papers.paper import DraftRequest, Paper
from service.papers.repeats import ClaimLedger
from service.papers.timeline import SAME_EVENT_COSINE, iso_dates
from service.wiring import build_answerer, build_writer

REPO = Path(__file__).resolve().parent.parent
TASKINGS = REPO / "bench" / "taskings" / "trust.yaml"
DOUBLED = re.compile(r"\b([A-Z][a-z]+(?: \d+)?:?)\s+\1(?=\W)")
HEADER = (
    f"{'tasking':26} {'weights off':28} {'matrix':>6} {'chrono':>6} {'labels':>6} "
    f"{'non-ev':>6} {'CPU s':>6}"
)
LABELLED = re.compile(r"^\s*(?:[A-Z][a-z]+(?: [a-z]+)?):\s")


def weights_off(paper: Paper, given: dict[str, float]) -> list[str]:
    """Agendas whose shown weight differs from the analyst's."""
    shown = {a.agenda_id: a.weight for a in paper.agendas}
    shown |= {row.agenda_id: row.weight for row in paper.comparison}
    return [
        f"{a} {w:g}->{shown[a]:.2f}"
        for a, w in given.items()
        if a in shown and abs(shown[a] - w) > 1e-9
    ]


def matrix_repeats(paper: Paper) -> int:
    """Claim cells whose text another option's cell in the same column already shows."""
    count = 0
    columns = max((len(r.cells) for r in paper.matrix), default=0)
    for c in range(columns):
        texts = [r.cells[c].text for r in paper.matrix if c < len(r.cells)]
        kinds = [r.cells[c].kind for r in paper.matrix if c < len(r.cells)]
        seen: set[str] = set()
        for text, kind in zip(texts, kinds, strict=True):
            if kind == "claim" and text in seen:
                count += 1
            seen.add(text)
    return count


def chronology_twice(paper: Paper, embedder: Embeddings) -> int:
    """Entries that report an earlier entry's event: on a date that can be the same day
    ("2024-02" and "2024-02-15"), the same claim by the paper's repeat test or as close in
    meaning as the chronology's own same-event threshold."""
    count = 0
    texts = [e.text for e in paper.chronology]
    vectors = np.asarray(embedder.embed_documents(texts)) if texts else np.zeros((0, 1))
    for i, entry in enumerate(paper.chronology):
        near = [j for j, e in enumerate(paper.chronology[:i]) if _same_day(e.date, entry.date)]
        ledger = ClaimLedger(embedder, [texts[j] for j in near])
        close = any(float(vectors[i] @ vectors[j]) >= SAME_EVENT_COSINE for j in near)
        count += bool(near) and (close or ledger.is_repeat(entry.text))
    return count


def _same_day(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def non_events(paper: Paper) -> int:
    """Chronology lines that are labels or assessments, or that state no date."""
    return sum(bool(LABELLED.match(e.text)) or not iso_dates(e.text) for e in paper.chronology)


def doubled_labels(paper: Paper) -> list[str]:
    """Doubled words or labels in the rendered paper and the editor's block headings."""
    headings = "\n".join(f"{b.group}\n{b.label}" for b in paper_blocks(paper))
    return sorted({m[0] for m in DOUBLED.finditer(f"{paper_to_markdown(paper)}\n{headings}")})


def report(name: str, paper: Paper, embedder: Embeddings, cpu: float) -> None:
    """One row of checks for ``paper``."""
    off, doubled = weights_off(paper, paper.request.weights), doubled_labels(paper)
    print(f"{name:26} {', '.join(off) or '-':28} {matrix_repeats(paper):6d} "
          f"{chronology_twice(paper, embedder):6d} {len(doubled):6d} "
          f"{non_events(paper):6d} {cpu:6.1f}", flush=True)  # fmt: skip
    if doubled:
        print(f"  doubled: {'; '.join(doubled)}")


def cpu_seconds() -> float:
    """User + system CPU time of this process and its threads so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default=Settings().llm)
    parser.add_argument("--only", default="")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--check", type=Path, help="a folder of papers saved by --out")
    args = parser.parse_args()
    items = yaml.safe_load(TASKINGS.read_text(encoding="utf-8"))
    if args.only:
        items = [t for t in items if t["id"] in args.only.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), llm=args.backend)
        index = Index.open(settings)
        if args.check:
            print(HEADER)
            for item in items:
                saved = (args.check / f"{item['id']}.json").read_text(encoding="utf-8")
                report(item["id"], Paper.model_validate_json(saved), index.embedder, 0.0)
            return
        with contextlib.chdir(REPO):
            assert ingest_paths(index, [Path("corpus")]).ok
        writer = build_writer(build_answerer(index, settings), settings)
        writer.draft(DraftRequest(tasking="warm up", options=2, length="short"))
        print(f"backend {args.backend}")
        print(HEADER)
        for item in items:
            request = DraftRequest(
                tasking=item["tasking"],
                weights=item.get("weights") or {},
                options=item.get("options", 3),
                length=item.get("length", "standard"),
            )
            started = cpu_seconds()
            paper = writer.draft(request)
            cpu = cpu_seconds() - started
            report(item["id"], paper, index.embedder, cpu)
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{item['id']}.json").write_text(
                    json.dumps(paper.model_dump(), indent=1), encoding="utf-8"
                )
                markdown = paper_to_markdown(paper)
                (args.out / f"{item['id']}.md").write_text(markdown, encoding="utf-8")


if __name__ == "__main__":
    main()
