"""Write the app's OpenAPI document to a file, or check that a file still matches it.

    python -m service.http.openapi_export docs/api/openapi.json
    python -m service.http.openapi_export --check docs/api/openapi.json

The docs site's API page is generated from the written file (``tools/api_page.py``);
``make test`` fails when the committed file no longer matches the app.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from service.config import Settings


def openapi_document() -> dict[str, Any]:
    """The app's OpenAPI document. The app is built over a throwaway data dir: the schema
    depends on the code only, and building it must not touch a real data dir."""
    from service.http.app import create_app  # the app pulls in every stage; only here

    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(data_dir=Path(data_dir), secret_key=SecretStr("openapi-export"))
        return create_app(settings).openapi()


def render(document: dict[str, Any]) -> str:
    """The file's text: indented, keys in FastAPI's order, non-ASCII kept, final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the OpenAPI file; 1 when a check finds it stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="where the OpenAPI JSON goes")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    text = render(openapi_document())
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.exists() else ""
        if current != text:
            print(f"{args.path}: stale; run python -m service.http.openapi_export {args.path}")
            return 1
        return 0
    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
