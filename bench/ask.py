"""Ask latency: the whole answer path per question against retrieval alone, same run.

For each question of a suite (answerable and not), in one process over an ingested data
dir: the hybrid search alone (the baseline), the relevance gate (scoring the passage
sentences), and the whole ``Answerer.answer`` (search, gate, extractive composition,
citation and verification). The embedder's cache is cleared before each question, so
every question pays for embedding its own passages, as a new question does. Prints p50
and p95 of each, their ratio to retrieval, and what the slowest 5% have in common
(passage sentences embedded, answer sentences verified).

    .venv/bin/python bench/ask.py --data-dir DIR [--suite evals/core.yaml] [--limit N]
        [--inference torch,onnx]

``--inference`` runs the questions once per runtime of the embedder and the reading model
(``BRIEFING_INFERENCE``), in the same process, and prints each one's CPU seconds per
question and its ratio to the first (set ``BRIEFING_ANSWER_RANKER=model`` for the reading
model to be on the path).

``DIR`` is a data dir where the suite's corpus is ingested (``briefing ingest corpus``).
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from service.answer.extractive import candidates
from service.answer.numbered import number_passages
from service.answer.passage_sentences import passage_sentences
from service.config import Settings
from service.corpus.index import Index
from service.evals.runner import build_answerer
from service.evals.suite import load_suite
from service.retrieve.hybrid import search


@dataclass(frozen=True)
class Timing:
    """One question's times (seconds) and sizes."""

    search: float
    gate: float
    ask: float
    sentences: int
    answered: int


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(index: Index, settings: Settings, questions: list[str]) -> list[Timing]:
    """Time retrieval, the gate and the whole answer for each question, cold cache each."""
    answerer = build_answerer(index, settings)
    answerer.answer(questions[0])  # load the model once: not a question's cost
    clear = getattr(index.embedder, "clear_cache", lambda: None)
    timings: list[Timing] = []
    for question in questions:
        clear()
        started = time.perf_counter()
        passages = number_passages(search(index, question, 6))
        searched = time.perf_counter()
        candidates(question, passages, index.embedder)
        gated = time.perf_counter()
        clear()
        begun = time.perf_counter()
        answer = answerer.answer(question)
        ended = time.perf_counter()
        timings.append(
            Timing(
                searched - started,
                gated - searched,
                ended - begun,
                len(passage_sentences(passages)),
                len(answer.sentences),
            )
        )
    return timings


def report(timings: list[Timing]) -> None:
    """p50/p95 per step against retrieval, then the tail's sizes against the rest."""
    steps = {
        "retrieval (baseline)": [t.search for t in timings],
        "gate: score passage sentences": [t.gate for t in timings],
        "ask: whole answer path": [t.ask for t in timings],
    }
    base50 = percentile(steps["retrieval (baseline)"], 0.5)
    base95 = percentile(steps["retrieval (baseline)"], 0.95)
    print(f"{len(timings)} questions")
    print(f"{'step':32} {'p50 ms':>8} {'p95 ms':>8} {'x retr. p50':>12} {'x retr. p95':>12}")
    for name, values in steps.items():
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(
            f"{name:32} {p50 * 1000:8.0f} {p95 * 1000:8.0f} "
            f"{p50 / base50:12.1f} {p95 / base95:12.1f}"
        )
    cut = percentile([t.ask for t in timings], 0.95)
    tail = [t for t in timings if t.ask >= cut]
    rest = [t for t in timings if t.ask < cut]
    for label, group in (("slowest 5%", tail), ("the rest", rest)):
        print(
            f"{label:12} passage sentences {statistics.mean(t.sentences for t in group):5.1f}  "
            f"answer sentences {statistics.mean(t.answered for t in group):4.1f}  "
            f"gate {statistics.mean(t.gate for t in group) * 1000:5.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--suite", type=Path, default=Path("evals/core.yaml"))
    parser.add_argument("--limit", type=int, default=0, help="first N questions (0: all)")
    parser.add_argument("--inference", help="runtimes to compare, e.g. torch,onnx")
    args = parser.parse_args()
    questions = [item.question for item in load_suite(args.suite)]
    questions = questions[: args.limit] if args.limit else questions
    runtimes = args.inference.split(",") if args.inference else [None]
    cpu: dict[str, float] = {}
    for runtime in runtimes:
        update = {"inference": runtime} if runtime else {}
        settings = Settings(data_dir=args.data_dir).model_copy(update=update)
        index = Index.open(settings)
        started = time.process_time()
        timings = measure(index, settings, questions)
        cpu[runtime or settings.inference] = (time.process_time() - started) / len(questions)
        print(f"\n== inference: {settings.inference}")
        report(timings)
    first = next(iter(cpu.values()))
    for runtime, seconds in cpu.items():
        print(f"{runtime:6} CPU s per question {seconds:.3f} (x{first / seconds:.2f} of the first)")


if __name__ == "__main__":
    main()
