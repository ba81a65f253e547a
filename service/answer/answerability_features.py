"""What the second answerability check reads: which of the question's words are met.

An adversarial near miss keeps the question's topic and changes one word: an entity
swapped, an antonym, a word the paragraph never uses. MiniLM similarity and plain
coverage barely move; these features look at the words themselves:

* ``rare_coverage``: coverage of the question's words by the sentence and its context,
  each word weighted by its rarity among the retrieved passages (a missing rare word
  counts, a missing topic word hardly does);
* ``rarest_missing``: the rarity of the rarest question word the sentence and its context
  lack (0 when none is missing), as a share of an unseen word's rarity;
* ``absent``: 1 when some question word occurs nowhere in the retrieved passages (an
  edited question often brings a word no retrieved text has);
* ``sentence_coverage``: coverage by the sentence alone, without its context;
* ``bigram_coverage``: the share of the question's adjacent word pairs that the sentence
  keeps adjacent.

They are computed from the question, the sentence and the retrieved passages, so the
composer has them at answer time and the training pairs store them as they were.
Tried and left out (they lowered abstention, question-grouped cross-validation): the
sentence's rank among the candidates and its score margin to the best, since the best
candidate of an unanswerable question ranks first too.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

from service.answer.focus import rarity, words
from service.answer.numbered import NumberedPassage
from service.answer.question import Asked, canonical
from service.corpus.lexical import indexed_text
from service.text.tokens import tokenize

NAMES = ("rare_coverage", "rarest_missing", "absent", "sentence_coverage", "bigram_coverage")


def passage_texts(passages: Sequence[NumberedPassage]) -> list[str]:
    """Each retrieved passage as the features read it: title, heading path, text (as BM25
    reads it)."""
    return [indexed_text(p.hit) for p in passages]


def word_features(
    parts: Sequence[Asked], texts: Sequence[str], contexts: Sequence[str], passages: Sequence[str]
) -> np.ndarray:
    """One row of ``NAMES`` per candidate sentence (``texts``, read with ``contexts``),
    against all the retrieved ``passages`` (``passage_texts``)."""
    asked = frozenset().union(*(part.words for part in parts))
    passage_words = [words(p) for p in passages]
    idf = rarity(passage_words)
    unseen = math.log((len(passages) + 1) / 0.5)  # ``rarity`` of a word no passage has
    weight = {w: idf.get(w, unseen) for w in asked}
    absent = float(bool(asked - frozenset().union(*passage_words)))
    pairs = _question_bigrams(parts)
    rows = []
    for text, context in zip(texts, contexts, strict=True):
        held, alone = words(f"{context}\n{text}"), words(text)
        missing = [weight[w] for w in asked if w not in held]
        rows.append(
            [
                _weighted_share(asked & held, weight),
                max(missing, default=0.0) / unseen,
                absent,
                len(asked & alone) / len(asked) if asked else 1.0,
                len(pairs & _bigrams(text)) / len(pairs) if pairs else 1.0,
            ]
        )
    return np.asarray(rows, dtype=np.float64).reshape(len(texts), len(NAMES))


def _weighted_share(held: frozenset[str], weight: dict[str, float]) -> float:
    total = sum(weight.values())
    return sum(weight[w] for w in held) / total if total else 1.0


def _bigrams(text: str) -> set[tuple[str, str]]:
    tokens = tokenize(canonical(text))
    return set(itertools.pairwise(tokens))


def _question_bigrams(parts: Sequence[Asked]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for part in parts:
        found |= _bigrams(part.part or part.text)
    return found
