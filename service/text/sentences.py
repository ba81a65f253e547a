"""One sentence splitter for chunks, quotes, checks and answers.

``sentence_spans`` gives the sentences (and heading or list lines) a quote, a check or
an answer reads; ``chunk_boundaries`` gives the same breaks as offsets where a chunk may
end, so a chunk never ends inside a sentence a quote would read whole.

A full stop ends a sentence unless what stands before it or after it says otherwise,
by rules of English copy rather than words of one document:

* the next word is lower case ("e.g. the", "9 a.m. on Monday");
* the word before is a title or label that always precedes a name or a number ("Gov.",
  "Sen.", "No. 3", "Art. 5") or a month before a day ("Dec. 1");
* the word before is an initial or a dotted acronym ("R.J. Hale", "U.S. Army") and the
  next word is a name: capitalised, not a word that opens sentences ("The", "He", "In")
  and not found in lower case elsewhere in the same text (where "Army" is never
  written "army" but "the" is, "U.S. The" breaks and "U.S. Army" does not);
* a Latin abbreviation that never ends a sentence ("e.g.", "i.e.", "vs.").

Japanese and Chinese stops ("。", "！", "？") end a sentence with or without a space after
them, except inside a quotation that the sentence goes on after (「……である。」と述べた);
after a ".", "!" or "?", a letter of a script without case (hangul, kana, kanji) starts
a new sentence, as a capital does.

A lower-case dotted abbreviation ("a.m.", "p.m.") before a capital ends the sentence,
as does any other word. Datelines ("AUSTIN, Texas (AP) —"), bylines ("By MARIA
DELGADO, Associated Press") and agency credits ("(Reporting by ...)") are no sentence:
``sentence_spans`` leaves them out, so no quote or answer holds one; ``dateline``
gives a text's own dateline to read as context (its date places what follows).
"""

from __future__ import annotations

import itertools
import re

