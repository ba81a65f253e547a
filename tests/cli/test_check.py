"""``briefing check`` as a subprocess: one pair, a JSON-lines file, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BRIEFING = str(Path(sys.executable).parent / "briefing")
PASSAGE = (
    "The DPRK agreed to pursue the five categories of the 2014 survey in parallel. "
    "Japan said it would lift three of its own measures once the DPRK had set up the committee."
)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_DATA_DIR": str(cwd / "data")}
    return subprocess.run(
        [BRIEFING, "check", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_check_one_sentence_and_a_file(tmp_path: Path) -> None:
    changed = "The DPRK agreed to pursue the five categories of the 2014 survey in parallel, and "
    changed += (
        "Japan said it would lift three of its own measures before it had set up the committee."
    )
    one = _run(changed, "--against", PASSAGE, "--json", cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    result = json.loads(one.stdout)
    assert (result["supported"], result["kind"]) == (False, "condition")

    pairs = tmp_path / "pairs.jsonl"
    lines = [
        {"sentence": "Japan said it would lift three of its own measures before the DPRK had set "
                     "up the committee.", "passage": PASSAGE},
        {"sentence": "The DPRK agreed to pursue the 5 categories of the 2014 survey in parallel.",
         "passage": PASSAGE},
    ]  # fmt: skip
    pairs.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    many = _run("--file", str(pairs), "--json", cwd=tmp_path)
    assert many.returncode == 0, many.stderr
    results = [json.loads(line) for line in many.stdout.splitlines()]
    assert [(r["supported"], r["kind"]) for r in results] == [(False, "condition"), (True, None)]

    plain = _run(changed, "--against", PASSAGE, cwd=tmp_path)
    assert plain.stdout.startswith("NOT supported (changes the meaning")


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"sentence": "ok", "passage": "fine"}\n{"sentence": "no passage"}\n')
    cases = [
        (["A sentence."], "--against"),
        (["--file", str(tmp_path / "nope.jsonl")], "nope.jsonl: no such file"),
        (["--file", str(bad)], "bad.jsonl: line 2: field 'passage'"),
        (["A sentence.", "--against", "x", "--file", str(bad)], "--file"),
        ([], "SENTENCE"),
    ]
    for args, fragment in cases:
        result = _run(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stdout)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("briefing: error: "), result.stderr
        assert fragment in lines[0]
