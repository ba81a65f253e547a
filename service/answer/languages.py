"""What an answer says in words of its own (an abstention, a note), in the question's
language: a Japanese question is declined in Japanese, not in English.

The embedding model (all-MiniLM-L6-v2) was trained on English. A question in another
language is retrieved by the lexical index alone and its answer is chosen by its words,
so the answer says that it was found by words only (``lexical_note``).
"""

from __future__ import annotations

from service.corpus.embed import EMBEDDING_LANGUAGE
from service.text.language import Language

ABSTAIN: dict[Language, str] = {
    "en": "The corpus does not cover this question.",
    "ja": "資料にはこの質問に答える記述がありません。",
    "ko": "자료에는 이 질문에 답하는 내용이 없습니다.",
}
_NOT_STATED: dict[Language, str] = {
    "en": " No source states: {}.",
    "ja": "どの資料にも記載がない事項: {}。",
    "ko": " 어떤 자료에도 없는 내용: {}.",
}
_SEPARATOR: dict[Language, str] = {"en": ", ", "ja": "、", "ko": ", "}
# What the constraint checks name as missing ("a date"), as a Japanese reader reads it.
_JA_MISSING = {
    "a quantity": "数", "what is counted": "数えている対象", "a date": "日付",
    "a person": "人物", "a place": "場所", "a name": "名前", "a negation": "否定",
}  # fmt: skip
_LEXICAL_NOTE: dict[Language, str] = {
    "ja": (
        "(注: 埋め込みモデルは英語のみで学習されているため、"
        "この回答は語の一致だけで見つけたものです。)"
    ),
    "ko": "(참고: 임베딩 모델은 영어로만 학습되어, 이 답변은 단어 일치만으로 찾은 것입니다.)",
}


def abstain_text(language: Language, unstated: list[str]) -> str:
    """The abstention in ``language``, naming what no source states."""
    gap = unstated_text(language, unstated)
    return f"{ABSTAIN[language]}{' ' if gap and language != 'ja' else ''}{gap}"


def unstated_text(language: Language, unstated: list[str]) -> str:
    """ "No source states: ..." in ``language``; "" when nothing is unstated."""
    if not unstated:
        return ""
    names = [_JA_MISSING.get(u, u) for u in unstated] if language == "ja" else unstated
    return _NOT_STATED[language].format(_SEPARATOR[language].join(names)).strip()


def lexical_note(language: Language) -> str:
    """The note an answer to a question in ``language`` carries: "" for the embedding
    model's own language, else that the answer was found by its words alone."""
    return "" if language == EMBEDDING_LANGUAGE else _LEXICAL_NOTE.get(language, "")
