"""Index tokens and stems."""

from __future__ import annotations

from service.text.tokens import stem, tokenize


def test_tokens_are_stemmed_without_stopwords_and_numbers_keep_digits() -> None:
    tokens = tokenize("The abductees were returned in 2002, with 93,340 others.")
    assert tokens == ["abducte", "return", "2002", "93340", "other"]


def test_an_agent_noun_also_gives_its_root() -> None:
    assert tokenize("chairman") == ["chairman", "chair"]


def test_stem_lowercases_and_is_stable() -> None:
    assert stem("Returned") == stem("returning") == "return"


def test_japanese_is_cut_into_content_words_in_dictionary_form() -> None:
    # Sudachi: particles and auxiliaries dropped, "亡くなっ" read as "亡くなる", "9万3340"
    # as digits.
    assert tokenize("滋さんは令和2年6月5日に87歳で亡くなった。") == [
        "滋", "さん", "令和", "2", "年", "6", "月", "5", "日", "87", "歳", "亡くなる",
    ]  # fmt: skip
    assert "93340" in tokenize("合計9万3340人が北朝鮮に渡った。")


def test_a_japanese_question_word_is_no_index_term() -> None:
    assert tokenize("拉致被害者は何人ですか。") == ["拉致", "被害者"]
    assert tokenize("特別調査委員会の委員長は誰ですか。") == ["特別", "調査", "委員会", "委員長"]


def test_korean_is_cut_into_content_words() -> None:
    # Kiwi: particles (는, 을) and endings (었, 다) dropped.
    assert tokenize("일본 정부는 납치 피해자 17명을 인정했다.") == [
        "일본", "정부", "납치", "피해자", "17", "명", "인정",
    ]  # fmt: skip


def test_an_english_line_beside_japanese_keeps_english_tokens() -> None:
    assert tokenize("拉致問題\nThe abductees were returned.") == [
        "拉致",
        "問題",
        "abducte",
        "return",
    ]
    # English that names a Japanese term stays English: the term is not indexed.
    assert tokenize("The Stockholm agreement (ストックホルム合意)") == ["stockholm", "agreement"]
    assert tokenize("遺骨のDNA鑑定") == ["遺骨", "dna", "鑑定"]
