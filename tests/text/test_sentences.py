"""The one sentence splitter: what a quote reads is where a chunk may end."""

from __future__ import annotations

import pytest

from service.text.sentences import (
    chunk_boundaries,
    dateline,
    opens_with_reference,
    sentence_spans,
)


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_sentence_spans_give_sentences_and_heading_lines() -> None:
    text = "## Heading\n\nFirst one. Second one? Third."
    assert sentences(text) == ["Heading", "First one.", "Second one?", "Third."]


def test_a_sentence_break_needs_a_capital_or_digit_after_the_stop() -> None:
    text = "Talks resumed, e.g. in Beijing. 2014 was the year."
    assert sentences(text) == ["Talks resumed, e.g. in Beijing.", "2014 was the year."]


@pytest.mark.parametrize(
    "sentence",
    [
        "The rules cover small firms from Dec. 1, with 300,000 people enrolled.",
        "The No. 3 Shinsei Maru struck rocks at about 4:30 a.m. near the port.",
        "The measure now goes to Gov. Dana Whitcomb, who will sign it.",
        "The change was proposed by Pensions Minister R.J. Hale in 2023.",
        "The family of Charles R. Jenkins, a former U.S. Army sergeant, stayed.",
        "Rep. J.A. Bell co-chairs the caucus under Art. 5 of its rules.",
        "A tsunami of about 1.2 m. reached the port, i.e. Wajima, at 4:20 p.m. on Monday.",
        "Harada Pharma Co. agreed to buy Whitfield Therapeutics Inc. for $3.1 billion.",
    ],
)
def test_abbreviations_dates_initials_and_numbers_do_not_end_a_sentence(sentence: str) -> None:
    text = f"Officials met on Monday. {sentence} The talks went on."
    assert sentences(text) == ["Officials met on Monday.", sentence, "The talks went on."]


def test_an_abbreviation_at_the_end_of_a_sentence_still_ends_it() -> None:
    text = (
        "Flights resumed at 6 p.m. The airport reopened. He spoke to the U.S. The talks "
        "ended. Sales rose 3 pct. In the U.S. sales fell."
    )
    assert sentences(text) == [
        "Flights resumed at 6 p.m.",
        "The airport reopened.",
        "He spoke to the U.S.",
        "The talks ended.",
        "Sales rose 3 pct.",
        "In the U.S. sales fell.",
    ]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    text = 'Abe called it "the first step." Talks resumed.'
    assert sentences(text) == ['Abe called it "the first step."', "Talks resumed."]


def test_datelines_bylines_and_credits_are_no_sentences() -> None:
    text = (
        "AUSTIN, Texas (AP) — Lawmakers approved a plan. It passed 28-3.\n\n"
        "TOKYO, Oct. 15, 2002 (Kyodo) — Five abductees arrived.\n\n"
        "By MARIA DELGADO, Associated Press\n\n(Reporting by Tom Evans; Editing by Sara Lin)"
    )
    assert sentences(text) == [
        "Lawmakers approved a plan.",
        "It passed 28-3.",
        "Five abductees arrived.",
    ]
    assert dateline(text) == "AUSTIN, Texas (AP) —"
    assert dateline("GENEVA (Reuters) - The agency said.") == "GENEVA (Reuters) -"
    assert dateline("NATO - the alliance - met.") == ""
    assert sentences("By 2030, Japan will halve its emissions.") == [
        "By 2030, Japan will halve its emissions."
    ]


def test_chunk_boundaries_are_the_sentence_breaks() -> None:
    text = "One clause; another. lower case next.\n\nNew paragraph from Dec. 1 on. Last."
    cuts = chunk_boundaries(text, 0, len(text))
    assert [text[:c].rstrip() for c in cuts] == [
        "One clause; another. lower case next.",
        "One clause; another. lower case next.\n\nNew paragraph from Dec. 1 on.",
    ]
    assert chunk_boundaries(text, 12, 20) == []
    starts = [s for s, _ in sentence_spans(text)][1:]
    assert cuts == starts


def test_opens_with_reference_finds_sentences_that_lean_on_the_one_before() -> None:
    assert opens_with_reference("He feared he would be handed over.")
    assert opens_with_reference("On the same day, state media said the committee began.")
    assert opens_with_reference("This agreement replaced the 1959 one.")
    assert not opens_with_reference("The committee is headed by So Tae Ha.")
    assert not opens_with_reference("Heavy snow closed the airport.")


def test_japanese_stops_end_sentences_without_a_space() -> None:
    text = "日本政府は17人を認定している。内訳は、男性8人、女性9人である！本当か？はい。"
    assert sentences(text) == [
        "日本政府は17人を認定している。",
        "内訳は、男性8人、女性9人である！",
        "本当か？",
        "はい。",
    ]


def test_a_quotation_that_the_sentence_goes_on_after_is_not_cut() -> None:
    text = "安倍総理大臣は、「全面解決に向けた第一歩である。」と述べた。次の文である。"
    assert sentences(text) == [
        "安倍総理大臣は、「全面解決に向けた第一歩である。」と述べた。",
        "次の文である。",
    ]


def test_korean_sentences_end_at_a_stop_before_hangul() -> None:
    text = "일본 정부는 납치 피해자 17명을 인정했다. 2002년 10월 15일에 5명이 귀국했다! 정말요? 네."
    assert sentences(text) == [
        "일본 정부는 납치 피해자 17명을 인정했다.",
        "2002년 10월 15일에 5명이 귀국했다!",
        "정말요?",
        "네.",
    ]


def test_chunks_of_japanese_text_may_end_at_each_stop() -> None:
    text = "第一文である。第二文である。第三文。"
    assert chunk_boundaries(text, 0, len(text)) == [7, 14]
