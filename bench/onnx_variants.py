"""Int8 variants of one exported graph against torch, in one run: CPU seconds (one thread
each), agreement with torch and, for the reading model, its tune figures. Each variant is
``quantize_dynamic`` of the fused fp32 graph ``tools.export_onnx`` wrote, with other
settings or some nodes left in fp32; none is kept unless it is faster than the exported
int8 graph at equal quality (docs/records.md, "Fast inference").

    .venv/bin/python bench/onnx_variants.py embedder|reader [--n 128] [--questions N]

Variants are written to a temporary folder and dropped after the run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.onnx_speed import HELDOUT, reader_quality
from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.onnx_runtime import GRAPHS, OnnxEncoder, onnx_models_dir
from service.verify.reader import ReadingModel, packaged_model_dir
from training.reader_data import load_config
from training.reader_eval import squad_scores

Select = Callable[[list[str]], list[str]]


def _layer(n: int) -> Select:
    return lambda names: [x for x in names if f"layer.{n}/" in x or x == f"Attention_{n}"]


def _ffn_out(names: list[str]) -> list[str]:
    return [x for x in names if x.endswith("/output/dense/MatMul") and "attention" not in x]


# name -> (quantize_dynamic settings, the MatMul / Attention nodes left in fp32)
VARIANTS: dict[str, tuple[dict[str, Any], Select]] = {
    "per tensor": ({"per_channel": False}, lambda names: []),
    "reduce_range": ({"reduce_range": True}, lambda names: []),
    "MatMul only": ({"op_types_to_quantize": ["MatMul"]}, lambda names: []),
    "layer 0 fp32": ({}, _layer(0)),
    "last layer fp32": ({}, _layer(5)),
    "FFN outputs fp32": ({}, _ffn_out),
}


def build(source: Path, out: Path, settings: dict[str, Any], keep: Select) -> None:
    """One int8 variant of ``source``'s fp32 graph, with its tokenizer and export record."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True)
    for name in ("tokenizer.json", "export.json"):
        (out / name).symlink_to(source / name)
    graph = onnx.load(str(source / GRAPHS["fp32"]), load_external_data=False)
    names = [n.name for n in graph.graph.node if n.op_type in ("MatMul", "Attention")]
    options = {"op_types_to_quantize": ["MatMul", "Attention"], "per_channel": True} | settings
    quantize_dynamic(
        source / GRAPHS["fp32"],
        out / GRAPHS["int8"],
        weight_type=QuantType.QInt8,
        nodes_to_exclude=keep(names),
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        **options,
    )


def agreement(kind: str, got: np.ndarray, torch_out: np.ndarray) -> str:
    """Embedder: the least cosine to torch; reader: the mean change of the probabilities
    and the share of pairs whose "supported" decision (entailment >= 0.5) flips."""
    if kind == "embedder":
        return f"min cosine {float((got * torch_out).sum(1).min()):.4f}"
    probs = np.exp(got - got.max(1, keepdims=True))
    probs /= probs.sum(1, keepdims=True)
    flips = float(((probs[:, 0] >= 0.5) != (torch_out[:, 0] >= 0.5)).mean())
    return f"mean |dp| {float(np.abs(probs - torch_out).mean()):.4f}, flips {flips:.4f}"


def inputs(kind: str, n: int) -> list[Any]:
    """Held-out paragraphs (first 1,000 characters), or the tune articles' pairs."""
    if kind == "embedder":
        return [p.read_text(encoding="utf-8")[:1000] for p in sorted(HELDOUT.glob("corpus/*.md"))][
            :n
        ]
    pairs: list[Any] = []
    squad_scores(lambda p: pairs.extend(p) or np.zeros((len(p), 3)), load_config(), "tune")
    return pairs[:n]


def cpu_seconds(fn: Callable[[], Any]) -> tuple[Any, float]:
    """``fn()`` and the CPU seconds it took."""
    start = time.process_time()
    out = fn()
    return out, time.process_time() - start


def torch_run(kind: str, items: list[Any]) -> tuple[np.ndarray, float, ReadingModel | None]:
    """Torch's outputs (the reader's as probabilities), its CPU seconds after a warm-up,
    and the reading model (None for the embedder)."""
    if kind == "embedder":
        embedder = LocalEmbeddings(Settings().resolved_embedding_model_path(), cache_size=0)
        embedder.embed_documents(["warm up"])
        out, cpu = cpu_seconds(lambda: np.array(embedder.embed_documents(items)))
        return out, cpu, None
    model = ReadingModel(packaged_model_dir())
    model._predict(list(items[:4]))
    out, cpu = cpu_seconds(lambda: model._predict(list(items)))
    return out, cpu, model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("embedder", "reader"))
    parser.add_argument("--n", type=int, default=128, help="texts or pairs timed")
    parser.add_argument("--questions", type=int, help="tune questions for the reader figures")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    items = inputs(args.kind, args.n)
    torch_out, base, model = torch_run(args.kind, items)
    print(f"torch: {base:.2f} CPU s", flush=True)
    if model is not None:
        tune = reader_quality(model._predict, args.questions or 0, split="tune")
        print("  tune: " + ", ".join(f"{k} {v:.4f}" for k, v in tune.items()), flush=True)
    source = onnx_models_dir() / args.kind
    with tempfile.TemporaryDirectory() as tmp:
        graphs = {"exported int8": source}
        for name, (settings, keep) in VARIANTS.items():
            graphs[name] = Path(tmp) / name.replace(" ", "-")
            build(source, graphs[name], settings, keep)
        for name, folder in graphs.items():
            encoder = OnnxEncoder(folder, "int8", threads=1)
            encoder.run(items[:4])
            got, cpu = cpu_seconds(lambda encoder=encoder: encoder.run(items))
            line = f"{name:16} {cpu:6.2f} CPU s  x{base / cpu:4.2f}  "
            print(line + agreement(args.kind, got, torch_out), flush=True)
            if args.kind == "reader":
                reader = ReadingModel(packaged_model_dir(), onnx_folder=folder)
                reader._onnx = encoder
                tune = reader_quality(reader._predict, args.questions or 0, split="tune")
                print("  tune: " + ", ".join(f"{k} {v:.4f}" for k, v in tune.items()))


if __name__ == "__main__":
    main()
