"""Helpers for crash tests: run ``briefing`` as a subprocess, optionally set to kill itself
with SIGKILL at a named point, and generate folders of documents."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import write_md

BRIEFING = str(Path(sys.executable).parent / "briefing")
REPO = Path(__file__).resolve().parents[2]

# Runs the real CLI, with one core function wrapped so that its Nth call SIGKILLs the
# process: the deterministic counterpart of a kill -9 at the worst moment.
_DRIVER = """
import importlib, os, signal, sys
module_name, _, path = os.environ["CRASH_AT"].partition(":")
owner = importlib.import_module(module_name)
*names, attribute = path.split(".")
for name in names:
    owner = getattr(owner, name)
original, calls = getattr(owner, attribute), []
def crashing(*args, **kwargs):
    calls.append(1)
    if len(calls) == int(os.environ["CRASH_ON_CALL"]):
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args, **kwargs)
setattr(owner, attribute, crashing)
if os.environ.get("CRASH_SCRIPT"):
    exec(compile(open(os.environ["CRASH_SCRIPT"]).read(), "crash-script", "exec"))
else:
    from service.cli.main import app
    app(sys.argv[1:], prog_name="briefing")
"""


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``briefing`` subprocess over ``data_dir`` (extractive backend)."""
    env = {**os.environ, "BRIEFING_DATA_DIR": str(data_dir), "BRIEFING_LLM": "extractive"}
    env.pop("BRIEFING_CHROMA_URL", None)
    env.pop("BRIEFING_DATABASE_URL", None)
    env.update(extra)
    return env


def briefing(
    *args: str, data_dir: Path, cwd: Path, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run ``briefing`` to completion."""
    return subprocess.run(
        [BRIEFING, *args], cwd=cwd, env=env_for(data_dir, **extra), capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip


def briefing_crashing_at(
    target: str,
    call: int,
    *args: str,
    data_dir: Path,
    cwd: Path,
    script: Path | None = None,
    **extra: str,
) -> subprocess.CompletedProcess[str]:
    """Run ``briefing`` (or ``script``) with ``target`` ("module:Class.method" or
    "module:function") SIGKILLing the process on its ``call``-th call."""
    extra.update(CRASH_AT=target, CRASH_ON_CALL=str(call), PYTHONPATH=str(REPO))
    if script is not None:
        extra["CRASH_SCRIPT"] = str(script)
    return subprocess.run(
        [sys.executable, "-c", _DRIVER, *args], cwd=cwd, env=env_for(data_dir, **extra),
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def write_docs(folder: Path, count: int, paragraphs: int = 8) -> list[Path]:
    """``count`` distinct markdown documents of a few chunks each."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_md(folder / f"doc-{n:03d}.md", f"Document {n}", document_body(n, paragraphs))
        for n in range(count)
    ]


def document_body(n: int, paragraphs: int) -> str:
    """Markdown text unique to document ``n``: sections of numbered, varied sentences."""
    topics = ["remains", "sanctions", "abductions", "repatriation", "missiles", "talks"]
    blocks = [f"# Document {n}"]
    for p in range(paragraphs):
        topic = topics[(n + p) % len(topics)]
        if p % 3 == 0:
            blocks.append(f"## Part {p} on {topic}")
        blocks.append(
            f"Record {n}-{p} concerns {topic}. Officials met on day {p + 1} of month "
            f"{n % 12 + 1} and discussed {topic} in session {n * 31 + p}. "
            f"The delegation of file {n} noted {p * 7 + n} items on {topic}, and agreed to "
            f"report on item {n}-{p} before the next round of talks on {topic} matters."
        )
    return "\n\n".join(blocks) + "\n"
