"""Bidi controls stripped from titles, taskings and tags; NUL refused where a
label is stored (issue 28, item 8: "\u202eevil" displayed as "live")."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from service.corpus.load import load_document
from service.errors import InvalidRequestError
from service.papers.paper import DraftRequest
from service.text.labels import BIDI_CONTROLS, plain_label, strip_bidi
from tests.conftest import write_md

EVIL = "\u202eevil \u2066note\u2069 \u202a\u202b\u202c\u202d\u2067\u2068"


def test_every_bidi_control_is_stripped() -> None:
    assert strip_bidi(EVIL) == "evil note "
    assert len(BIDI_CONTROLS) == 9
    hebrew = "\u200f\u05e9\u05dc\u05d5\u05dd"  # a right-to-left mark is no override: kept
    assert strip_bidi(hebrew) == hebrew


def test_a_label_with_a_nul_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidRequestError, match="name: contains a NUL character"):
        plain_label("lap\x00top", "name")


def test_a_document_title_and_tags_lose_their_bidi_controls(tmp_path: Path) -> None:
    path = write_md(tmp_path / "t.md", "\u202eevil", "Japan met the DPRK in May 2014.\n")
    path.write_text(path.read_text().replace("[abductions]", "[\u2066abductions\u2069]"))
    document = load_document(path, "t.md", 1_000_000)
    assert (document.title, document.tags) == ("evil", ("abductions",))


def test_a_tasking_loses_bidi_controls_and_refuses_nul() -> None:
    request = DraftRequest(tasking="\u202eHow should Japan proceed?", constraints="\u2066x\u2069")
    assert (request.tasking, request.constraints) == ("How should Japan proceed?", "x")
    with pytest.raises(ValidationError, match="NUL"):
        DraftRequest(tasking="How\x00 should Japan proceed?")
