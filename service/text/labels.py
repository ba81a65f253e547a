"""Short labels people and documents give things (titles, taskings, tags, names): shown
as written, never reordered, never truncated by a database.

Unicode's bidirectional controls (U+202A-U+202E embeddings and overrides, U+2066-U+2069
isolates) make a label display in another order than it reads: "\u202eevil" shows as
"live". They carry no meaning in a label, so they are stripped. A NUL character is
refused: PostgreSQL cannot store one in text, and no label needs one.
"""

from __future__ import annotations

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
