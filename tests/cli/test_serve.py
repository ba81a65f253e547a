"""``briefing serve`` itself (a real Uvicorn on loopback): the address it limits sign-ins by."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.helpers import serving_briefing


def test_forwarded_for_cannot_dodge_the_sign_in_limit(tmp_path: Path) -> None:
    settings = {"BRIEFING_AUTH": "on", "BRIEFING_ADMIN_PASSWORD": "a long admin password"}
    with serving_briefing(tmp_path / "data", **settings) as url:
        wrong = {"username": "admin", "password": "not the password"}
        statuses = [
            httpx.post(
                f"{url}/api/session", json=wrong, headers={"X-Forwarded-For": f"10.9.0.{n}"}
            ).status_code
            for n in range(7)
        ]
    assert statuses == [401] * 5 + [429] * 2
