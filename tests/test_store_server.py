"""Ingest and search against a real Chroma server on loopback (``chroma run``)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.config import Settings
from service.embed import LocalEmbeddings
from service.index import Index
from service.ingest import ingest_paths
from service.retrieve import dense_search


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A Chroma server process with its own data folder; yields its URL."""
    port = _free_port()
    chroma = Path(sys.executable).parent / "chroma"
    command = [str(chroma), "run", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--path", str(tmp_path / "server")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chroma run exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError("chroma server did not come up within 60 s")


def test_ingest_and_search_through_chroma_server(
    chroma_server: str, tmp_path: Path, docs_dir: Path, embedder: LocalEmbeddings
) -> None:
    settings = Settings(data_dir=tmp_path / "data", chroma_url=chroma_server)
    index = Index.open(settings, embedder=embedder)
    report = ingest_paths(index, [docs_dir])
    assert report.ok and len(report.added) == 2
    assert not settings.chroma_path.exists(), "no embedded Chroma when a server is configured"
    hits = dense_search(index, "When were the Stockholm talks held?", k=2)
    assert hits[0].source == str(docs_dir / "stockholm.md")
    assert "26 to 28 May 2014" in hits[0].text
    assert ingest_paths(index, [docs_dir]).chunks_written == 0
