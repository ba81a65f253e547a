"""Builders for test input files in formats we cannot write with a text editor."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx


def write_pdf(path: Path, lines: list[str]) -> Path:
    """Write a minimal, valid one-page PDF whose text layer holds ``lines``."""
    text_ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text_ops.append(f"({escaped}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def write_docx(path: Path, title: str, paragraphs: list[tuple[str, str]]) -> Path:
    """Write a DOCX with a title and ``(style, text)`` paragraphs."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=0)
    for style, text in paragraphs:
        if style.startswith("Heading "):
            document.add_heading(text, level=int(style.split()[1]))
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(
    command: list[str], health_url: str, env: dict[str, str] | None = None, timeout: float = 120
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a real server process, wait until ``health_url`` answers 200, stop it after."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode}")
            try:
                if httpx.get(health_url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{health_url} did not answer within {timeout:.0f} s")
            time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def serving_briefing(data_dir: Path, **settings: str) -> Iterator[str]:
    """``briefing serve`` on a free loopback port over ``data_dir`` (offline, extractive,
    plus the ``BRIEFING_*`` ``settings`` given), until the block ends; its base URL."""
    port = free_port()
    env = {**os.environ, "BRIEFING_DATA_DIR": str(data_dir), "BRIEFING_LLM": "extractive",
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **settings}  # fmt: skip
    command = [str(Path(sys.executable).parent / "briefing"), "serve", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running_server(command, f"{url}/healthz", env=env):
        yield url


def wait_for_job(client: Any, accepted: Any, timeout: float = 600) -> dict[str, Any]:
    """The job a 202 answer (``accepted``) started, polled at its ``Location`` until it ended.

    ``client`` is anything with ``get`` (a TestClient or an ``httpx.Client``)."""
    assert accepted.status_code == 202, accepted.text
    location = accepted.headers["Location"]
    assert location == f"/api/jobs/{accepted.json()['id']}"
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(location).json()
        if job["state"] not in ("queued", "running"):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job still {job['state']} after {timeout:.0f} s: {job}")
        time.sleep(0.2)
