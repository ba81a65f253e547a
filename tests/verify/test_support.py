"""The citation verifier: fact extraction, and precision/recall on the labelled pairs."""

from __future__ import annotations

import json

import pytest

from service.corpus.embed import LocalEmbeddings
from service.text.evidence import Passage
from service.verify.facts import extract_facts
from service.verify.support import Verifier
from tests.conftest import REPO
from tests.verify.contract import SupportCheckerContract

PASSAGE = Passage(
    "p",
    "On 4 July 2014 Japan restored the cash-carry reporting threshold to amounts above "
    "¥1 million. The remittance threshold went back to amounts above ¥30 million.",
    doc_start=100,
)


def test_extract_facts_numbers_months_names_negation() -> None:
    facts = extract_facts("In May 2014 North Korea's Song Il Ho did not accept 93,340 or ten.")
    assert facts.numbers == {"2014", "93340", "10"}
    assert facts.months == {"5"}
    assert {"dprk", "song", "il", "ho"} <= facts.entities
    assert facts.negated
    assert extract_facts("Talks may resume.").months == frozenset()


def test_sentence_first_word_is_not_a_name_unless_it_starts_one() -> None:
    assert "because" not in extract_facts("Because talks stalled, aid stopped.").entities
    assert "megumi" in extract_facts("Megumi Yokota was abducted.").entities


def test_verbatim_and_paraphrase_are_supported(embedder: LocalEmbeddings) -> None:
    verifier = Verifier(embedder)
    verdict = verifier.verify(
        "Japan brought the cash-carry reporting threshold back to over ¥1 million on 4 July 2014.",
        [PASSAGE],
    )
    assert verdict.supported, verdict.reason
    assert verdict.quote is not None
    assert verdict.quote.text.startswith("On 4 July 2014 Japan restored")
    assert verdict.quote.start == 100
    assert PASSAGE.text[verdict.quote.start - 100 : verdict.quote.end - 100] == verdict.quote.text


def test_swapped_number_date_and_name_are_rejected(embedder: LocalEmbeddings) -> None:
    verifier = Verifier(embedder)
    for sentence, missing in [
        ("On 4 July 2014 Japan restored the cash-carry threshold to above ¥3 million.", "3"),
        ("On 4 June 2014 Japan restored the cash-carry threshold to above ¥1 million.", "June"),
        ("On 4 July 2014 China restored the cash-carry threshold to above ¥1 million.", "china"),
    ]:
        verdict = verifier.verify(sentence, [PASSAGE])
        assert not verdict.supported
        assert missing in verdict.missing
        assert verdict.reason.startswith("not in the cited text")


def test_unrelated_sentence_is_rejected(embedder: LocalEmbeddings) -> None:
    verdict = Verifier(embedder).verify("The loudspeakers were switched off.", [PASSAGE])
    assert not verdict.supported
    assert verdict.reason.startswith("weak match")


def test_no_passage_means_unsupported(embedder: LocalEmbeddings) -> None:
    assert not Verifier(embedder).verify("Anything.", []).supported


def test_precision_and_recall_on_labelled_pairs(embedder: LocalEmbeddings) -> None:
    """Committed thresholds reproduce the README figures (bench/calibrate_verifier.py)."""
    lines = (REPO / "tests" / "data" / "verifier_pairs.jsonl").read_text(encoding="utf-8")
    pairs = [json.loads(line) for line in lines.splitlines() if line]
    assert len(pairs) >= 150
    verifier = Verifier(embedder)
    tp = fp = fn = 0
    for pair in pairs:
        passage = Passage(str(hash(pair["passage"])), pair["passage"])
        predicted = verifier.verify(pair["sentence"], [passage]).supported
        tp += predicted and pair["label"]
        fp += predicted and not pair["label"]
        fn += pair["label"] and not predicted
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.88, f"precision {precision:.3f}"
    assert recall >= 0.85, f"recall {recall:.3f}"


class TestRuleVerifierMeetsTheContract(SupportCheckerContract):
    """The rule-based checker is a ``SupportChecker``."""

    @pytest.fixture
    def checker(self, embedder: LocalEmbeddings) -> Verifier:
        return Verifier(embedder)


def test_the_judgment_score_follows_the_weaker_signal(embedder: LocalEmbeddings) -> None:
    verifier = Verifier(embedder)
    weak = verifier.verify("Fisheries talks resumed after a long pause.", [PASSAGE])
    judgment = verifier.judgment(weak)
    ratio = min(
        weak.semantic / verifier.semantic_threshold,
        weak.coverage / verifier.coverage_threshold,
    )
    assert judgment.label == "not_mentioned"
    assert judgment.score == pytest.approx(min(max(ratio / 2, 0.0), 0.49))
    assert judgment.reason == weak.reason and judgment.kind == weak.kind == "weak"


JA_PASSAGE = Passage(
    "ja",
    "日本政府は、これまでに12件の事案で17人を北朝鮮による拉致被害者として認定している。"
    "滋さんは令和2年6月5日に87歳で亡くなった。",
)


def test_a_japanese_quote_is_supported_and_a_changed_counter_is_not(
    embedder: LocalEmbeddings,
) -> None:
    verifier = Verifier(embedder)
    quoted = "日本政府は、これまでに12件の事案で17人を北朝鮮による拉致被害者として認定している。"
    assert verifier.verify(quoted, [JA_PASSAGE]).supported
    counted_cases = quoted.replace("17人", "17件")  # 17 cases, where the source counts people
    verdict = verifier.verify(counted_cases, [JA_PASSAGE])
    assert not verdict.supported and "17件" in verdict.missing
    wrong_year = verifier.verify("滋さんは令和3年6月5日に87歳で亡くなった。", [JA_PASSAGE])
    assert not wrong_year.supported and "2021" in wrong_year.missing
