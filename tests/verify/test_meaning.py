"""Meaning checks: each kind of change caught, faithful rewordings passed, and the
held-out half of the labelled meaning pairs meets the targets with the real verifier."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from service.corpus.embed import LocalEmbeddings
from service.package_data import word_tables
from service.text.evidence import Passage
from service.verify import meaning_words, semantic_roles, wording
from service.verify.meaning import meaning_changes
from service.verify.support import Verifier
from tests.conftest import REPO

SANCTIONS = (
    "Japan's own unilateral measures against the DPRK are separate from the UN sanctions. "
    "Japan's own measures cover travel, money transfers, port entry and trade."
)
STOCKHOLM = (
    "At the May 2014 talks Japan asked the DPRK to reinvestigate, and the DPRK agreed. "
    "The DPRK agreed to pursue the five categories of the survey in parallel. "
    "Japan would lift three measures once the DPRK had set up the committee. "
    "The talks stalled because the DPRK delayed its report. "
    "Abe said the delay was regrettable. "
    "Japan lifted some of its measures on 4 July 2014."
)


@pytest.mark.parametrize(
    ("sentence", "quote", "kind"),
    [
        ("Japan's own unilateral measures against the DPRK are part of the UN sanctions.",
         SANCTIONS, "antonym"),
        ("Japan's own measures cover travel, money transfers, port entry and arms sales.",
         SANCTIONS, "list-item"),
        ("At the May 2014 talks the DPRK asked Japan to reinvestigate, and Japan agreed.",
         STOCKHOLM, "role-swap"),
        ("Japan would lift three measures before the DPRK had set up the committee.",
         STOCKHOLM, "condition"),
        ("The talks stalled although the DPRK delayed its report.", STOCKHOLM, "cause"),
        ("Japan later lifted some of its measures.", "Japan first lifted some of its measures.",
         "sequence"),
        ("Japan had already lifted three measures once the DPRK had set up the committee.",
         "Japan would lift three measures once the DPRK had set up the committee.", "modality"),
        ("The delay may be regrettable.", "The delay was regrettable.", "modality"),
        ("Japan lifted all of its measures on 4 July 2014.", STOCKHOLM, "quantifier"),
        ("Japan lifted only some of its measures on 4 July 2014.", STOCKHOLM, "quantifier"),
        ("Kim Jong Un said the delay was regrettable.",
         STOCKHOLM + " Kim Jong Un did not comment.", "attribution"),
    ],
)  # fmt: skip
def test_each_kind_of_change_is_caught(sentence: str, quote: str, kind: str) -> None:
    assert kind in {change.kind for change in meaning_changes(sentence, quote)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan's own measures cover travel, money transfers, port entry and trade.",
        "Japan's unilateral measures against the DPRK are separate from the UN sanctions.",
        "The DPRK agreed to pursue the 5 categories of the survey in parallel.",
        "The DPRK agreed to pursue the five categories of the survey in parallel, and Japan "
        "would lift three measures once the DPRK had set up the committee.",
        "Japan lifted some of its measures on 4 July 2014.",
        "On 4 July 2014 Japan lifted some of its measures.",
        "Japan and the DPRK met at the May 2014 talks, where Japan asked the DPRK to "
        "reinvestigate.",
        "The committee was set up by the DPRK, and Japan would then lift three measures.",
    ],
)
def test_faithful_rewordings_pass(sentence: str) -> None:
    assert meaning_changes(sentence, SANCTIONS + " " + STOCKHOLM) == []


def test_idioms_are_not_connectives() -> None:
    quote = "The survey covered five categories before the report."
    assert meaning_changes("The survey covered five categories at once.", quote) == []


def test_held_out_meaning_pairs_meet_the_targets(embedder: LocalEmbeddings) -> None:
    """Changes caught >= 0.90 overall and >= 0.80 per kind; faithful passed >= 0.85."""
    lines = (REPO / "tests" / "data" / "meaning_pairs.jsonl").read_text(encoding="utf-8")
    pairs = [json.loads(line) for line in lines.splitlines() if line]
    assert len(pairs) >= 300
    held_out = [p for p in pairs if p["split"] == "held-out"]
    verifier = Verifier(embedder)
    right: dict[str, list[bool]] = defaultdict(list)
    for pair in held_out:
        verdict = verifier.verify(pair["sentence"], [Passage(pair["id"], pair["passage"])])
        ok = verdict.supported == pair["label"]
        right[pair["kind"]].append(ok)
        right["faithful" if pair["label"] else "changes"].append(ok)
    rate = {kind: sum(v) / len(v) for kind, v in right.items()}
    assert rate["changes"] >= 0.90, rate
    assert rate["faithful"] >= 0.85, rate
    changed_kinds = {p["kind"] for p in held_out if not p["label"]}
    assert all(rate[kind] >= 0.80 for kind in changed_kinds), rate


def test_the_parsing_words_are_read_from_their_data_file() -> None:
    tables = word_tables(meaning_words.DATA_PATH)
    quote = "The DPRK {} said the talks would resume."
    for pronoun in tables["pronouns"]:
        sentence = f"{pronoun.title()} said the talks would resume."
        assert meaning_changes(sentence, quote.format("")) == [], pronoun
    for word in tables["speaker_gap_words"]:
        changes = meaning_changes(f"Japan {word} said the talks would resume.", quote.format(word))
        assert [c.kind for c in changes] == ["attribution"], word
    assert frozenset(tables["auxiliaries"]) == semantic_roles._AUXILIARIES
    assert frozenset(tables["conjunctions"]) == wording._CONJUNCTIONS
    assert frozenset(tables["function_words"]) == wording._FUNCTION
