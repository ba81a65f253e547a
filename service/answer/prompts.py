"""Prompts as files under ``prompts/`` with named ``{variables}``; a missing one is an error."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from service.errors import BriefingError, MissingVariableError
from service.package_data import prompts_dir

PROMPTS_DIR = prompts_dir()


class Prompt:
    """A prompt template read from a file."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.variables = sorted(
            {field for _, field, _, _ in string.Formatter().parse(text) if field}
        )

    def render(self, **values: str) -> str:
        """The prompt with every variable filled; extra values are an error too."""
        missing = [v for v in self.variables if v not in values]
        if missing:
            raise MissingVariableError(self.name, missing)
        unknown = sorted(set(values) - set(self.variables))
        if unknown:
            raise BriefingError(f"prompt '{self.name}': unknown variable(s) {', '.join(unknown)}")
        return self.text.format(**values)


@lru_cache(maxsize=64)
def load_prompt(name: str, folder: Path = PROMPTS_DIR) -> Prompt:
    """The prompt ``folder/name.txt``."""
    path = folder / f"{name}.txt"
    try:
        return Prompt(name, path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BriefingError(f"{path}: prompt not found") from exc
