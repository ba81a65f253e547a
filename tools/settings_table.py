"""The configuration page's table of every ``BRIEFING_*`` setting, from ``Settings``.

Each row: the variable, its default and its meaning, the meaning taken from the field's
``description`` or, for fields that have none, from ``MEANINGS`` below. A field with
neither fails the generation, so a new setting cannot go undocumented.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from service.config import Settings

MEANINGS = {
    "chroma_collection": "The Chroma collection the chunks live in.",
    "chunk_overlap": "Characters two neighbouring chunks share; under half the chunk size.",
    "fusion_dense_weight": "Weight of the dense ranker in reciprocal rank fusion.",
    "fusion_bm25_weight": "Weight of the BM25 ranker in reciprocal rank fusion.",
    "rrf_k": "The k of reciprocal rank fusion: score = Σ w / (k + rank).",
    "max_chunks_per_doc": "At most this many chunks of one document in a result list.",
    "embed_batch_size": "Chunks embedded per batch at ingest.",
    "llm_base_url": "For `openai`: the OpenAI-compatible endpoint (vLLM, llama.cpp, ...).",
    "llm_model": "The model name sent to that endpoint.",
    "llm_api_key": "For `openai`: the endpoint's API key.",
    "llm_max_tokens": "Most tokens a model may write per request.",
    "llm_timeout_s": "Seconds a model request may take.",
    "max_file_bytes": "Largest single file ingested or uploaded.",
    "host": "Address `briefing serve` listens on.",
    "port": "Port `briefing serve` listens on.",
    "session_max_age_s": "Seconds a sign-in lasts.",
}
# Defaults that depend on the machine (a path inside the installed package) or are
# computed, written as what they mean.
DEFAULTS = {"agendas_path": "the packaged `prompts/agendas.yaml`"}


def _default(name: str, field: FieldInfo) -> str:
    if name in DEFAULTS:
        return DEFAULTS[name]
    value: Any = field.get_default(call_default_factory=False)
    if value is None or value == "":
        return "unset"
    if isinstance(value, Path) and not value.is_absolute():
        return f"`./{value.as_posix()}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int) and value >= 1024 * 1024 and value % (1024 * 1024) == 0:
        return f"`{value}` ({value // (1024 * 1024)} MiB)"
    return f"`{value}`" if str(value) else '`""`'


def _meaning(name: str, field: FieldInfo) -> str:
    meaning = field.description or MEANINGS.get(name)
    if not meaning:
        raise ValueError(f"Settings.{name}: no description and no entry in MEANINGS")
    return meaning.replace("|", "\\|")


def settings_table() -> str:
    """The Markdown table, one row per field of ``Settings``, in declaration order."""
    prefix = str(Settings.model_config.get("env_prefix", ""))
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        variable = f"{prefix}{name}".upper()
        rows.append(f"| `{variable}` | {_default(name, field)} | {_meaning(name, field)} |")
    return "\n".join(rows) + "\n"
