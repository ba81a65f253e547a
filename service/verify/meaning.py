"""Meaning checks: does a sentence change what its quoted text says?

The verifier's facts check catches a wrong number, date or name; these rules catch
a sentence that keeps the facts and the words but changes the claim. Each compares
the sentence with the quote (the best-matching window of the cited passage) and
looks only at words the sentence has and the quote lacks, so a verbatim or
extractive sentence can never trip them:

* opposites (``antonym``): "part of" where the text says "separate from";
* connectives (``condition``, ``cause``, ``sequence``): "before" for "once",
  "although" for "because", "one after another" for "in parallel";
* ``modality``: "delivered" for "promised", "may be" for "is";
* ``quantifier``: "all" for "some", an "only" added or dropped;
* ``list-item``: one item of a list replaced ("port entry and arms sales" for
  "port entry and trade");
* ``role-swap`` and ``attribution`` (``service/verify/semantic_roles.py``): who did what to
  whom, and who said it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from service.verify import meaning_words as words
from service.verify.semantic_roles import attribution_changes, role_changes, slot_changes
from service.verify.wording import Wording


@dataclass(frozen=True)
class MeaningChange:
    """One way a sentence departs from its quote: the kind and what an analyst should see."""

    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


@dataclass(frozen=True)
class _Pair:
    """A sentence, its quote, and the spans where one has other words than the other."""

    said: Wording
    cited: Wording
    swaps: list[tuple[Wording, Wording]]
    cores: list[tuple[Wording, Wording]]


def meaning_changes(sentence: str, quote: str) -> list[MeaningChange]:
    """Every change of meaning found in ``sentence`` against ``quote`` (empty: none)."""
    said, cited = Wording(sentence), Wording(quote)
    pair = _Pair(said, cited, _swaps(said, cited, 1), _swaps(said, cited, 0))
    found: list[MeaningChange] = []
    for check in (_antonyms, _connectives, _modality, _quantifiers):
        found += check(pair)
    for rule in (_list_items, role_changes, slot_changes, attribution_changes):
        found += rule(said, cited)
    return found


def opposites(
    sentence: str, quote: str, pairs: Sequence[tuple[str, str]] = words.ANTONYMS
) -> list[MeaningChange]:
    """Only the opposite-word check of ``meaning_changes``, over ``pairs`` of opposites:
    cheap enough to read a question against every sentence that might answer it ("What
    can weak tidal currents do?" is not answered by "strong tidal currents could tear")."""
    said, cited = Wording(sentence), Wording(quote)
    return _antonyms(_Pair(said, cited, _swaps(said, cited, 1), []), pairs)


def _swaps(said: Wording, cited: Wording, margin: int) -> list[tuple[Wording, Wording]]:
    """Aligned word for word, the spans the sentence replaced (with ``margin`` words
    either side).

    Opposites count only inside such a span: "part of" standing where the quote has
    "separate from". A paraphrase that uses an opposite word elsewhere, for another
    purpose, is not a substitution and is left alone.
    """
    matcher = SequenceMatcher(None, said.words, cited.words, autojunk=False)
    spans = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            mine = " ".join(said.raw[max(0, i1 - margin) : i2 + margin])
            theirs = " ".join(cited.raw[max(0, j1 - margin) : j2 + margin])
            spans.append((Wording(mine), Wording(theirs)))
    return spans


def _antonyms(
    pair: _Pair, pairs: Sequence[tuple[str, str]] = words.ANTONYMS
) -> list[MeaningChange]:
    for a, b in pairs:
        for mine, theirs in ((a, b), (b, a)):
            if _swapped(pair, mine, theirs):
                return [MeaningChange("antonym", f'"{mine}" where the text says "{theirs}"')]
    return []


def _swapped(pair: _Pair, mine: str, theirs: str) -> bool:
    """Whether the sentence put ``mine`` where the quote has ``theirs``."""
    if not pair.said.added(mine, pair.cited) or pair.said.has(theirs):
        return False
    return any(s.has(mine) and c.has(theirs) for s, c in pair.swaps)


def _opposed(kind: str, groups: tuple[frozenset[str], ...], pair: _Pair) -> list[MeaningChange]:
    """A word of one group put where the quote has a word of another group."""
    added = [[w for w in group if pair.said.added(w, pair.cited)] for group in groups]
    if not any(added):
        return []
    for i, mine_words in enumerate(added):
        for j, other in enumerate(groups):
            if i == j:
                continue
            for mine in mine_words:
                theirs = [w for w in other if _swapped(pair, mine, w)]
                if theirs:
                    detail = f'"{mine}" where the text says "{theirs[0]}"'
                    return [MeaningChange(kind, detail)]
    return []


def _connectives(pair: _Pair) -> list[MeaningChange]:
    found = []
    for kind, groups in words.CONNECTIVES.items():
        found += _opposed(kind.split("-")[0], groups, pair)
    return found


def _modality(pair: _Pair) -> list[MeaningChange]:
    said, cited = pair.said, pair.cited
    found = _opposed("modality", tuple(words.MODALITY.values()), pair)
    found += _opposed("modality", words.ABILITY, pair)
    found += _promise_made_deed(pair)
    hedges = [w for w in words.HEDGES if said.added(w, cited)]
    if hedges and not found and not any(cited.has(w) for w in words.HEDGES):
        found.append(MeaningChange("modality", f'"{hedges[0]}" hedges what the text states'))
    return found


def _promise_made_deed(pair: _Pair) -> list[MeaningChange]:
    """The quote's "promised to lift" told as "lifted": same verb, the commitment dropped."""
    intent = words.MODALITY["committed"] | words.MODALITY["tentative"]
    for mine, theirs in pair.cores:
        cues = [w for w in intent if theirs.has(w) and not pair.said.has(w)]
        cue_stems = {stem for w in cues for stem in Wording(w).stems}
        kept = set(mine.stems) & set(theirs.stems) - cue_stems
        if cues and any(s.isalpha() and len(s) > 2 for s in kept):
            detail = f'states as done what the text says was "{cues[0]}"'
            return [MeaningChange("modality", detail)]
    return []


def _quantifiers(pair: _Pair) -> list[MeaningChange]:
    said, cited = pair.said, pair.cited
    found = _opposed("quantifier", words.QUANTIFIERS, pair)
    only_added = [w for w in words.ONLY if said.added(w, cited)]
    if only_added:
        found.append(MeaningChange("quantifier", f'"{only_added[0]}" is not in the text'))
    cited_only = [w for w in words.ONLY if cited.has(w)]
    also_added = [w for w in words.ALSO if said.added(w, cited)]
    if cited_only and also_added and not any(said.has(w) for w in words.ONLY):
        detail = f'"{also_added[0]}" where the text says "{cited_only[0]}"'
        found.append(MeaningChange("quantifier", detail))
    return found


def _list_items(said: Wording, cited: Wording) -> list[MeaningChange]:
    """An item of a list the sentence shares with the quote replaced by another.

    ``Wording.list_items`` keeps only real lists (a comma before, the clause ending after
    the item), so "set up the committee and begun investigating" is not one.
    """
    for before, item in said.list_items():
        if cited.has_sequence(before) and not cited.has(item):
            replaced = cited.item_after(before)
            if replaced and not said.has(replaced):
                detail = f'"{item}" where the text lists "{replaced}"'
                return [MeaningChange("list-item", detail)]
    return []
