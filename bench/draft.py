"""Draft time per backend on the shipped corpus, against the 2-minute target.

Ingests corpus/ into a temporary data dir, then drafts the same standard-length,
three-option paper with each backend and prints wall time, sections' claims and
citations, and the time as a share of the 120 s budget. The openai backend runs
when --openai-url (and --openai-model) name a running OpenAI-compatible server.

    .venv/bin/python bench/draft.py [--backends extractive,local] [--openai-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from pathlib import Path

from service.config import Settings
from service.draft import paper_sentence_count
from service.index import Index
from service.ingest import ingest_paths
from service.paper import DraftRequest
from service.wiring import build_answerer, build_drafter

REPO = Path(__file__).resolve().parent.parent
BUDGET_S = 120.0
TASKING = "How should Japan structure renewed talks with the DPRK, keeping abductions at the core?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="extractive,local")
    parser.add_argument("--openai-url")
    parser.add_argument("--openai-model", default="SmolLM2-135M-Instruct")
    args = parser.parse_args()
    backends = args.backends.split(",") + (["openai"] if args.openai_url else [])
    with tempfile.TemporaryDirectory() as tmp:
        base = Settings(data_dir=Path(tmp))
        index = Index.open(base)
        with contextlib.chdir(REPO):
            assert ingest_paths(index, [Path("corpus")]).ok
        request = DraftRequest(tasking=TASKING, options=3, length="standard")
        print(f"{'backend':12} {'seconds':>8} {'of budget':>10} {'claims':>7} {'citations':>10}")
        for backend in backends:
            settings = base.model_copy(update={"llm": backend, "llm_base_url": args.openai_url,
                                               "llm_model": args.openai_model})  # fmt: skip
            drafter = build_drafter(build_answerer(index, settings), settings)
            drafter.draft(DraftRequest(tasking="warm up", options=2, length="short"))
            started = time.perf_counter()
            paper = drafter.draft(request)
            seconds = time.perf_counter() - started
            claims, _ = paper_sentence_count(paper)
            print(f"{backend:12} {seconds:8.1f} {seconds / BUDGET_S:10.2f} {claims:7d} "
                  f"{len(paper.citations):10d}")  # fmt: skip


if __name__ == "__main__":
    main()
