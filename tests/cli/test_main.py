"""The ``briefing`` command end to end, as a subprocess with its own data dir."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BRIEFING = str(Path(sys.executable).parent / "briefing")


def _run(*args: str, data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_DATA_DIR": str(data_dir)}
    env.pop("BRIEFING_CHROMA_URL", None)
    return subprocess.run(
        [BRIEFING, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def workspace(tmp_path: Path, docs_dir: Path) -> Path:
    """``docs_dir`` lives in ``tmp_path``, so relative paths from here are ``docs/...``."""
    return tmp_path


def test_ingest_sources_search_remove(workspace: Path) -> None:
    data = workspace / "data"
    ingested = _run("ingest", "docs", data_dir=data, cwd=workspace)
    assert ingested.returncode == 0, ingested.stderr
    assert "2 added, 0 updated, 0 unchanged, 0 failed" in ingested.stdout

    listed = json.loads(_run("sources", "--json", data_dir=data, cwd=workspace).stdout)
    assert {d["source"] for d in listed} == {"docs/remains.md", "docs/stockholm.md"}
    assert all(d["chunk_count"] >= 1 for d in listed)

    found = _run(
        "search", "remains brought home", "--k", "2", "--json", data_dir=data, cwd=workspace
    )
    hits = json.loads(found.stdout)
    assert len(hits) == 2
    assert set(hits[0]) == {"source", "doc_id", "chunk_id", "score", "start", "end", "text"}
    assert hits[0]["source"] == "docs/remains.md", "relative source stays relative"
    assert hits[0]["score"] >= hits[1]["score"]

    asked = _run(
        "ask", "How many sets of remains came home?", "--backend", "extractive", "--json",
        data_dir=data, cwd=workspace,
    )  # fmt: skip
    answer = json.loads(asked.stdout)
    assert not answer["abstained"] and "13,000" in answer["answer"]
    assert answer["citations"][0]["source"] == "docs/remains.md"

    marked = _run("review", "docs/stockholm.md", "--unreviewed", data_dir=data, cwd=workspace)
    assert marked.returncode == 0 and "docs/stockholm.md: unreviewed" in marked.stdout
    listed = json.loads(_run("sources", "--json", data_dir=data, cwd=workspace).stdout)
    assert {d["source"]: d["status"] for d in listed} == {
        "docs/remains.md": "reviewed", "docs/stockholm.md": "unreviewed",
    }  # fmt: skip
    unknown = _run("review", "docs/nowhere.md", data_dir=data, cwd=workspace)
    assert unknown.returncode != 0
    assert unknown.stderr.strip().splitlines() == [
        "briefing: error: docs/nowhere.md: no such source in the store"
    ]

    removed = _run("remove", "docs/remains.md", data_dir=data, cwd=workspace)
    assert removed.returncode == 0 and "removed docs/remains.md" in removed.stdout
    listed = json.loads(_run("sources", "--json", data_dir=data, cwd=workspace).stdout)
    assert [d["source"] for d in listed] == ["docs/stockholm.md"]


def test_ingest_reports_each_bad_file_on_one_line_and_exits_nonzero(workspace: Path) -> None:
    (workspace / "docs" / "empty.md").write_bytes(b"")
    (workspace / "notes.xyz").write_text("x", encoding="utf-8")
    (workspace / "baddate.md").write_text("---\ndate: sometime in spring\n---\n# B\n\nText.\n")
    result = _run("ingest", "docs", "notes.xyz", "baddate.md", data_dir=workspace / "data",
                  cwd=workspace)  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: docs/empty.md: file is empty",
        "error: notes.xyz: unsupported file type '.xyz' "
        "(.md, .markdown, .txt, .html, .htm, .pdf, .docx)",
        "error: baddate.md: front matter field 'date': 'sometime in spring' is not a "
        "YYYY-MM-DD date",
    ]
    assert "2 added" in result.stdout


def test_user_errors_are_one_line(workspace: Path) -> None:
    data = workspace / "data"
    empty = _run("search", "   ", data_dir=data, cwd=workspace)
    assert empty.returncode == 2
    assert empty.stderr.strip() == "briefing: error: query is empty"
    unknown = _run("remove", "docs/nothing.md", data_dir=data, cwd=workspace)
    assert unknown.stderr.strip() == "briefing: error: docs/nothing.md: no such source in the store"
    env_bad = subprocess.run(
        [BRIEFING, "sources"],
        env={**os.environ, "BRIEFING_CHUNK_SIZE": "lots"},
        capture_output=True,
        text=True,
        cwd=workspace,
    )
    assert env_bad.returncode == 2
    assert env_bad.stderr.startswith("briefing: error: BRIEFING_CHUNK_SIZE: ")


def test_draft_writes_a_docx_and_saves_version_one(workspace: Path) -> None:
    data = workspace / "data"
    _run("ingest", "docs", data_dir=data, cwd=workspace)
    result = _run(
        "draft", "--tasking", "How should Japan handle remains?", "--weight",
        "remains-and-graves=0.9", "--options", "2", "--length", "short", "--backend",
        "extractive", "--out", "paper.docx", data_dir=data, cwd=workspace,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "v1: Options paper: How should Japan handle remains?" in result.stdout
    assert (workspace / "paper.docx").stat().st_size > 0
    assert not list(workspace.glob(".paper.docx.tmp"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weight", "remains=lots"], "--weight: 'remains=lots' is not agenda=number"),
        (["--weight", "weather=0.5"], "weights: unknown agenda id(s) weather"),
        (["--options", "9"], "--options: Input should be less than or equal to 5"),
        (["--out", "paper.pdf"], "--out: 'paper.pdf' must end in .docx or .md"),
    ],
)
def test_draft_bad_input_is_one_line(workspace: Path, args: list[str], message: str) -> None:
    result = _run(
        "draft", "--tasking", "x", "--backend", "extractive", *args,
        data_dir=workspace / "data", cwd=workspace,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"briefing: error: {message}")


VOTE = "Should Japan support or oppose a Security Council draft on exemptions, before the vote?"
OPPOSE = "Oppose the Security Council draft on exemptions"
SUPPORT = "Support the Security Council draft on exemptions"


def test_options_are_proposed_then_renamed_dropped_and_added(workspace: Path) -> None:
    data = workspace / "data"
    proposed = _run("options", "--tasking", VOTE, "--json", data_dir=data, cwd=workspace)
    assert proposed.returncode == 0, proposed.stderr
    names = [o["name"] for o in json.loads(proposed.stdout)["options"]]
    assert "Oppose the Security Council draft on exemptions" in names
    settled = _run(
        "options", "--tasking", VOTE, "--rename",
        "Oppose the Security Council draft on exemptions=Vote against the draft",
        "--drop", "Support the Security Council draft on exemptions",
        "--option", "Abstain on the draft=hold-and-pressure", "--core", "Sanctions",
        "--peripheral", "Humanitarian aid", data_dir=data, cwd=workspace,
    )  # fmt: skip
    assert settled.returncode == 0, settled.stderr
    listed = settled.stdout
    assert "Vote against the draft (weighed as hold-and-pressure)" in listed
    assert "Abstain on the draft (weighed as hold-and-pressure)" in listed
    assert "Support the Security Council draft on exemptions (" not in listed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rename", "Oppose it"], "--rename: 'Oppose it' is not OLD=NEW"),
        (["--rename", "Veto it=Block it"], "--rename: 'Veto it' is not a proposed option"),
        (["--option", "Abstain=nothing"], "--option: basis 'nothing' is not an archetype"),
        (["--drop", OPPOSE, "--drop", SUPPORT], "--drop: leaves 1 option(s); a draft weighs"),
        (["--peripheral", "Humanitarian aid"], "--peripheral: needs --core"),
        (["--core", "!!"], "--core: Value error, agenda name '!!' must be 1-120 characters"),
    ],
)
def test_option_and_frame_flags_fail_on_one_line(
    workspace: Path, args: list[str], message: str
) -> None:
    result = _run(
        "draft", "--tasking", VOTE, "--backend", "extractive", *args,
        data_dir=workspace / "data", cwd=workspace,
    )  # fmt: skip
    assert result.returncode == 2, result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"briefing: error: {message}"), line


def test_user_accounts_and_tokens(tmp_path: Path) -> None:
    data = tmp_path / "data"
    created = _run("user", "add", "ana", "--role", "analyst", data_dir=data, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert "password (shown once): " in created.stdout
    bad = _run("user", "add", "Bad Name", data_dir=data, cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "briefing: error: username 'Bad Name': use 2-64 of a-z 0-9 . _ -, starting with a letter"
    ]
    token = _run("user", "token", "ana", data_dir=data, cwd=tmp_path)
    assert token.returncode == 0 and token.stdout.startswith("bd_")
    assert _run("user", "disable", "ana", data_dir=data, cwd=tmp_path).returncode == 0
    listed = _run("user", "list", data_dir=data, cwd=tmp_path).stdout
    assert "ana" in listed and "disabled" in listed
    refused = _run("user", "token", "ana", data_dir=data, cwd=tmp_path)
    assert refused.stderr.startswith("briefing: error: username 'ana': no such enabled user")


def test_user_tokens_are_listed_and_revoked(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _run("user", "add", "ben", data_dir=data, cwd=tmp_path).returncode == 0
    secret = _run("user", "token", "ben", "--name", "laptop", data_dir=data, cwd=tmp_path).stdout
    listed = _run("user", "tokens", "ben", data_dir=data, cwd=tmp_path).stdout
    assert "laptop" in listed and secret.strip() not in listed
    token_id = re.search(r"\b([0-9a-f]{16})\b", listed).group(1)  # type: ignore[union-attr]
    revoked = _run("user", "revoke-token", "ben", token_id, data_dir=data, cwd=tmp_path)
    assert revoked.returncode == 0, revoked.stderr
    assert "laptop" not in _run("user", "tokens", "ben", data_dir=data, cwd=tmp_path).stdout
    again = _run("user", "revoke-token", "ben", token_id, data_dir=data, cwd=tmp_path)
    assert again.stderr.strip() == f"briefing: error: token {token_id}: not found"


def test_serve_refuses_auth_off_beyond_loopback(tmp_path: Path) -> None:
    env = {**os.environ, "BRIEFING_DATA_DIR": str(tmp_path), "BRIEFING_AUTH": "off"}
    result = subprocess.run([BRIEFING, "serve", "--host", "0.0.0.0"], env=env,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "briefing: error: --host: BRIEFING_AUTH=off is only allowed on a loopback host, not 0.0.0.0"
    )
