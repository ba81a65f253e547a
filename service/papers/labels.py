"""A source's own label before a sentence: "Risk: the DPRK could offer ...", "Leverage: home
visits ...", "Link to the core: the 1997 visits ran ...".

The label is how the source arranges its argument, not part of what the sentence claims.
So a chronology leaves a labelled line out (the label marks a judgement, not an event);
the prose, the matrix and the conflicts keep the claim without its label (a source's
"Risk:" would otherwise read as the paper's own heading, and in the wrong place: among an
option's pros, or in a matrix cell headed "Leverage Japan holds"); and what the label
says still decides which field a sentence may argue (``arguments.argues`` reads it before
the label is dropped).

A label is known by its shape, never by a list of words: at the start of the sentence one
capitalised word and up to three lower-case ones, a colon, then the sentence's own text.
A colon before a quotation ("Kim said: 'We ...'") introduces someone's words, not a label,
and a name of several capitalised words ("The DPRK said: ...") is not a label either.
"""

from __future__ import annotations

import re

_LABEL = re.compile(r"""^\s*([A-Z][a-z]+(?: [a-z]+){0,3})\s*:\s+(?=[^\s"'“‘])""")


def source_label(text: str) -> str:
    """The label a source puts before ``text`` ("Risk"), or ""."""
    found = _LABEL.match(text)
    return found[1] if found else ""


def without_label(text: str) -> str:
    """``text`` without its source's label, its first letter capitalised ("Risk: the DPRK
    could ..." -> "The DPRK could ..."); ``text`` itself when it has none."""
    found = _LABEL.match(text)
    if found is None:
        return text
    rest = text[found.end() :]
    return rest[:1].upper() + rest[1:]
