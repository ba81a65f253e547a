"""The reading model's thresholds travel with its weights (``thresholds.json``)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from service.verify.reader import THRESHOLDS_FILE, ReaderThresholds, packaged_model_dir


def test_the_packaged_weights_carry_their_thresholds() -> None:
    saved = json.loads((packaged_model_dir() / THRESHOLDS_FILE).read_text(encoding="utf-8"))
    assert ReaderThresholds.read(packaged_model_dir()) == ReaderThresholds(**saved)


def test_written_thresholds_read_back(tmp_path: Path) -> None:
    thresholds = ReaderThresholds(answers=0.086, speaks=0.429, entails=0.439)
    thresholds.write(tmp_path)
    assert ReaderThresholds.read(tmp_path) == thresholds


def test_a_folder_without_thresholds_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="service.verify.reader"):
        assert ReaderThresholds.read(tmp_path) == ReaderThresholds()
    assert THRESHOLDS_FILE in caplog.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ({"answers": 1.5}, "answers must be a number from 0 to 1"),
        ({"answers": "high"}, "answers must be a number from 0 to 1"),
        ({"answers": True}, "answers must be a number from 0 to 1"),
        ({"answer": 0.2}, "unknown thresholds: answer"),
        ([0.2], "expected an object of named thresholds"),
    ],
)
def test_a_bad_thresholds_file_names_the_file_and_field(
    tmp_path: Path, content: object, reason: str
) -> None:
    (tmp_path / THRESHOLDS_FILE).write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(ValueError, match=reason) as error:
        ReaderThresholds.read(tmp_path)
    assert str(tmp_path / THRESHOLDS_FILE) in str(error.value)


def test_a_thresholds_file_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    (tmp_path / THRESHOLDS_FILE).write_text("{answers: 0.2", encoding="utf-8")
    with pytest.raises(ValueError, match="not JSON") as error:
        ReaderThresholds.read(tmp_path)
    assert str(tmp_path / THRESHOLDS_FILE) in str(error.value)
