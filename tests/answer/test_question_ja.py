"""A Japanese question's constraints: the type it asks for, its counter, its proper nouns."""

from __future__ import annotations

import pytest

from service.answer.question import answers, parse_question, unmet
from service.answer.question_ja import answer_type, has_answer_type, predicate
from service.answer.question_words import DATA_PATH
from service.package_data import word_tables
from service.verify.facts import extract_facts

RECOGNISED = "日本政府は、これまでに12件の事案で17人を北朝鮮による拉致被害者として認定している。"
NO_FACTS = extract_facts("")
RETURNED = "1984年7月までに、合計9万3340人が帰還事業により北朝鮮に渡った。"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("拉致被害者は何人ですか。", "quantity"),
        ("横田めぐみさんは何歳の時に拉致されましたか。", "quantity"),
        ("届出下限金額はいくらになりましたか。", "quantity"),
        ("家族会はいつ結成されましたか。", "date"),
        ("特別調査委員会の委員長は誰ですか。", "person"),
        ("協議はどこで行われましたか。", "place"),
        ("副委員長の名前は何ですか。", "name"),
        ("日本政府は北朝鮮に何を求めていますか。", "other"),
    ],
)
def test_the_asked_type_is_read_from_the_japanese_question_word(question: str, kind: str) -> None:
    assert answer_type(question) == kind
    assert parse_question(question).language == "ja"


def test_a_count_is_answered_by_a_number_with_the_asked_counter() -> None:
    asked = parse_question("拉致被害者は何人ですか。")
    assert unmet(asked, RECOGNISED, "") == []
    assert answers([asked], RECOGNISED, "") is not None
    # A year or a day counts nobody: "何人" is not answered by a date.
    assert "a quantity" in unmet(asked, "拉致被害者の家族は2004年5月に日本に到着した。", "")
    ages = parse_question("横田めぐみさんは何歳の時に拉致されましたか。")
    assert "a quantity" in unmet(ages, RECOGNISED, "横田めぐみさん")


def test_a_proper_noun_the_question_names_must_be_stated() -> None:
    asked = parse_question("帰還事業で韓国に渡った人は何人ですか。")
    assert "韓国" in unmet(asked, RETURNED, "在日朝鮮人の帰還事業")
    assert unmet(parse_question("帰還事業で北朝鮮に渡ったのは合計何人ですか。"), RETURNED, "") == []


def test_a_japanese_question_needs_most_of_its_words_stated() -> None:
    # 副委員長 asked, 委員長 stated: four of five words is below the Japanese floor.
    sentence = "特別調査委員会の委員長は、国家安全保衛部副部長の徐大河である。"
    assert (
        answers([parse_question("特別調査委員会の副委員長の名前は何ですか。")], sentence, "")
        is None
    )
    assert answers([parse_question("特別調査委員会の委員長は誰ですか。")], sentence, "") is not None


def test_a_sentence_about_another_act_does_not_answer() -> None:
    # Japanese is head-final: the question's last content word is what it asks about.
    asked = parse_question("横田めぐみさんは何歳の時に拉致されましたか。")
    previous = "横田めぐみさんは、1977年11月15日、新潟市で中学校からの下校途中に拉致された。"
    assert unmet(asked, "当時13歳であった。", f"横田めぐみさんの拉致と遺骨問題\n{previous}") == []
    father = "めぐみさんの父、横田滋さんは、1997年から2007年まで家族会の代表を務めた。"
    died = "滋さんは令和2年6月5日に87歳で亡くなった。"
    assert unmet(asked, died, f"横田めぐみさんの拉致と遺骨問題\n{father}") == ["拉致"]


def test_the_japanese_tables_are_read_from_their_data_file() -> None:
    tables = word_tables(DATA_PATH)["japanese"]
    for counter in tables["asked_counters"]:
        assert answer_type(f"被害者は何{counter}ですか。") == "quantity", counter
    for kind, words in tables["types"].items():
        for word in words:
            assert answer_type(f"会合は{word}ですか。") == kind, word
    for office in tables["offices"]:
        assert has_answer_type("person", "誰ですか。", f"{office}は述べた。", NO_FACTS), office
    for unit in tables["money"]:
        facts = extract_facts(f"100万{unit}が支払われた。")
        assert has_answer_type("quantity", "いくらですか。", "", facts), unit
    assert predicate("何歳の時に拉致されましたか") == "拉致"
