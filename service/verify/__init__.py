"""Verify: is a sentence supported by the passages it cites?

The stage between answering and papers. ``protocol`` is the contract every support
checker meets (``SupportChecker``); ``support`` is today's rule-based checker, built
from ``facts`` (numbers, dates, names, negation), ``meaning`` with its word tables
(``meaning_words``), ``semantic_roles`` (who did what to whom, who said it) and
``wording`` (stems, phrases); ``framing`` keeps a paper's own wording from stating
facts; ``pairs`` checks any sentence against any passage (``briefing check``,
``POST /api/check``).
"""
