"""The draft request as the command line states it (``stated_request``): what the flags
say becomes the request's fields and frame, and a mistake is one line naming the flag."""

from __future__ import annotations

import pytest
import typer

from service.cli.choices import DraftFlags, OptionEdits, stated_request

NO_EDITS = OptionEdits([], [], [])


def test_the_flags_become_the_request_and_its_frame() -> None:
    flags = DraftFlags(
        "Should Japan resume talks?", ["remains-and-graves = 0.4"], 2, NO_EDITS,
        core="Sanctions", peripheral=["Humanitarian aid"], length="short",
    )  # fmt: skip
    request = stated_request(flags)
    assert request.weights == {"remains-and-graves": 0.4}
    assert (request.options, request.length, request.choices) == (2, "short", [])
    assert request.frame.core == "Sanctions"
    assert request.frame.peripheral == ["Humanitarian aid"]


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (DraftFlags("x", ["remains"], 3, NO_EDITS), "--weight: 'remains' is not agenda=number"),
        (DraftFlags("x", [], 9, NO_EDITS), "--options: Input should be less than or equal to 5"),
        (DraftFlags(" ", [], 3, NO_EDITS), "--tasking: "),
        (DraftFlags("x", [], 3, NO_EDITS, peripheral=["Aid"]), "--peripheral: needs --core"),
    ],
)
def test_a_mistake_is_one_line_naming_the_flag(
    flags: DraftFlags, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(typer.Exit):
        stated_request(flags)
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"briefing: error: {message}"), line
