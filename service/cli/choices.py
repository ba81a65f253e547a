"""The draft request as the command line states it: the fields (``--tasking``,
``--weight``, ...), the frame a draft is weighed in (``--core``, ``--peripheral``) and the
options it weighs, settled from the proposed ones (``--rename``, ``--drop``, ``--option``).
Thin over the same functions as the API: the request is a ``DraftRequest``, the service
proposes (``DraftService.propose``, as ``POST /api/drafts/options``), the flags edit that
list, and the request carries the result as its ``choices``, as a client sends them back.
Every mistake is one line naming the flag and the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from service.cli.support import fail
from service.errors import first_problem


@dataclass(frozen=True)
class OptionEdits:
    """What the flags do to the proposed options."""

    renames: list[str]
    drops: list[str]
    adds: list[str]

    def __bool__(self) -> bool:
        return bool(self.renames or self.drops or self.adds)

    @property
    def flag(self) -> str:
        """The flag a problem with the settled options is reported against."""
        return "--option" if self.adds else "--rename"


@dataclass(frozen=True)
class DraftFlags:
    """What ``briefing draft`` and ``briefing options`` are told about the paper."""

    tasking: str
    weights: list[str]
    options: int
    edits: OptionEdits
    core: str | None = None
    peripheral: list[str] = field(default_factory=list)
    constraints: str = ""
    length: str = "standard"


def stated_request(flags: DraftFlags) -> Any:
    """The ``DraftRequest`` the flags state, before any option is settled."""
    from service.papers.paper import DraftRequest

    try:
        request = DraftRequest(
            tasking=flags.tasking,
            weights=_weights(flags.weights),
            options=flags.options,
            constraints=flags.constraints,
            length=flags.length,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        name, message = first_problem(exc)
        fail(f"--{name.split('.')[0]}: {message}")
    return request.model_copy(update={"frame": frame_of(flags.core, flags.peripheral)})


def _weights(items: list[str]) -> dict[str, float]:
    """``--weight agenda=number`` flags as the request's weights."""
    parsed: dict[str, float] = {}
    for item in items:
        agenda, sep, value = item.partition("=")
        try:
            parsed[agenda.strip()] = float(value)
        except ValueError:
            fail(f"--weight: '{item}' is not agenda=number")
        if not sep:
            fail(f"--weight: '{item}' is not agenda=number")
    return parsed


def frame_of(core: str | None, peripheral: list[str]) -> Any:
    """The draft's own agendas, or None for the desk's (prompts/agendas.yaml)."""
    from service.papers.choices import AgendaFrame

    if core is None:
        if peripheral:
            fail("--peripheral: needs --core (the core agenda of the draft's own frame)")
        return None
    try:
        return AgendaFrame(core=core, peripheral=peripheral)
    except ValidationError as exc:
        field, message = first_problem(exc)
        fail(f"--{field.split('.')[0]}: {message}")


def settle(proposed: dict[str, Any], edits: OptionEdits) -> list[dict[str, Any]]:
    """The proposed options (``DraftService.propose``'s answer) renamed, dropped and added
    to as the flags say, as the request's ``choices``."""
    options = [dict(o) for o in proposed["options"]]
    for item in edits.renames:
        old, new = _pair("--rename", item, "OLD=NEW")
        found = _find("--rename", options, old)
        found["name"] = _checked("--rename", {**found, "name": new})["name"]
    for name in edits.drops:
        options.remove(_find("--drop", options, name))
    for item in edits.adds:
        name, basis = _pair("--option", item, "NAME=BASIS")
        if basis not in proposed["bases"]:
            known = ", ".join(proposed["bases"])
            fail(f"--option: basis '{basis}' is not an archetype (known: {known})")
        added = {"name": name, "basis": basis, "verb": name.split()[0].lower()}
        options.append(_checked("--option", added))
    if len(options) < 2:
        flag = "--drop" if edits.drops else "--option"
        fail(f"{flag}: leaves {len(options)} option(s); a draft weighs at least two")
    names = [o["name"].lower() for o in options]
    if len(set(names)) != len(names):
        fail("--rename/--option: two options would have the same name")
    return options


def with_choices(request: Any, choices: list[dict[str, Any]], flag: str) -> Any:
    """``request`` with ``choices`` validated as the API validates them."""
    from service.papers.paper import DraftRequest

    try:
        return DraftRequest.model_validate({**request.model_dump(), "choices": choices})
    except ValidationError as exc:
        _, message = first_problem(exc)
        fail(f"{flag}: {message}")


def _checked(flag: str, option: dict[str, Any]) -> dict[str, Any]:
    """``option`` as ``OptionChoice`` takes it (its name cleaned), or a one-line error."""
    from service.papers.choices import OptionChoice

    try:
        return OptionChoice.model_validate(option).model_dump()
    except ValidationError as exc:
        field, message = first_problem(exc)
        fail(f"{flag}: option '{str(option['name'])[:60]}': {field}: {message}")


def _pair(flag: str, item: str, shape: str) -> tuple[str, str]:
    left, sep, right = item.partition("=")
    if not sep or not left.strip() or not right.strip():
        fail(f"{flag}: '{item}' is not {shape}")
    return left.strip(), right.strip()


def _find(flag: str, options: list[dict[str, Any]], name: str) -> dict[str, Any]:
    for option in options:
        if option["name"].lower() == name.strip().lower():
            return option
    proposed = "; ".join(o["name"] for o in options)
    fail(f"{flag}: '{name}' is not a proposed option (proposed: {proposed})")
