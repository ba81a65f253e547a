"""A run's fingerprint names where the reading model judged and which weights it read."""

from __future__ import annotations

from pathlib import Path

from service.config import Settings
from service.evals.fingerprint import file_digest, reader_part
from service.verify.reader import packaged_model_dir


def test_the_rules_leave_no_model_in_the_fingerprint(tmp_path: Path) -> None:
    part = reader_part(Settings(data_dir=tmp_path))
    assert part == {"answer_ranker": "rules", "support_checker": "rules", "model": None}


def test_the_model_s_weights_are_in_the_fingerprint_when_it_judges(tmp_path: Path) -> None:
    part = reader_part(Settings(data_dir=tmp_path, answer_ranker="model"))
    assert part["model"] == file_digest(packaged_model_dir() / "model.safetensors")
    assert part["thresholds"] == file_digest(packaged_model_dir() / "thresholds.json")
    missing = reader_part(
        Settings(data_dir=tmp_path, support_checker="model", reader_model_path=tmp_path)
    )
    assert missing["model"] == "missing"
    assert missing["thresholds"] == "missing"


def test_the_llm_judge_s_model_and_its_fallback_are_in_the_fingerprint(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, support_checker="llm", llm_model="judge-7b")
    part = reader_part(settings)
    assert part["judge"] == "judge-7b"
    assert part["model"] == file_digest(packaged_model_dir() / "model.safetensors")
