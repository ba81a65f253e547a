"""``briefing serve`` itself (a real Uvicorn on loopback): the address it limits sign-ins by."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import httpx

from tests.helpers import free_port, running_server


def test_forwarded_for_cannot_dodge_the_sign_in_limit(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "BRIEFING_DATA_DIR": str(tmp_path / "data"), "BRIEFING_AUTH": "on",
           "BRIEFING_ADMIN_PASSWORD": "a long admin password", "BRIEFING_LLM": "extractive",
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}  # fmt: skip
    command = [str(Path(sys.executable).parent / "briefing"), "serve", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running_server(command, f"{url}/healthz", env=env):
        wrong = {"username": "admin", "password": "not the password"}
        statuses = [
            httpx.post(
                f"{url}/api/session", json=wrong, headers={"X-Forwarded-For": f"10.9.0.{n}"}
            ).status_code
            for n in range(7)
        ]
    assert statuses == [401] * 5 + [429] * 2
