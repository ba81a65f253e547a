"""evals/japanese: its spans stay where its answers are."""

from __future__ import annotations

import unicodedata

from service.corpus.load import load_document
from service.evals.suite import load_suite
from tests.conftest import REPO

SUITE = REPO / "evals" / "japanese" / "japanese.yaml"


def test_the_japanese_documents_are_nfkc_stable() -> None:
    # Loading may normalise text to NFKC (ligatures, full-width forms): these documents
    # are written so that it changes nothing, and the spans' offsets cannot move.
    for path in sorted((REPO / "evals" / "japanese" / "corpus").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFKC", text) == text, path.name


def test_every_answerable_question_has_a_span_in_its_gold_document() -> None:
    items = load_suite(SUITE)
    assert len(items) >= 20 and sum(not i.answerable for i in items) >= 5
    for item in items:
        if not item.answerable:
            assert not item.gold and not item.spans, item.id
            continue
        (span,) = item.spans
        assert span.source in item.gold, item.id
        text = load_document(REPO / span.source, span.source, 10**7).text
        quoted = text[span.start : span.end]
        assert quoted.strip() and "\n" not in quoted, item.id
        # The reference answer's figures are in the phrase that answers it.
        digits = "".join(c for c in item.answer if c.isdigit())
        assert digits in "".join(c for c in quoted if c.isdigit()) or not digits, item.id
