"""Framing lines that state facts are checked; policy framing is not."""

from __future__ import annotations

import re

from service.corpus.embed import LocalEmbeddings
from service.package_data import package_dir, word_tables
from service.text.evidence import Passage
from service.verify.framing import check_framing, checkable_facts
from service.verify.support import Verifier
from tests.conftest import REPO

SOURCE = Passage("p", "On 12 February 2016 the DPRK said it was disbanding the Special "
                      "Investigation Committee.")  # fmt: skip


def test_facts_in_framing_are_found() -> None:
    assert checkable_facts("The DPRK returned five more abductees in 2010.") == [
        "5", "2010", "DPRK returned",
    ]  # fmt: skip
    assert checkable_facts("In 2002 Kim Jong Il admitted the abductions.") == [
        "2002", "Kim Jong Il admitted",
    ]  # fmt: skip
    assert checkable_facts("The talks broke down in May.") == ["May"]


def test_policy_framing_and_the_analysts_constraint_are_not_checkable() -> None:
    options = (REPO / "prompts" / "options.yaml").read_text(encoding="utf-8")
    framings = re.findall(r'framing: "(.*)"', options)
    assert len(framings) > 30
    assert [f for f in framings if checkable_facts(f)] == []
    assert checkable_facts("Analyst constraint: No sanctions relief before 2027") == []
    assert checkable_facts("Japan weighs each of the two steps against the core.") == []


def test_framing_facts_are_verified_or_refused(embedder: LocalEmbeddings) -> None:
    verifier = Verifier(embedder)
    assert check_framing("Japan opens talks.", [], verifier) == (True, "")
    supported, reason = check_framing(
        "On 12 February 2016 the DPRK said it was disbanding the committee.", [SOURCE], verifier
    )
    assert supported and "that its section cites" in reason
    supported, reason = check_framing("The DPRK returned five more abductees in 2010.",
                                      [SOURCE], verifier)  # fmt: skip
    assert not supported
    assert reason.startswith("framing states checkable facts (5, 2010, DPRK returned)")


def test_the_framing_tables_are_read_from_their_data_file() -> None:
    tables = word_tables(package_dir("service.verify") / "data" / "framing_words.yaml")
    for verb in tables["irregular_past"]:
        assert checkable_facts(f"The DPRK {verb} the envoy.") == [f"DPRK {verb}"], verb
    for word in tables["not_past"]:
        assert checkable_facts(f"The DPRK {word} the envoy.") == [], word
    for adverb in tables["adverbs"]:
        assert checkable_facts(f"The DPRK {adverb} gave way.") == ["DPRK gave"], adverb
    for word in tables["before_subject"]:
        assert checkable_facts(f"Talks went on {word} Japan gave way.") == ["Japan gave"], word
    assert checkable_facts("Talks went on, keeping Japan gave way.") == []
