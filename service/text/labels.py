"""Short labels people and documents give things (titles, taskings, tags, names): shown
as written, never reordered, never truncated by a database.

Unicode's bidirectional controls (U+202A-U+202E embeddings and overrides, U+2066-U+2069
isolates) make a label display in another order than it reads: "\u202eevil" shows as
"live". They carry no meaning in a label, so they are stripped. A NUL character is
refused: PostgreSQL cannot store one in text, and no label needs one.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from service.errors import InvalidRequestError

BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_NO_BIDI = {ord(c): None for c in BIDI_CONTROLS}


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional embedding, override and isolate controls."""
    return text.translate(_NO_BIDI)


def plain_label(text: str, field: str) -> str:
    """A label as it may be stored: bidi controls stripped; a NUL is an
    ``InvalidRequestError`` naming ``field``."""
    if "\x00" in text:
        raise InvalidRequestError(f"{field}: contains a NUL character")
    return strip_bidi(text)


def refuse_nul(text: str) -> str:
    """``text`` unchanged; a ``ValueError`` (a 422 naming the field, in a request model)
    when it holds a NUL."""
    if "\x00" in text:
        raise ValueError("must not contain a NUL character")
    return text


def clean_label(text: str) -> str:
    """``refuse_nul``, then bidi controls stripped: for names and titles people give."""
    return strip_bidi(refuse_nul(text))


NulFree = Annotated[str, AfterValidator(refuse_nul)]
"""Text a request may send to be stored or used: never with a NUL (PostgreSQL cannot
store one; nothing a person writes needs one)."""
Label = Annotated[str, AfterValidator(clean_label)]
"""A name or title from a request: no NUL, no bidi controls."""
