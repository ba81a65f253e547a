"""ONNX Runtime inference for the two encoders (``BRIEFING_INFERENCE=onnx``): the embedder
(all-MiniLM-L6-v2, mean-pooled and normalised inside the graph) and the reading model
(three logits per pair).

The graphs are exported from the packaged weights by ``python -m tools.export_onnx`` (run
by ``make install``; nothing is downloaded) into ``service/onnx_models/<kind>/``, each with
its tokenizer and ``export.json`` (the source weights' sha256, the token limit). An export
of other weights than those in use is stale and is not loaded.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np

log = logging.getLogger(__name__)
Kind = Literal["embedder", "reader"]
# Which graph each encoder runs, chosen by bench/onnx_speed.py on the held-out split
# (int8 only where quality holds within 0.01; docs/records.md has the figures). The
# reading model's int8 graph moved held-out figures by up to 0.05 (changes caught
# 0.269 -> 0.216, gold sentence on top 0.870 -> 0.848): it runs in fp32.
PRECISION: dict[str, str] = {"embedder": "int8", "reader": "fp32"}
GRAPHS = {"fp32": "model.onnx", "int8": "model.int8.onnx"}
Text = str | tuple[str, str]


def onnx_models_dir() -> Path:
    """Where ``tools.export_onnx`` writes the exported graphs."""
    return Path(__file__).resolve().parent / "onnx_models"


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_problem(folder: Path, source_weights: Path, precision: str) -> str | None:
    """Why the export in ``folder`` cannot stand in for ``source_weights`` (None: it can)."""
    needed = [GRAPHS[precision], "tokenizer.json", "export.json"]
    missing = [name for name in needed if not (folder / name).is_file()]
    if missing:
        return f"{folder}: missing {', '.join(missing)} (run `python -m tools.export_onnx`)"
    meta = json.loads((folder / "export.json").read_text(encoding="utf-8"))
    if meta.get("sha256") != file_sha256(source_weights):
        return f"{folder}: exported from other weights than {source_weights} (re-export)"
    return None


class OnnxEncoder:
    """One exported graph and its tokenizer: texts (or text pairs) in, output rows out."""

    def __init__(
        self, folder: Path, precision: str, batch_size: int = 64, threads: int = 0
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((folder / "export.json").read_text(encoding="utf-8"))
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads  # 0: one per core
        # Idle threads sleep instead of spinning: the cores are shared with other work.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(folder / GRAPHS[precision]), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=int(meta["max_length"]))
        self.batch_size = batch_size
        self.precision = precision

    def run(self, texts: Sequence[Text]) -> np.ndarray:
        """The graph's output row per text, in order; batches of similar length (as
        sentence-transformers does) so little padding is computed."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        rows: list[np.ndarray] = [np.empty(0)] * len(texts)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out = self.session.run(None, _feed([encodings[i] for i in chunk]))[0]
            for i, row in zip(chunk, out, strict=True):
                rows[i] = row
        return np.vstack(rows).astype(np.float32)


def _feed(encodings: list[object]) -> dict[str, np.ndarray]:
    width = max(len(e.ids) for e in encodings)  # type: ignore[attr-defined]
    feed = {
        name: np.zeros((len(encodings), width), dtype=np.int64)
        for name in ("input_ids", "attention_mask", "token_type_ids")
    }
    for row, enc in enumerate(encodings):
        n = len(enc.ids)  # type: ignore[attr-defined]
        feed["input_ids"][row, :n] = enc.ids  # type: ignore[attr-defined]
        feed["attention_mask"][row, :n] = 1
        feed["token_type_ids"][row, :n] = enc.type_ids  # type: ignore[attr-defined]
    return feed
