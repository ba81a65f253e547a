"""Any sentence against any passage (``briefing check``, ``POST /api/check``)."""

from __future__ import annotations

import pytest

from service.corpus.embed import LocalEmbeddings
from service.errors import InvalidRequestError
from service.verify.pairs import CheckPair, check_all, parse_pairs_jsonl
from service.verify.support import Verifier

PASSAGE = "Japan's Fisheries Agency warned 5,191 DPRK fishing boats in 2017."


def test_each_pair_gets_a_verdict_in_order(embedder: LocalEmbeddings) -> None:
    pairs = [
        CheckPair(sentence=s, passage=PASSAGE)
        for s in (
            "The Fisheries Agency warned 5,191 DPRK fishing boats in 2017.",
            "The Fisheries Agency warned 5,315 DPRK fishing boats in 2017.",
        )
    ]
    supported, changed = check_all(Verifier(embedder), pairs)
    assert supported == {"supported": True, "reason": "supported", "kind": None}
    assert not changed["supported"] and changed["kind"] == "number"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"sentence": "A."}\n', r"pairs.jsonl: line 1: field 'passage'"),
        ('\n{"sentence": "A.", "passage": "B."}\nnot json\n', r"pairs.jsonl: line 3: not JSON"),
        ('{"sentence": "A.", "passage": "B.", "extra": 1}', r"line 1: field 'extra'"),
        ("\n\n", r"pairs.jsonl: no pairs"),
    ],
)
def test_a_bad_line_is_named_by_number_and_field(text: str, message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        parse_pairs_jsonl(text, "pairs.jsonl")
