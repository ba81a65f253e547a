"""The OpenAPI document names a schema for every JSON answer of the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from service.config import Settings
from service.http.app import create_app
from service.http.openapi_export import main, openapi_document, render
from tests.conftest import REPO

# Responses whose JSON is free-form on purpose, (method, path, status) -> why. None today:
# free-form parts (a job's result, a run's fingerprint) are fields of named schemas.
FREE_FORM: dict[tuple[str, str, str], str] = {}


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data_dir = tmp_path_factory.mktemp("openapi")
    return create_app(Settings(data_dir=data_dir, secret_key=SecretStr("openapi-test"))).openapi()


def _named(schema: dict[str, Any]) -> bool:
    """A reference to a component, or an array of them."""
    if "$ref" in schema:
        return True
    return schema.get("type") == "array" and "$ref" in schema.get("items", {})


def _json_responses(openapi: dict[str, Any]) -> list[tuple[tuple[str, str, str], Any]]:
    found = []
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                content = response.get("content", {})
                if status.startswith("2") and "application/json" in content:
                    schema = content["application/json"].get("schema", {})
                    found.append(((method.upper(), path, status), schema))
    return found


def test_every_json_success_has_a_named_schema(openapi: dict[str, Any]) -> None:
    unnamed = [key for key, schema in _json_responses(openapi) if not _named(schema)]
    assert sorted(set(unnamed) - set(FREE_FORM)) == []


def test_the_free_form_list_names_only_free_form_responses(openapi: dict[str, Any]) -> None:
    named = {key for key, schema in _json_responses(openapi) if _named(schema)}
    assert set(FREE_FORM) & named == set()


def test_streams_and_downloads_are_not_documented_as_json(openapi: dict[str, Any]) -> None:
    paths = openapi["paths"]
    for path in ("/api/ask/stream", "/api/jobs/{job_id}/events"):
        assert set(paths[path]["get"]["responses"]["200"]["content"]) == {"text/event-stream"}
    export = paths["/api/drafts/{draft_id}/export"]["get"]["responses"]["200"]["content"]
    assert "application/json" not in export


def test_response_models_refuse_unknown_keys(openapi: dict[str, Any]) -> None:
    """A key a route sends but its model does not name fails the route's tests (a 500)
    instead of vanishing from the answer."""
    schemas = openapi["components"]["schemas"]
    for name in ("Answer", "Job", "Document", "Draft", "EvalRun", "Comparison", "SearchHit"):
        assert schemas[name]["additionalProperties"] is False, name


def test_the_committed_openapi_file_matches_the_app() -> None:
    committed = (REPO / "docs" / "api" / "openapi.json").read_text(encoding="utf-8")
    assert committed == render(openapi_document()), (
        "docs/api/openapi.json is stale: run "
        "python -m service.http.openapi_export docs/api/openapi.json"
    )


def test_the_export_check_names_a_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "openapi.json"
    stale.write_text("{}\n", encoding="utf-8")
    assert main(["--check", str(stale)]) == 1
    assert "openapi.json: stale" in capsys.readouterr().out
    assert main([str(stale)]) == 0
    assert main(["--check", str(stale)]) == 0
