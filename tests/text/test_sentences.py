"""The two sentence splitters: what a quote reads, and where a chunk may end."""

from __future__ import annotations

from service.text.sentences import chunk_boundaries, sentence_spans


def test_sentence_spans_give_sentences_and_heading_lines() -> None:
    text = "## Heading\n\nFirst one. Second one? Third."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Heading", "First one.", "Second one?", "Third."]


def test_a_sentence_break_needs_a_capital_or_digit_after_the_stop() -> None:
    text = "Talks resumed, e.g. in Beijing. 2014 was the year."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Talks resumed, e.g. in Beijing.",
        "2014 was the year.",
    ]


def test_chunk_boundaries_also_fall_after_semicolons_and_lowercase_starts() -> None:
    text = "One clause; another. lower case next.\n\nNew paragraph."
    cuts = chunk_boundaries(text, 0, len(text))
    assert [text[:c].rstrip()[-1] for c in cuts] == [";", ".", "."]
    assert chunk_boundaries(text, 12, 20) == []
