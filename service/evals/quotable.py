"""Whether an answer's sentences can be quoted as they are: whole sentences, no dateline.

Three per-answer checks for the eval runner, written apart from the sentence splitter
(``service.text.sentences``) on purpose, so that they judge it rather than repeat it:

* **fragment**: a shown sentence is not a whole sentence of the text it was taken from:
  it starts in lower case or straight after a period that did not end a sentence ("Dec."
  + "1, with ..."), or it stops where the source goes on ("... from Dec." + "1, ...").
* **dateline**: a shown sentence or quote carries a dateline or a byline ("AUSTIN, Texas
  (AP) —", "9 (Kyodo) —", "By MARIA DELGADO", "(Reporting by ...)").
* **dangling**: a shown sentence opens with a reference to what came before ("He", "The
  same day") and neither its quote nor the answer's sentence before it shows what it
  refers to.
* **paragraph**: a shown sentence runs on past a sentence end: a Japanese stop ("。", "！",
  "？") with more text after it, outside a quotation (「」). A Japanese paragraph has no
  spaces for a splitter of English to cut at, and was quoted whole.

The rules are conventions of English copy, not the splitter's: a title ("Gov.", "No.")
never ends a sentence, a lone capital with a period is an initial, and a sentence never
goes on with a lower-case word or a digit after its full stop.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

# Titles and labels that always precede a name or a number.
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Prof|St|No|Nos|Art|Vol)\.$")
_INITIAL = re.compile(r"(?:^|[\s(])(?:[A-Z]\.)+$")
_STOP = re.compile(r"[.!?。！？][\"'”’)\]」』）]*$")
_CJK_STOP = re.compile(r"[。！？][」』）)]*$")
# A Japanese stop with text after it, not closing a quotation: "…である。拉致は…".
_INNER_STOP = re.compile(r"[。！？](?![」』）)]|$)(?=.)")
_QUOTATION = re.compile(r"「[^「」]*」|『[^『』]*』")
_DATELINE = re.compile(
    r"(?:^|\n)\s*[A-Z]{2,}[A-Z .'-]*(?:,[^—–\n(]{0,40})?\s*(?:\([^)\n]{1,30}\))?\s*(?:—|–|--| - )"
)
# What a cut dateline leaves: "9 (Kyodo) — The Japan Coast Guard ...".
_AGENCY = re.compile(r"^[^\n]{0,40}?\([A-Z][A-Za-z .]{1,25}\)\s*(?:—|–|--| - )")
_AFTER_DATELINE = re.compile(_DATELINE.pattern + r"\s*$")
# A byline is a line of its own ("By MARIA DELGADO, Associated Press"), not a sentence
# that opens with "By" ("By July 1984, 93,340 people had gone.").
_BYLINE = re.compile(
    r"(?:^|\n)[ \t]*By [A-Z][^\n]{0,80}(?<![.!?])[ \t]*(?:\n|$)"
    r"|\((?:Reporting|Editing|Writing|Additional reporting) by"
)
_REFERENCE = re.compile(
    r"^(?:He|She|It|They|His|Her|Its|Their|This|That|These|Those|Such)\b"
    r"|^(?:On |By |At )?the same (?:day|time|week|month|year)\b",
    re.I,
)


def has_dateline(text: str) -> bool:
    """Whether ``text`` holds a dateline or a byline."""
    return bool(_DATELINE.search(text) or _AGENCY.search(text) or _BYLINE.search(text))


def is_fragment(sentence: str, source: str, at: int | None = None) -> bool:
    """Whether ``sentence``, at offset ``at`` of ``source`` (else where it first occurs
    there), is not a whole sentence there.

    A sentence not found verbatim (a model's rewording) is not judged: False.
    """
    at = source.find(sentence) if at is None else at
    if at < 0 or not sentence:
        return False
    before = source[:at].rstrip(" \t")
    after = source[at + len(sentence) :]
    return _cut_at_start(sentence, before) or _cut_at_end(sentence, after)


def _cut_at_start(sentence: str, before: str) -> bool:
    first = sentence.lstrip("\"'“‘([")[:1]
    if first.islower():
        return True
    if not before or before.endswith("\n") or _AFTER_DATELINE.search(before + " "):
        return False
    if _TITLE.search(before):
        return True
    if _INITIAL.search(before) and first.isupper():
        return True
    return before.endswith(".") and first.isdigit()


def _cut_at_end(sentence: str, after: str) -> bool:
    rest = after.lstrip(" \t")
    if not rest or rest.startswith("\n"):
        return False  # a line of its own (a heading, a list item) ends where the line does
    if not _STOP.search(sentence) or _TITLE.search(sentence):
        return True
    if _CJK_STOP.search(sentence):
        return False  # after "。" a sentence may open with a digit: "2004年12月8日、…"
    nxt = rest.lstrip("\"'“‘([")[:1]
    if _INITIAL.search(sentence) and nxt.isupper():
        return True
    return nxt.islower() or nxt.isdigit()


def is_paragraph(sentence: str) -> bool:
    """Whether ``sentence`` holds more than one sentence (a Japanese stop inside it)."""
    return _INNER_STOP.search(_QUOTATION.sub("", sentence.rstrip())) is not None


def is_dangling(sentence: str, quotes: Sequence[str], previous: str, source: str) -> bool:
    """Whether ``sentence`` opens with a reference that nothing shown resolves: no quote
    shows text before it, and the answer's sentence before it (``previous``, "" for none)
    is not the sentence right before it in ``source``."""
    if not _REFERENCE.search(sentence):
        return False
    if any(quote.find(sentence) > 0 and quote[: quote.find(sentence)].strip() for quote in quotes):
        return False
    at, before = source.find(sentence), source.find(previous) if previous else -1
    return not (0 <= before < at and not source[before + len(previous) : at].strip())


def quotability(
    sentences: Sequence[tuple[str, Sequence[int]]], cited: Mapping[int, tuple[str, str]]
) -> dict[str, float]:
    """An answer's four checks, each 1.0 when any shown sentence fails it, else 0.0.

    ``sentences``: each shown sentence with its citation numbers; ``cited``: citation
    number -> (its quote, the text it was quoted from: a chunk or the whole document).
    """
    fragment = dateline = dangling = paragraph = False
    previous = ""
    for text, numbers in sentences:
        quotes = [cited[n][0] for n in numbers if n in cited]
        sources = [cited[n][1] for n in numbers if n in cited]
        fragment |= any(is_fragment(text, source) for source in sources)
        dateline |= has_dateline(text) or any(has_dateline(q) for q in quotes)
        dangling |= bool(sources) and is_dangling(text, quotes, previous, sources[0])
        paragraph |= is_paragraph(text)
        previous = text
    return {
        "fragment": float(fragment),
        "dateline": float(dateline),
        "dangling": float(dangling),
        "paragraph": float(paragraph),
    }
