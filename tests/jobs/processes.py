"""Real processes for the job tests: ``briefing serve`` / ``briefing worker`` from this
checkout (``python -m service.cli.main``), a Redis server, and waiting on a job."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import redis

from tests.helpers import free_port

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "service.cli.main"]
FAST_REAPING = {"BRIEFING_JOB_HEARTBEAT_S": "0.5", "BRIEFING_JOB_STALE_S": "4"}


def briefing_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``briefing`` process over ``data_dir`` running this checkout."""
    env = {**os.environ, "BRIEFING_DATA_DIR": str(data_dir), "BRIEFING_LLM": "extractive",
           "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}  # fmt: skip
    for name in ("BRIEFING_CHROMA_URL", "BRIEFING_DATABASE_URL", "BRIEFING_QUEUE_URL"):
        env.pop(name, None)
    env.update(extra)
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``briefing ARGS`` in the background, its output in ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen([*CLI, *args], cwd=REPO, env=env, stdout=out, stderr=out)


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    """Wait until ``url``/healthz answers 200 (or the process died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up within {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a process we started (kill it if it does not stop)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A throwaway Debian ``redis-server`` on a loopback port; yields its URL."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        client = redis.Redis(port=port)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


def follow(client: httpx.Client, job_id: str, timeout: float = 600) -> list[dict[str, Any]]:
    """Every distinct state of the job read through ``client`` until it ended."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if not seen or (job["state"], job["done"]) != (seen[-1]["state"], seen[-1]["done"]):
            seen.append(job)
        if job["state"] not in ("queued", "running"):
            return seen
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {seen[-1]['state']} after {timeout:.0f} s")