# A candidate end: a stop (with closing quotes or brackets) and white space, or a line break.
_CANDIDATE = re.compile(
    r"([.!?])[\"'”’)\]]*[ \t]+|([。！？])([」』）)\]\"'”’]*)[ \t]*(?=\S)|[ \t]*\n+"
)
_NEXT_WORD = re.compile(r"[\"'“‘(\[]*([^\s\"'“‘(\[])(\w*)")
_WORD_BEFORE = re.compile(r"(?<![\w.'’-])([\w.'’-]*)\.$")
# Titles and labels before a name or a number; months before a day.
_TITLES = frozenset(
    "Mr Mrs Ms Dr Prof Gov Sen Rep Gen Col Lt Sgt Capt Cmdr Adm Maj Rev Hon Amb Pres Supt "
    "St Mt Ft No Nos Art Arts Vol Fig Sec Para Ch Pt Jr Sr".split()
)
_MONTHS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
_NEVER_FINAL = frozenset("e.g i.e cf viz vs approx ca".split())
# Words that open sentences (closed classes of English: articles, pronouns, prepositions,
# conjunctions, question words), read when the text itself gives no evidence.
_OPENERS = frozenset(
    "the a an he she it they we i you his her its their our this that these those there "
    "here in on at by for from with after before when while but and or so yet if as since "
    "although though however meanwhile also some many most all no not one two three what "
    "who where why how earlier later then during under over".split()
)
_INITIALS = re.compile(r"^(?:[A-Z]\.)*[A-Z]$")
# "AUSTIN, Texas (AP) — ", "TOKYO, Oct. 15, 2002 (Kyodo) — ", "GENEVA (Reuters) - ".
_DATELINE = re.compile(
    r"[ \t]*[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+)*"
    r"(?:,[ \t]*[^\n—–()]{1,40}?)?[ \t]*(?:\([A-Z][\w .&/-]{0,30}\))?[ \t]*(?:—|–|--|-)[ \t]+"
    r"(?=[\"'“‘(]*[A-Z0-9])"
)
_BYLINE = re.compile(r"[ \t]*By [A-Z][^\n]{0,80}(?<![.!?])[ \t]*$")
_CREDIT = re.compile(
    r"[ \t]*\((?:Reporting|Editing|Writing|Additional reporting|Compiled) by[^\n]*\)[ \t]*$"
)
_REFERENCE = re.compile(
    r"^[\"'“‘(]*(?:(?:On|By|At|From|Later|Earlier) )?"
    r"(?:(?:He|She|It|They|His|Her|Its|Their|Him|Them)\b"
    r"|(?:This|That|These|Those|Such|Both)\b"
    r"|[Tt]he same (?:day|time|week|month|year|date|night|morning|evening)\b)",
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences (and heading/list lines) in ``text``;
    datelines, bylines and agency credits are left out."""
    spans = []
    for start, end in _pieces(text):
        start, end = _strip(text, start, end)
        if end > start:
            spans.append((start, end))
    return spans


def chunk_boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``text[start:end]`` where a chunk may end: after a sentence's (or a
    line's) break, where the next one starts."""
    lower = _lower_words(text)
    return [m.end() for m in _CANDIDATE.finditer(text, start, end) if _ends(text, m, lower)]


def dateline(text: str) -> str:
    """The dateline ``text`` opens with ("TOKYO, Oct. 15, 2002 (Kyodo) —"), or ""."""
    found = _DATELINE.match(text)
    return found.group(0).strip() if found and _is_dateline(found.group(0)) else ""


def opens_with_reference(sentence: str) -> bool:
    """Whether ``sentence`` opens by referring back ("He said ...", "On the same day, ...",
    "This agreement ..."): read alone, it does not say who or what it is about."""
    return bool(_REFERENCE.match(sentence))


def _pieces(text: str) -> list[tuple[int, int]]:
    lower = _lower_words(text)
    pieces, start = [], 0
    for match in _CANDIDATE.finditer(text):
        if _ends(text, match, lower):
            pieces.append((start, match.start() + len(match.group(0).rstrip())))
            start = match.end()
    pieces.append((start, len(text)))
    return [piece for p in pieces for piece in _without_lines(text, *p)]


def _ends(text: str, match: re.Match[str], lower: frozenset[str]) -> bool:
    """Whether the candidate ``match`` ends a sentence."""
    if match.group(2):  # "。": ends, unless a quotation closes on it and the sentence goes on
        return not match.group(3) or text[match.end()] in "「『（(\n"
    stop = match.group(1)
    if not stop:
        return True  # a line break
    following = _NEXT_WORD.match(text, match.end())
    if following is None:
        return True
    first, rest = following.group(1), following.group(2)
    if first.islower():
        return False
    if first.isalpha() and not first.isupper():
        return True  # hangul, kana, kanji: a script without capitals starts a sentence
    if not (first.isupper() or first.isdigit()):
        return False  # "—", a marker: the sentence goes on
    if stop != "." or match.group(0)[1:].strip():
        return True  # "!", "?", or a closing quote or bracket after the stop
    before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start() + 1)
    word = before.group(1) if before else ""
    return _ends_after(word, first, f"{first}{rest}", lower)


def _ends_after(word: str, first: str, following: str, lower: frozenset[str]) -> bool:
    """Whether a full stop after ``word`` ends the sentence, the next word being ``following``."""
    if word in _TITLES or word.lower() in _NEVER_FINAL:
        return False
    if word in _MONTHS:
        return not first.isdigit()
    if _INITIALS.match(word):
        if first.isdigit():
            return False
        name = following.lower()
        return name in _OPENERS or name in lower
    return True


def _lower_words(text: str) -> frozenset[str]:
    """The words ``text`` writes in lower case somewhere: common words, not names."""
    return frozenset(re.findall(r"(?<![\w.])[a-z][a-z'’-]+\b", text))


def _without_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The piece less a dateline it opens with; nothing if it is a byline or a credit."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() == "":
        if _BYLINE.match(text, start, end) or _CREDIT.match(text, start, end):
            return []
        found = _DATELINE.match(text, start, end)
        if found and _is_dateline(found.group(0)):
            return [(found.end(), end)]
    return [(start, end)]


def _is_dateline(found: str) -> bool:
    # A city in capitals and an agency or a dash: "TOKYO —"; not "UN -" or "A -".
    city = re.match(r"[ \t]*([A-Z][A-Z.'’-]+)", found)
    return "(" in found or (city is not None and len(city.group(1)) >= 4)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    # Markdown's heading, quote and list markers are not part of a quotable sentence.
    while start < end and text[start] in " \t#>-*":
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def window_spans(text: str) -> list[tuple[int, int]]:
    """Every sentence of ``text`` (the whole text when it has none), then every two adjacent
    sentences: the windows a support check reads and a quote is taken from."""
    spans = sentence_spans(text) or [(0, len(text))]
    return spans + [(a[0], b[1]) for a, b in itertools.pairwise(spans)]
