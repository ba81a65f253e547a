"""Wiring: the reading model is used where the settings choose it, and its absence is
said out loud, with the rules standing in."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from service.config import Settings
from service.verify.reader import ReadingModel
from service.wiring import build_reader


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(data_dir=tmp_path, **values)  # type: ignore[arg-type]


def test_the_rules_need_no_model(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert build_reader(_settings(tmp_path)) is None
    assert not caplog.records


def test_missing_model_files_fall_back_to_the_rules_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    empty = tmp_path / "no-model"
    empty.mkdir()
    settings = _settings(tmp_path, answer_ranker="model", reader_model_path=empty)
    with caplog.at_level(logging.WARNING, logger="service.wiring"):
        assert build_reader(settings) is None
    (record,) = caplog.records
    assert "reading model files missing" in record.getMessage()
    assert "model.safetensors" in record.getMessage() and str(empty) in record.getMessage()


def test_a_paper_writer_without_model_files_says_what_the_rules_keep(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    empty = tmp_path / "no-model"
    empty.mkdir()
    settings = _settings(tmp_path, paper_reader="model", reader_model_path=empty)
    with caplog.at_level(logging.WARNING, logger="service.wiring"):
        assert build_reader(settings, for_papers=True) is None
    (record,) = caplog.records
    assert "drop no evidence as not bearing on its place" in record.getMessage()


def test_the_packaged_model_is_loaded_when_chosen(tmp_path: Path) -> None:
    reader = build_reader(_settings(tmp_path, support_checker="model"))
    assert isinstance(reader, ReadingModel)
    assert len(reader.digest) == 16
