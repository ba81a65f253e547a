"""A verdict on one cited sentence: whether it is supported, the signals behind it (the
similarity of the best window, the share of its words the cited text holds, the facts the
cited text lacks, the changes of meaning, the reading model's judgment), the quote, and
one line an analyst can read. ``Verifier`` (``service.verify.support``) reaches it."""

from __future__ import annotations

from dataclasses import dataclass

from service.text.dates import MONTH_NAMES, is_year
from service.text.evidence import Quote
from service.text.tokens import tokenize
from service.verify.facts import Facts
from service.verify.meaning import MeaningChange
from service.verify.protocol import Judgment


@dataclass(frozen=True)
class Verdict:
    """Whether a sentence is supported, the signals behind it and the best quote."""

    supported: bool
    semantic: float
    coverage: float
    missing: tuple[str, ...]
    quote: Quote | None
    changes: tuple[MeaningChange, ...] = ()
    # The reading model's judgment, when the model judged (BRIEFING_SUPPORT_CHECKER=model).
    reading: Judgment | None = None

    @property
    def reason(self) -> str:
        """One line an analyst can read."""
        if self.supported:
            return "supported"
        if self.missing:
            return "not in the cited text: " + ", ".join(self.missing)
        if self.changes:
            return "changes the meaning of the cited text: " + "; ".join(map(str, self.changes))
        if self.reading is not None and not self.reading.supported:
            return self.reading.reason
        return f"weak match (similarity {self.semantic:.2f}, word coverage {self.coverage:.2f})"

    @property
    def kind(self) -> str | None:
        """What failed: "number", "date", "name", "negation", a meaning kind, "weak", or None."""
        if self.supported:
            return None
        if self.missing:
            return _missing_kind(self.missing[0])
        if self.changes:
            return self.changes[0].kind
        if self.reading is not None and self.reading.kind:
            return self.reading.kind
        return "weak"


def token_coverage(sentence: str, cited: str) -> float:
    """Share of the sentence's content tokens (stemmed) that occur in the cited text."""
    tokens = set(tokenize(sentence))
    if not tokens:
        return 0.0
    return len(tokens & set(tokenize(cited))) / len(tokens)


def _missing_kind(missing: str) -> str:
    if missing == "negation":
        return "negation"
    if missing in MONTH_NAMES:
        return "date"
    if missing.isdigit():
        return "date" if is_year(missing, 1900, 2099) else "number"
    if missing[:1].isdigit():
        return "number"  # a count with its counter: "17人"
    return "name"


def missing_facts(claimed: Facts, cited: Facts, window: Facts) -> list[str]:
    """Numbers and months the quoted window lacks, names the cited text lacks."""
    missing = sorted(claimed.numbers - window.numbers)
    missing += sorted(claimed.counted - window.counted)  # "17人" claimed, "17件" quoted
    missing += [MONTH_NAMES[int(m)] for m in sorted(claimed.months - window.months, key=int)]
    # A name counts as present wherever the cited text has the word, capitalised or not.
    missing += sorted(claimed.entities - cited.words)
    return missing
