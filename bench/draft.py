"""Draft time per backend on the shipped corpus, against the 90-second target.

Ingests corpus/ into a temporary data dir, then drafts the same standard-length,
three-option paper with each backend and prints wall time, the drafting process's CPU
seconds (what compares on a shared machine), the ratio of each against the same run's
baseline (the extractive draft with the embedding cache off), the time as a share of the
90 s target for a quiet 2-core machine, and the paper's claims and citations. The openai
backend runs when --openai-url (and --openai-model) name a running OpenAI-compatible server, or
with --openai-serve, which starts ``transformers serve`` with the packaged SmolLM2 on
loopback (the same server the openai-backend test uses) for the run.

    .venv/bin/python bench/draft.py [--backends extractive,local] [--openai-url URL]
    .venv/bin/python bench/draft.py --backends extractive --openai-serve
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# The transformers-serve helpers are the test suite's; run from a checkout, bench/ sees tests/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.answer.rewrite import converted_model
from service.config import Settings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.papers.blocks import paper_sentence_count
from service.papers.paper import DraftRequest
from service.wiring import build_answerer, build_writer
from tests.helpers import free_port, running_server

REPO = Path(__file__).resolve().parent.parent
BUDGET_S = 90.0  # issue 14: a standard 3-option paper, quiet 2-core machine
TASKING = "How should Japan structure renewed talks with the DPRK, keeping abductions at the core?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="extractive,local")
    parser.add_argument("--openai-url")
    parser.add_argument("--openai-model", default="SmolLM2-135M-Instruct")
    parser.add_argument("--openai-serve", action="store_true")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.openai_serve:
            args.openai_url, args.openai_model = stack.enter_context(_smol_server())
        run(args)


@contextlib.contextmanager
def _smol_server() -> Iterator[tuple[str, str]]:
    """``transformers serve`` with the packaged SmolLM2 on a free loopback port."""
    with tempfile.TemporaryDirectory() as models:
        folder = converted_model(Settings().resolved_local_model_path(), Path(models))
        port = free_port()
        serve = str(Path(sys.executable).parent / "transformers")
        command = [serve, "serve", str(folder), "--host", "127.0.0.1", "--port", str(port),
                   "--device", "cpu", "--dtype", "float32"]  # fmt: skip
        env = {"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"}
        with running_server(command, f"http://127.0.0.1:{port}/health", env):
            yield f"http://127.0.0.1:{port}/v1", str(folder)


def run(args: argparse.Namespace) -> None:
    """Ingest the corpus, then time one standard draft per backend."""
    backends = args.backends.split(",") + (["openai"] if args.openai_url else [])
    with tempfile.TemporaryDirectory() as tmp:
        base = Settings(data_dir=Path(tmp))
        index = Index.open(base)
        with contextlib.chdir(REPO):
            assert ingest_paths(index, [Path("corpus")]).ok
        request = DraftRequest(tasking=TASKING, options=3, length="standard")
        print(f"{'backend':24} {'seconds':>8} {'CPU s':>7} {'x base':>7} {'CPU x':>6} "
              f"{'of 90 s':>8} {'claims':>7} {'citations':>10}")  # fmt: skip
        baseline: tuple[float, float] | None = None
        # Baseline in the same process: the extractive draft with the embedding cache off.
        for label, backend, cache in [("extractive, no cache", "extractive", False),
                                      *((b, b, True) for b in backends)]:  # fmt: skip
            settings = base.model_copy(update={"llm": backend, "llm_base_url": args.openai_url,
                                               "llm_model": args.openai_model})  # fmt: skip
            writer = build_writer(build_answerer(index, settings), settings)
            writer.draft(DraftRequest(tasking="warm up", options=2, length="short"))
            index.embedder.cache_size = 8192 if cache else 0
            index.embedder.clear_cache()  # every timed draft starts cold
            started, cpu = time.perf_counter(), _cpu_seconds()
            paper = writer.draft(request)
            seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
            baseline = baseline or (seconds, cpu)
            claims, _ = paper_sentence_count(paper)
            print(f"{label:24} {seconds:8.1f} {cpu:7.1f} {seconds / baseline[0]:7.2f} "
                  f"{cpu / baseline[1]:6.2f} {seconds / BUDGET_S:8.2f} {claims:7d} "
                  f"{len(paper.citations):10d}", flush=True)  # fmt: skip


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its threads so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
