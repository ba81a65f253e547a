"""Torch against ONNX Runtime (fp32 and int8), in one run: embedder throughput and
cross-encoder pairs/s (wall and CPU seconds, with ratios to torch), then quality on the
held-out split: retrieval (hit@5, recall@5, MRR) and answers on evals/squad-heldout, and
the reading model's held-out SQuAD and meaning-pair figures. Needs the exported graphs
(``python -m tools.export_onnx``).

    .venv/bin/python bench/onnx_speed.py [--texts 128] [--pairs 256] [--questions 200]
        [--answers 30]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

# The reading model's held-out data loaders are training/'s; run from a checkout.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.config import Settings
from service.corpus.embed import LocalEmbeddings, OnnxEmbeddings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.evals.results import summarise as summarise_answers
from service.evals.retrieval import run_retrieval, summarise
from service.evals.runner import run_suite
from service.evals.suite import load_suite
from service.onnx_runtime import OnnxEncoder, onnx_models_dir
from service.retrieve.hybrid import search
from service.verify.reader import ReadingModel, packaged_model_dir
from training.reader_data import load_config, meaning_examples
from training.reader_eval import _auc, squad_scores

REPO = Path(__file__).resolve().parent.parent
HELDOUT = REPO / "evals" / "squad-heldout"
RUNTIMES = ("torch", "onnx-fp32", "onnx-int8")
# Speed is timed on one thread per runtime: on the shared 2-core machine the CPU seconds of
# one thread barely move with the load, where a thread pool's wait and spin do.
THREADS = 1


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds (all threads) of ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def embedders(model: Path) -> dict[str, Callable[[list[str]], Any]]:
    """Each runtime's batch embed function, loaded and warmed (one thread each)."""
    torch_embedder = LocalEmbeddings(model, cache_size=0)
    found: dict[str, Callable[[list[str]], Any]] = {"torch": torch_embedder.embed_documents}
    for precision in ("fp32", "int8"):
        encoder = OnnxEncoder(onnx_models_dir() / "embedder", precision, threads=THREADS)
        onnx = OnnxEmbeddings(encoder)
        found[f"onnx-{precision}"] = onnx.embed_documents
    for fn in found.values():
        fn(["warm up"])
    return found


def readers() -> dict[str, Callable[[Sequence[tuple[str, str]]], np.ndarray]]:
    """Each runtime's uncached pair-probability function."""
    folder, graphs = packaged_model_dir(), onnx_models_dir() / "reader"
    found = {"torch": ReadingModel(folder)}
    for precision in ("fp32", "int8"):
        found[f"onnx-{precision}"] = ReadingModel(folder, onnx_folder=graphs)
        found[f"onnx-{precision}"]._onnx = OnnxEncoder(graphs, precision, threads=THREADS)
    return {name: (lambda pairs, m=m: m._predict(list(pairs))) for name, m in found.items()}


def speed(name: str, fns: dict[str, Callable[[Any], Any]], inputs: list[Any]) -> None:
    """Items/s per runtime, and each runtime's ratio to torch (wall; CPU)."""
    base: tuple[float, float] | None = None
    for runtime, fn in fns.items():
        wall, cpu = timed(lambda fn=fn: fn(inputs))
        base = base or (wall, cpu)
        print(
            f"{name:14} {runtime:10} {len(inputs) / wall:8.1f}/s  cpu {cpu:6.1f} s  "
            f"x{base[0] / wall:4.2f} wall  x{base[1] / cpu:4.2f} cpu"
        )


def reader_quality(
    predict: Callable[[Sequence[tuple[str, str]]], np.ndarray],
    questions: int,
    split: str = "held_out",
) -> dict[str, float]:
    """The split's SQuAD articles (best-sentence AUC, gold sentence on top; a seeded sample
    of ``questions``, 0: all) and its meaning pairs (held out: the Warsaw and Harvard
    pairs; tune: our corpus's tune rows)."""
    config = load_config()
    scores = squad_scores(predict, config, split, limit=questions or None)
    if split == "held_out":
        rows = meaning_examples(REPO / config["data"]["held_out_pairs"], None)
    else:
        pairs = meaning_examples(REPO / config["data"]["corpus_pairs"], None)
        rows = [e for e in pairs if e.split == split]
    passed = predict([(e.first, e.second) for e in rows])[:, 0] >= 0.5
    faithful = np.array([e.label == "entailment" for e in rows])
    return {
        "squad_auc": _auc(scores["best"], scores["answerable"]),
        "gold_top1": float(scores["gold"][scores["answerable"]].mean()),
        "faithful_passed": float(passed[faithful].mean()),
        "changes_caught": float((~passed[~faithful]).mean()),
    }


def pipeline_quality(inference: str, answers: int) -> tuple[dict[str, float], list[str]]:
    """Ingest the held-out corpus with one runtime; retrieval and answer figures."""
    items = load_suite(HELDOUT / "articles-sample300.yaml")
    # Sources are stored as ingested: relative, as the suite names its gold documents.
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(REPO):
        settings = Settings(data_dir=Path(tmp), inference=inference)  # type: ignore[arg-type]
        index = Index.open(settings)
        wall, cpu = timed(lambda: ingest_paths(index, [HELDOUT.relative_to(REPO) / "corpus"]))
        figures = summarise(run_retrieval(items, lambda q, k: search(index, q, k), 5), 5)
        run = run_suite(index, settings, HELDOUT / "articles-sample300.yaml", items[:answers])
    figures |= {f"answers: {k}": v for k, v in summarise_answers(run.results).items()}
    figures |= {"ingest wall s": wall, "ingest cpu s": cpu}
    return figures, [str(r.answer.get("text", "")) for r in run.results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=128)
    parser.add_argument("--pairs", type=int, default=256)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--answers", type=int, default=30)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(THREADS)
    corpus = sorted((HELDOUT / "corpus").glob("*.md"))
    texts = [p.read_text(encoding="utf-8")[:1000] for p in corpus][: args.texts]
    speed("embed", embedders(Settings().resolved_embedding_model_path()), texts)
    predicts = readers()
    scores_pairs: list[tuple[str, str]] = []
    squad_scores(lambda p: scores_pairs.extend(p) or np.zeros((len(p), 3)), load_config(), "tune")
    speed("cross-encoder", predicts, scores_pairs[: args.pairs])  # type: ignore[arg-type]
    print("\nreading model, held-out (torch -> onnx; within 0.01 is required):")
    torch.set_num_threads(2)  # quality is not timed: every core
    base = reader_quality(predicts["torch"], args.questions)
    for runtime in RUNTIMES[2:]:  # fp32 agrees to 1e-4 (tests/test_onnx_runtime.py)
        got = reader_quality(predicts[runtime], args.questions)
        print(f"  {runtime}: " + ", ".join(f"{k} {base[k]:.4f}->{v:.4f}" for k, v in got.items()))
    print("\npipeline on evals/squad-heldout (embedder runtime only; rules judge answers):")
    torch_figures, torch_answers = pipeline_quality("torch", args.answers)
    onnx_figures, onnx_answers = pipeline_quality("onnx", args.answers)
    for key, value in torch_figures.items():
        print(f"  {key:34} torch {value:9.4f}  onnx {onnx_figures.get(key, float('nan')):9.4f}")
    same = np.mean([a == b for a, b in zip(torch_answers, onnx_answers, strict=True)])
    print(f"  identical answers: {same:.3f} of {len(torch_answers)}")


if __name__ == "__main__":
    main()
