"""Regenerate the docs site's generated parts, or check that they are current.

    python -m tools.docs_pages          # write docs/api/index.md and the settings table
    python -m tools.docs_pages --check  # exit 1 naming each stale file (make test)

The API page comes from ``docs/api/openapi.json`` (itself written by
``python -m service.http.openapi_export docs/api/openapi.json``); the configuration
page's table of settings, between its two markers, from ``service/config.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tools.api_page import api_page
from tools.settings_table import settings_table

REPO = Path(__file__).resolve().parent.parent
OPENAPI = REPO / "docs" / "api" / "openapi.json"
API_PAGE = REPO / "docs" / "api" / "index.md"
CONFIG_PAGE = REPO / "docs" / "operations" / "configuration.md"
START, END = "<!-- settings-table:start -->\n", "<!-- settings-table:end -->"


def with_table(page: str, table: str) -> str:
    """``page`` with the text between the two markers replaced by ``table``."""
    if START not in page or END not in page:
        raise ValueError(f"{CONFIG_PAGE.name}: the settings table markers are missing")
    head, rest = page.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}{table}{END}{tail}"


def generated() -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    config = with_table(CONFIG_PAGE.read_text(encoding="utf-8"), settings_table())
    return {API_PAGE: api_page(document), CONFIG_PAGE: config}


def stale() -> list[Path]:
    """The generated files whose text differs from what the generators give now."""
    return [
        p
        for p, text in generated().items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    """Write the generated files, or with ``--check`` list the stale ones (exit 1)."""
    parser = argparse.ArgumentParser(description="Regenerate the docs' generated parts.")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        old = stale()
        for path in old:
            print(f"{path.relative_to(REPO)}: stale; run python -m tools.docs_pages")
        return 1 if old else 0
    for path, text in generated().items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
