"""Facts a sentence commits to: names stated in other words still count as stated."""

from __future__ import annotations

from service.answer.question import parse_question, unmet
from service.package_data import package_dir, word_tables
from service.verify.facts import canonical_names, extract_facts


def test_a_peoples_adjective_names_its_country() -> None:
    held = extract_facts("On the French side, the Grand Canal d'Alsace was dug.")
    assert "france" in held.words and "germany" not in held.words
    sentence = "On the French side, the Grand Canal d'Alsace was dug, which carries Rhine water."
    assert unmet(parse_question("Which canal was dug in France?"), sentence, "") == []
    assert unmet(parse_question("Which canal was dug in Germany?"), sentence, "") == ["germany"]


def test_the_world_wars_have_one_name_each() -> None:
    for text in ("In World War II the Rhine", "During the Second World War", "in WWII"):
        assert "wwii" in extract_facts(text).words, text
    assert "wwii" not in extract_facts("After World War I the Rhineland").words
    assert "wwi" in extract_facts("After World War I the Rhineland").words
    asked = parse_question("What was the Rhine considered to invaders in WWII?")
    sentence = "In World War II, it was recognised that the Rhine would present an obstacle."
    assert "wwii" not in unmet(asked, sentence, "")


def test_a_japanese_era_date_states_the_same_facts_as_its_western_form() -> None:
    era = extract_facts("滋さんは令和2年6月5日に87歳で亡くなった。")
    western = extract_facts("Shigeru Yokota died on 5 June 2020, aged 87.")
    assert era.numbers == western.numbers == {"2020", "5", "87"}
    assert era.months == western.months == {"6"}
    assert extract_facts("平成18年9月29日").numbers == {"2006", "29"}
    assert extract_facts("令和元年5月1日").numbers == {"2019", "1"}


def test_japanese_numbers_with_man_and_counters() -> None:
    facts = extract_facts("合計9万3340人が渡り、うち日本人配偶者は約1,830人であった。")
    assert {"93340", "1830"} <= facts.numbers
    assert facts.counted == {"93340人", "1830人"}
    assert extract_facts("10万円超から100万円超に戻された。").counted == {"100000円", "1000000円"}
    assert extract_facts("4万9千人以上").numbers == {"49000"}
    # 名 counts people as 人 does.
    assert extract_facts("17名").counted == extract_facts("17人").counted


def test_japanese_negation_is_read() -> None:
    assert extract_facts("北朝鮮は拉致を認めなかった。").negated
    assert extract_facts("調査結果の報告はありません。").negated
    assert not extract_facts("北朝鮮は拉致を認めた。").negated
    assert not extract_facts("帰国できた被害者は少ない。").negated


def test_the_fact_tables_are_read_from_their_data_file() -> None:
    tables = word_tables(package_dir("service.verify") / "data" / "fact_words.yaml")
    for row in tables["aliases"]:
        assert row["name"] in canonical_names(f"talks with {row['name']}"), row
    assert canonical_names("the Democratic People's Republic of Korea") == "the DPRK"
    for adjective, country in tables["country_adjectives"].items():
        assert country in extract_facts(f"On the {adjective} side.").words, adjective
    for demonym, country in tables["demonyms"].items():
        named = extract_facts(f"Talks with {demonym.title()} officials.").entities
        assert country in named, demonym
    for word in [*tables["negation_words"], *tables["contrast_phrases"]]:
        assert extract_facts(f"The envoy {word} the talks.").negated, word
    assert not extract_facts("The envoy joined the talks.").negated
