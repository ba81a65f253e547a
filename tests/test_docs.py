"""The documents: generated parts current, every setting and route group documented, a
short README, and no path of a developer's machine anywhere a reader sees."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic.fields import FieldInfo

from service.config import Settings
from tests.conftest import REPO
from tools.api_page import api_page, group_of
from tools.docs_pages import API_PAGE, CONFIG_PAGE, OPENAPI, stale, with_table
from tools.settings_table import _meaning, settings_table

# An absolute path under a home, scratch or work folder of a developer's machine.
MACHINE_PATH = re.compile(
    r"(?<![\w.~-])/(?:work|root|home|tmp|Users|mnt|var/folders)/|[A-Za-z]:\\Users\\"
)


def _documents() -> list[Path]:
    pages = sorted((REPO / "docs").rglob("*.md"))
    return [REPO / "README.md", REPO / "CHANGELOG.md", REPO / "mkdocs.yml", *pages]


def test_the_generated_pages_are_current() -> None:
    assert [p.relative_to(REPO).as_posix() for p in stale()] == []


def test_every_setting_is_on_the_configuration_page() -> None:
    page = CONFIG_PAGE.read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"| `BRIEFING_{name.upper()}` |" in page, name


def test_a_setting_without_a_meaning_stops_the_generation() -> None:
    with pytest.raises(ValueError, match=r"Settings\.new_knob: no description"):
        _meaning("new_knob", FieldInfo(annotation=int, default=1))


def test_the_table_goes_between_the_markers_only() -> None:
    page = "# T\n\nbefore\n<!-- settings-table:start -->\nold\n<!-- settings-table:end -->\nafter\n"
    assert with_table(page, "| new |\n") == page.replace("old\n", "| new |\n")
    with pytest.raises(ValueError, match="markers are missing"):
        with_table("# T\n", settings_table())


def test_every_route_group_has_a_section() -> None:
    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    page = API_PAGE.read_text(encoding="utf-8")
    for path, operations in document["paths"].items():
        assert f"## {group_of(path)}\n" in page, path
        for method in operations:
            assert f"### `{method.upper()} {path}`" in page


def test_a_new_route_gets_its_own_section_with_an_example() -> None:
    doc_id = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "string"}}
    review = {"$ref": "#/components/schemas/Review"}
    ok = {"description": "OK", "content": {"application/json": {"schema": review}}}
    operation = {"description": "Mark reviewed.", "parameters": [doc_id], "responses": {"200": ok}}
    schema = {"type": "object", "properties": {"status": {"type": "string"}}}
    document = {
        "paths": {"/api/reviews/{doc_id}": {"post": operation}},
        "components": {"schemas": {"Review": {**schema, "required": ["status"]}}},
    }
    page = api_page(document)
    assert "## Reviews\n" in page
    assert "'http://127.0.0.1:8000/api/reviews/3f2a9c0b7d1e4a65'" in page
    assert '"status": "reviewed"' in page
    assert "### Review { #schema-review }" in page


def test_the_readme_is_short() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_machine_paths(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [
        f"line {text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
        for m in MACHINE_PATH.finditer(text)
    ]
    assert found == []


@pytest.mark.parametrize(
    "text", ["see /work/shared/dev-sets/", "cd /home/ana/x", "C:\\Users\\ana", "(/tmp/x)"]
)
def test_the_machine_path_check_sees_them(text: str) -> None:
    assert MACHINE_PATH.search(text)


@pytest.mark.parametrize("text", ["/srv/chroma", "/usr/bin/chromium", "http://h/tmp/", "~/tmp/x"])
def test_the_machine_path_check_leaves_server_paths(text: str) -> None:
    assert not MACHINE_PATH.search(text)
