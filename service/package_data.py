"""Where the files the service ships with are: prompts, web pages, eval suites, models.

They are package data (``pyproject.toml`` maps the repository's ``prompts/``, ``web/`` and
``evals/`` folders to the packages ``service.prompts``, ``service.web`` and
``service.suites``), found through ``importlib.resources`` so that an installed wheel
runs from any directory, exactly like the checkout does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml


def package_dir(package: str) -> Path:
    """The folder of ``package`` on disk (installs are unzipped; a zip import is refused)."""
    root = files(package)
    if not isinstance(root, Path):
        raise RuntimeError(f"{package}: package data must be installed as files, not zipped")
    return root


def prompts_dir() -> Path:
    """Prompt templates, option archetypes and the agenda catalogue."""
    return package_dir("service.prompts")


def web_dir() -> Path:
    """Page templates, static files and the vendored htmx (``web/node_modules``)."""
    return package_dir("service.web")


def suites_dir() -> Path:
    """The eval suites and thresholds files the app offers (the repository's ``evals/``)."""
    return package_dir("service.suites")


def word_tables(path: Path) -> dict[str, Any]:
    """A data file of named word tables (``service/*/data/*.yaml``), as a mapping."""
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise RuntimeError(f"{path}: expected a mapping of tables")
    return loaded


def alternation(phrases: Iterable[str]) -> str:
    """A regular expression matching any of a word table's ``phrases`` as whole words."""
    return r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b"
