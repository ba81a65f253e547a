"""The quotability checks judge the splitter, so they are tested on hand-made copy."""

from __future__ import annotations

from service.evals.quotable import (
    has_dateline,
    is_dangling,
    is_fragment,
    is_paragraph,
    quotability,
)

COPY = (
    "LONDON (Reuters) - Pension rules will cover small firms from Dec. 1, with the number "
    "enrolled approaching 300,000. The change was proposed by R.J. Hale in 2023. "
    "He said it was overdue.\n\n(Reporting by Tom Evans)"
)


def test_is_fragment_finds_sentences_cut_after_an_abbreviation_or_an_initial() -> None:
    assert is_fragment("1, with the number enrolled approaching 300,000.", COPY)
    assert is_fragment("Pension rules will cover small firms from Dec.", COPY)
    assert is_fragment("Hale in 2023.", COPY)
    assert is_fragment("The change was proposed by R.J.", COPY)


def test_is_fragment_accepts_whole_sentences_and_a_sentence_after_its_dateline() -> None:
    assert not is_fragment("The change was proposed by R.J. Hale in 2023.", COPY)
    whole = COPY[19 : COPY.index("300,000.") + 8]
    assert not is_fragment(whole, COPY)
    assert not is_fragment("He said it was overdue.", COPY)
    assert not is_fragment("a sentence nobody wrote", COPY)  # not found: not judged
    heading = "## Hale\n\nThe plan was proposed by Hale."
    assert not is_fragment("Hale", heading, at=3)


def test_has_dateline_finds_datelines_and_bylines() -> None:
    assert has_dateline("AUSTIN, Texas (AP) — Texas lawmakers on Thursday approved a plan.")
    assert has_dateline("TOKYO, March 18 (Reuters) - Rice prices rose.")
    assert has_dateline("UNITED NATIONS (AP) — A U.N. panel ended its work.")
    assert has_dateline("9 (Kyodo) — The Japan Coast Guard rescued all 14 crew members.")
    assert has_dateline("By MARIA DELGADO, Associated Press")
    assert has_dateline("(Reporting by Tom Evans; Editing by Sara Lin)")
    assert not has_dateline("The U.S. and Japan agreed on a deal - a big one.")
    assert not has_dateline("The NATO summit - held in July - ended.")
    assert not has_dateline("By July 1984, 93,340 people had gone to the DPRK.")
    assert not has_dateline("The Liberal Democratic Party (LDP) won 47 seats.")


def test_is_dangling_needs_the_sentence_it_refers_to_shown() -> None:
    sentence, previous = "He said it was overdue.", "The change was proposed by R.J. Hale in 2023."
    assert is_dangling(sentence, [sentence], "", COPY)
    assert not is_dangling(sentence, [f"{previous} {sentence}"], "", COPY)
    assert not is_dangling(sentence, [sentence], previous, COPY)
    assert not is_dangling(previous, [previous], "", COPY)


def test_quotability_flags_an_answer_once_per_check() -> None:
    cut = "1, with the number enrolled approaching 300,000."
    cited = {1: (cut, COPY), 2: ("He said it was overdue.", COPY)}
    none = {"fragment": 0.0, "dateline": 0.0, "dangling": 0.0, "paragraph": 0.0}
    assert quotability([(cut, [1])], cited) == {**none, "fragment": 1.0}
    assert quotability([("He said it was overdue.", [2])], cited)["dangling"] == 1.0
    assert quotability([], cited) == none


JA_SOURCE = "日本政府は17人を認定している。認定された17人の内訳は、男性8人、女性9人である。"


def test_a_japanese_answer_that_runs_past_a_stop_quotes_a_paragraph() -> None:
    assert is_paragraph(JA_SOURCE)
    assert not is_paragraph("日本政府は17人を認定している。")
    # A stop inside a quotation the sentence goes on after is no sentence end.
    assert not is_paragraph("安倍総理大臣は、「全面解決に向けた第一歩である。」と述べた。")
    assert not is_paragraph("The talks ended. Aid followed.")  # English: the fragment check's
    cited = {1: (JA_SOURCE, JA_SOURCE)}
    assert quotability([(JA_SOURCE, [1])], cited)["paragraph"] == 1.0


def test_a_whole_japanese_sentence_is_no_fragment() -> None:
    assert not is_fragment("認定された17人の内訳は、男性8人、女性9人である。", JA_SOURCE)
    assert not is_fragment("日本政府は17人を認定している。", JA_SOURCE)
    assert is_fragment("認定された17人の内訳は、男性8人", JA_SOURCE)
