"""What an analyst settles before drafting: the options to weigh (renamed, dropped or
added to the ones the tasking's decision proposes) and, for a desk on another subject,
the draft's own agendas. Part of ``DraftRequest`` (``service/papers/paper.py``)."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator

from service.text.labels import strip_bidi


class OptionChoice(BaseModel):
    """An option as the analyst sees it before drafting: its name, the decision's verb, the
    archetype (``prompts/options.yaml`` id) it is weighed on and its summary framing."""

    name: str = Field(min_length=1, max_length=200)
    basis: str = Field(min_length=1, max_length=60)
    verb: str = Field(default="", max_length=60)
    framing: str = Field(default="", max_length=600)

    @field_validator("name", "verb", "framing")
    @classmethod
    def _clean(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("must not contain a NUL character")
        return " ".join(strip_bidi(value).split())


class AgendaFrame(BaseModel):
    """The agendas an analyst names for one draft, in the desk's own subject: a core one and
    peripheral ones (in place of prompts/agendas.yaml); weights address them by their names
    in lower case with hyphens ("sugar-levy")."""

    core: str = Field(min_length=1, max_length=120)
    peripheral: list[str] = Field(default_factory=list, max_length=12)

    @field_validator("core", "peripheral")
    @classmethod
    def _named(cls, value: str | list[str]) -> str | list[str]:
        names = [value] if isinstance(value, str) else value
        for name in names:
            if not re.search(r"[A-Za-z0-9]", name) or "\x00" in name or len(name) > 120:
                raise ValueError(
                    f"agenda name {name[:40]!r} must be 1-120 characters with a letter"
                )
        return value
