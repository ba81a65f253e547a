"""Malformed input gets a 4xx with a readable ``detail``, never a 500."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.http.api.conftest import signed_in


@pytest.fixture(scope="module")
def ana(app: FastAPI) -> TestClient:
    return signed_in(app, "ana")


@pytest.mark.parametrize("date", ["2014-W01-1", "2014W01", "20140101", "2014-02-30"])
def test_dates_that_are_not_yyyy_mm_dd(ana: TestClient, date: str) -> None:
    body = {"question": "When was Stockholm signed?", "filters": {"date_from": date}}
    response = ana.post("/api/ask", json=body)
    assert response.status_code == 422, response.text
    assert f"date_from: '{date}' is not a YYYY-MM-DD date" in response.json()["detail"]


def test_a_number_too_large_for_a_float(ana: TestClient) -> None:
    raw = b'{"question": "When was Stockholm signed?", "k": 1e400}'
    response = ana.post("/api/ask", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "k"]


def test_a_lone_surrogate(ana: TestClient) -> None:
    raw = b'{"question": "\\ud800 sanctions"}'
    response = ana.post("/api/ask", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "question"]
