"""``briefing eval`` as a subprocess: one-line errors naming file and field; the gate's verdict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BRIEFING = str(Path(sys.executable).parent / "briefing")


def briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_DATA_DIR": str(cwd / "data")}
    env.pop("BRIEFING_CHROMA_URL", None)
    return subprocess.run(
        [BRIEFING, "eval", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("briefing: error: ")
    return lines[0]


def saved_run(path: Path, **metrics: float) -> Path:
    run = {"id": "abc123", "suite": "core", "backend": "local", "model": "m",
           "created_at": "2025-01-01T00:00:00+00:00", "fingerprint": {"digest": "d"},
           "metrics": metrics, "results": []}  # fmt: skip
    path.write_text(json.dumps(run), encoding="utf-8")
    return path


def test_missing_suite_file_is_one_line(tmp_path: Path) -> None:
    line = one_error_line(briefing("run", "evals/absent.yaml", cwd=tmp_path))
    assert line == "briefing: error: evals/absent.yaml: cannot read (No such file or directory)"


def test_bad_suite_field_is_named(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("- id: q1\n  question: Why?\n  answerble: false\n")
    line = one_error_line(briefing("run", "bad.yaml", cwd=tmp_path))
    assert line.startswith("briefing: error: bad.yaml: item 1: field 'answerble': ")
    (tmp_path / "empty.yaml").write_text("- id: q1\n  question: ''\n")
    line = one_error_line(briefing("run", "empty.yaml", cwd=tmp_path))
    assert line.startswith("briefing: error: empty.yaml: item 1: field 'question': ")


def test_gate_fails_loudly_naming_metric_value_and_threshold(tmp_path: Path) -> None:
    run = saved_run(tmp_path / "run.json", **{"hit@5": 0.9, "groundedness": 1.0})
    limits = tmp_path / "thresholds.yaml"
    limits.write_text("suite: core\nbackend: local\nminimum: {hit@5: 0.95, groundedness: 0.99}\n"
                      "target: {hit@5: 1.0, groundedness: 1.0}\n")  # fmt: skip
    failed = briefing("gate", "--thresholds", str(limits), "--run", str(run), cwd=tmp_path)
    line = one_error_line(failed)
    assert line == "briefing: error: eval gate: hit@5 = 0.900 is below its threshold 0.950"
    limits.write_text("suite: core\nbackend: local\nminimum: {hit@5: 0.9}\ntarget: {hit@5: 1}\n")
    passed = briefing("gate", "--thresholds", str(limits), "--run", str(run), cwd=tmp_path)
    assert passed.returncode == 0 and "eval gate passed" in passed.stdout


@pytest.mark.parametrize(
    ("target", "reason"),
    [("{}", "target: hit@5 has a limit but no target (say what good is)"),
     ("{hit@5: 0.5}", "target of hit@5: 0.5 is below its floor 0.9")],
)  # fmt: skip
def test_a_limit_without_a_target_or_below_it_is_named(
    tmp_path: Path, target: str, reason: str
) -> None:
    limits = tmp_path / "thresholds.yaml"
    limits.write_text(f"suite: core\nbackend: local\nminimum: {{hit@5: 0.9}}\ntarget: {target}\n")
    line = one_error_line(briefing("gate", "--thresholds", str(limits), cwd=tmp_path))
    assert line == f"briefing: error: {limits}: {reason}"


def test_bad_thresholds_field_is_named(tmp_path: Path) -> None:
    limits = tmp_path / "thresholds.yaml"
    limits.write_text("suite: core\nbackend: local\nminimum: {hit@5: high}\n")
    line = one_error_line(briefing("gate", "--thresholds", str(limits), cwd=tmp_path))
    assert line.startswith(f"briefing: error: {limits}: field 'minimum.hit@5': ")


def test_compare_and_export_of_saved_runs(tmp_path: Path) -> None:
    a = saved_run(tmp_path / "a.json", **{"hit@5": 1.0, "latency_p50_ms": 100.0})
    b = saved_run(tmp_path / "b.json", **{"hit@5": 0.5, "latency_p50_ms": 50.0})
    compared = briefing("compare", str(a), str(b), "--json", cwd=tmp_path)
    metrics = {m["name"]: m for m in json.loads(compared.stdout)["metrics"]}
    assert metrics["hit@5"]["delta"] == -0.5 and metrics["hit@5"]["worse"]
    assert not metrics["latency_p50_ms"]["worse"]  # faster is better
    line = one_error_line(briefing("export", str(a), "--out", "x.txt", cwd=tmp_path))
    assert line == "briefing: error: --out: 'x.txt' must end in .jsonl or .csv"
    line = one_error_line(briefing("show", "missing.json", cwd=tmp_path))
    assert line == "briefing: error: missing.json: cannot read (No such file or directory)"


def test_import_squad_writes_documents_suite_and_sample(tmp_path: Path) -> None:
    squad = {"data": [{"title": "Rivers", "paragraphs": [{
        "context": "The Rhine is 1,230 km long.",
        "qas": [{"id": "q1", "question": "How long is the Rhine?", "is_impossible": False,
                 "answers": [{"text": "1,230 km", "answer_start": 13}]},
                {"id": "q2", "question": "How wide is the Rhine?", "is_impossible": True,
                 "answers": []}]}]}]}  # fmt: skip
    (tmp_path / "squad.json").write_text(json.dumps(squad), encoding="utf-8")
    result = briefing("import", "squad", "squad.json", "--corpus-dir", "docs",
                      "--out", "suite.yaml", "--sample", "1", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "docs" / "rivers-01.md").is_file()
    suite = (tmp_path / "suite.yaml").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in suite and "answerable: false" in suite
    assert (tmp_path / "suite-sample2.yaml").is_file()


def test_import_squad_without_corpus_dir_is_one_line(tmp_path: Path) -> None:
    line = one_error_line(briefing("import", "squad", "x.json", "--out", "s.yaml", cwd=tmp_path))
    assert line == "briefing: error: import squad: give the SQuAD file and --corpus-dir DIR"
