"""Who did what to whom, and who said it: role checks between a sentence and its quote.

A party's role is read from where it stands around a shared word: "Japan asked the
DPRK" has Japan before "asked" and the DPRK after it. When the quote has the two
parties the other way round around the same word, and never in the sentence's
order, the roles were swapped. Moving a whole clause ("After the DPRK reopened
talks, Japan lifted ..." -> "Japan lifted ... after the DPRK reopened talks") keeps
each party on its own side of its own verb, so it passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from service.verify.meaning_words import (
    AUXILIARIES,
    IRREGULAR_VERBS,
    PRONOUNS,
    SPEAKER_GAP_WORDS,
    SPEECH_VERBS,
)

if TYPE_CHECKING:
    from service.verify.meaning import MeaningChange
    from service.verify.wording import Wording

# Function words these checks parse by (``data/meaning_words.yaml``).
_BETWEEN_SPEAKER_AND_VERB = SPEAKER_GAP_WORDS


def role_changes(said: Wording, cited: Wording) -> list[MeaningChange]:
    """Parties on either side of a shared word, the other way round in the quote."""
    from service.verify.meaning import MeaningChange

    for k, word in enumerate(said.words):
        if not said.raw[k].islower() or not _verb_like(word):
            continue
        left, right = said.nearest_party(k, -1), said.nearest_party(k, +1)
        if left is None or right is None or left == right or _passive(said, k):
            continue
        spots = cited.stem_positions(said.stems[k])
        if len(spots) != 1 or len(said.stem_positions(said.stems[k])) != 1:
            continue  # a repeated word does not say which occurrence the roles hang on
        for r in spots:
            if _passive(cited, r):
                continue
            if (cited.nearest_party(r, -1), cited.nearest_party(r, +1)) == (right, left):
                detail = f'"{left}" and "{right}" change places around "{word}"'
                return [MeaningChange("role-swap", detail)]
    return []


def _verb_like(word: str) -> bool:
    """Whether ``word`` reads as a verb whose subject and object can be told apart."""
    return word.isalpha() and (word.endswith("ed") or word in IRREGULAR_VERBS)


def _passive(wording: Wording, k: int) -> bool:
    """Whether the word at ``k`` is a passive verb ("was seized by"): roles read reversed."""
    before = wording.words[k - 1] if k > 0 else ""
    return before in _AUXILIARIES or "by" in wording.words[k + 1 : k + 4]


_PRONOUNS = PRONOUNS
_AUXILIARIES = AUXILIARIES


def slot_changes(said: Wording, cited: Wording) -> list[MeaningChange]:
    """A party put in the slot where the quote, word for word otherwise, has another party.

    Aligns the two texts word by word; a party the quote names elsewhere, standing
    where the quote has a different party, moved. Two parties joined by "and"/"or"
    may trade places ("Japan and the DPRK" = "the DPRK and Japan").
    """
    from service.verify.meaning import MeaningChange

    matcher = SequenceMatcher(None, said.words, cited.words, autojunk=False)
    opcodes = matcher.get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op != "replace" or i2 - i1 > 6 or j2 - j1 > 6 or not _framed(opcodes, n):
            continue
        mine = [k for k, i in said.mentions if i1 <= i < i2]
        theirs = [k for k, j in cited.mentions if j1 <= j < j2]
        for party in mine:
            elsewhere = [j for j in cited.positions(party) if not j1 <= j < j2]
            swapped = theirs and theirs[0] in {k for k, _ in said.mentions}
            if swapped and party not in theirs and elsewhere:
                if _coordinated(cited, j1, elsewhere[0]):
                    continue
                detail = f'"{party}" stands where the text has "{theirs[0]}"'
                return [MeaningChange("role-swap", detail)]
    return []


def _framed(opcodes: Sequence[tuple[str, int, int, int, int]], n: int) -> bool:
    """Whether two or more equal words stand on each side of opcode ``n`` (or an end)."""
    sides = [opcodes[n - 1] if n > 0 else None, opcodes[n + 1] if n + 1 < len(opcodes) else None]
    return all(o is None or (o[0] == "equal" and o[2] - o[1] >= 2) for o in sides)


def _coordinated(cited: Wording, a: int, b: int) -> bool:
    """Whether only "and", "or", commas and articles stand between two positions."""
    lo, hi = sorted((a, b))
    between = {w for w, _ in cited.mentions_between(lo, hi)}
    rest = [w for i, w in enumerate(cited.words[lo + 1 : hi], lo + 1) if i not in between]
    return all(w in {"and", "or", ",", "the", "both"} for w in rest)


def attribution_changes(said: Wording, cited: Wording) -> list[MeaningChange]:
    """The sentence's speaker is not who says it in the quote."""
    from service.verify.meaning import MeaningChange

    names = {i for _, i in said.mentions} | {-1}
    quoted_names = {i for _, i in cited.mentions}
    quoted_speakers = {speaker for speaker, _ in _speakers(cited).values()}
    for verb, (speaker, at) in _speakers(said).items():
        quoted = _speakers(cited).get(verb)
        if quoted is None or speaker in quoted_speakers or speaker in _PRONOUNS:
            continue
        if at in names or quoted[1] in quoted_names:
            detail = f'"{speaker}" where the text has "{quoted[0]}" as the speaker'
            return [MeaningChange("attribution", detail)]
    return []


def _speakers(wording: Wording) -> dict[str, tuple[str, int]]:
    """Speech verb stem -> (the word just before it, its index); "according to" -> after."""
    found: dict[str, tuple[str, int]] = {}
    for i, word in enumerate(wording.words):
        if word in SPEECH_VERBS:
            j = i - 1
            while j >= 0 and wording.words[j] in _BETWEEN_SPEAKER_AND_VERB:
                j -= 1
            if j >= 0:
                found.setdefault(wording.stems[i], (wording.stems[j], j))
        if word == "according" and i + 2 < len(wording.words) and wording.words[i + 1] == "to":
            party = wording.nearest_party(i + 1, +1)
            if party is not None:
                found.setdefault("according", (party, i + 2))
    return found
