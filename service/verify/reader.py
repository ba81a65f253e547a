"""The reading model trained here (``training/train_reader.py``): one MiniLM cross-encoder
that reads a pair of texts and gives P(entailment), P(neutral), P(contradiction).

Two judgments share it: (question, sentence) → does the sentence answer the question
(entailment); (passage sentence, claim) → does the passage support, leave out or
contradict the claim. Its files are package data (``service/verify/reader_model``);
it is loaded once per process and scores pairs in batches, caching what it read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path

import numpy as np

from service.onnx_runtime import PRECISION, OnnxEncoder, export_problem
from service.package_data import package_dir

log = logging.getLogger(__name__)
REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json")
THRESHOLDS_FILE = "thresholds.json"
LABELS = ("entailment", "neutral", "contradiction")
Pair = tuple[str, str]


@dataclass(frozen=True)
class ReaderThresholds:
    """Where the service cuts the model's P(entailment). They belong to one set of weights
    (another run scores on another scale), so they live beside them in ``thresholds.json``,
    chosen on the tune split (``python -m training.recalibrate`` carries them to new weights).
    """

    # A sentence answers a part of a question (the answer gate, BRIEFING_ANSWER_RANKER=model).
    answers: float = 0.2
    # A sentence speaks to an agenda of the paper's frame (service/papers/frame.py).
    speaks: float = 0.5
    # One claim states another (service/papers/repeats.py).
    entails: float = 0.5

    @classmethod
    def read(cls, folder: Path) -> ReaderThresholds:
        """The thresholds saved with the weights in ``folder``; the first run's, with a
        warning, when the folder has none."""
        path = folder / THRESHOLDS_FILE
        if not path.is_file():
            log.warning("%s: no %s; using the first run's thresholds", folder, THRESHOLDS_FILE)
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: not JSON ({error.msg}, line {error.lineno})") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected an object of named thresholds")
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"{path}: unknown thresholds: {', '.join(unknown)}")
        for name, value in data.items():
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if not number or not 0.0 <= value <= 1.0:
                raise ValueError(f"{path}: {name} must be a number from 0 to 1")
        return cls(**{name: float(value) for name, value in data.items()})

    def write(self, folder: Path) -> None:
        """Save beside the weights in ``folder``."""
        text = json.dumps(asdict(self), indent=1) + "\n"
        (folder / THRESHOLDS_FILE).write_text(text, encoding="utf-8")


def packaged_model_dir() -> Path:
    """Where the committed weights live."""
    return package_dir("service.verify") / "reader_model"


def missing_files(folder: Path) -> list[str]:
    """The model files ``folder`` lacks (empty when it can be loaded)."""
    return [name for name in REQUIRED_FILES if not (folder / name).is_file()]


class ReadingModel:
    """Label probabilities for text pairs, batched and cached."""

    def __init__(
        self,
        folder: Path,
        batch_size: int = 64,
        cache_size: int = 20_000,
        onnx_folder: Path | None = None,
    ) -> None:
        missing = missing_files(folder)
        if missing:
            raise FileNotFoundError(f"{folder}: reading model files missing: {', '.join(missing)}")
        self.folder = folder
        self.thresholds = ReaderThresholds.read(folder)
        self._onnx = _onnx(onnx_folder, folder) if onnx_folder is not None else None
        self.runtime = f"onnx-{self._onnx.precision}" if self._onnx else "torch"
        if self._onnx is None:
            from sentence_transformers import CrossEncoder
            from transformers.utils import logging as transformers_logging

            # Loading draws a progress bar on stderr: the CLI's errors are one line.
            transformers_logging.disable_progress_bar()

            # fp16 on disk; CPU inference runs in fp32 (fp16 matmuls are slow on CPU).
            self._model = CrossEncoder(str(folder), device="cpu", model_kwargs={"dtype": "float32"})
        self._batch_size = batch_size
        self._cache: OrderedDict[Pair, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()[:16]

    def probabilities(self, pairs: Sequence[Pair]) -> np.ndarray:
        """One row (entailment, neutral, contradiction) per pair, in order."""
        rows = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        todo: dict[Pair, list[int]] = {}
        with self._lock:
            for i, pair in enumerate(pairs):
                cached = self._cache.get(pair)
                if cached is None:
                    todo.setdefault(pair, []).append(i)
                else:
                    rows[i] = cached
        if todo:
            unique = list(todo)
            scores = self._predict(unique)
            with self._lock:
                for pair, row in zip(unique, np.asarray(scores, dtype=np.float32), strict=True):
                    rows[todo[pair]] = row
                    self._cache[pair] = row
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
        return rows

    def _predict(self, pairs: list[Pair]) -> np.ndarray:
        if self._onnx is not None:
            logits = self._onnx.run(pairs)
            exp = np.exp(logits - logits.max(axis=1, keepdims=True))
            return exp / exp.sum(axis=1, keepdims=True)
        return np.asarray(
            self._model.predict(
                pairs, batch_size=self._batch_size, activation_fn=_softmax, show_progress_bar=False
            )
        )

    def entailment(self, pairs: Sequence[Pair]) -> np.ndarray:
        """P(entailment) per pair: the sentence answers / the passage supports the claim."""
        return self.probabilities(pairs)[:, 0]


def _softmax(logits: object) -> object:
    import torch

    return torch.softmax(logits, dim=-1)  # type: ignore[arg-type]


def _onnx(onnx_folder: Path, folder: Path) -> OnnxEncoder | None:
    precision = PRECISION["reader"]
    problem = export_problem(onnx_folder, folder / "model.safetensors", precision)
    if problem:
        log.warning("BRIEFING_INFERENCE=onnx: %s; the reading model runs on torch", problem)
        return None
    return OnnxEncoder(onnx_folder, precision)


@lru_cache(maxsize=4)
def load_reading_model(folder: Path | None = None, onnx_folder: Path | None = None) -> ReadingModel:
    """The reading model of ``folder`` (default: the packaged one), once per process;
    through ONNX Runtime from ``onnx_folder`` when given and current."""
    return ReadingModel(folder or packaged_model_dir(), onnx_folder=onnx_folder)
