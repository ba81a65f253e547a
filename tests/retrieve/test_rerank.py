"""Reranking the fused candidates by the reading model's question/sentence judgment
(``BRIEFING_RERANK``): the arithmetic, the model moving an answering chunk up, the setting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from service.corpus.documents import SearchHit
from service.corpus.index import Index
from service.retrieve.hybrid import search
from service.retrieve.rerank import RRF_K, chunk_judgments, rerank
from service.verify.reader import load_reading_model

QUESTION = "Where were the talks held in May 2014?"


def _hit(chunk_id: str, text: str) -> SearchHit:
    return SearchHit("s", chunk_id, chunk_id, 0.0, 0, len(text), text)


def _stockholm(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """A plain scorer for the arithmetic: a sentence naming Stockholm answers."""
    return np.array([0.9 if "Stockholm" in s else 0.1 for _, s in pairs])


HITS = [
    _hit("a", "Japan raised the abductions. Nothing was agreed."),
    _hit("b", "The weather was mild. The talks were held in Stockholm in May 2014."),
    _hit("c", "The committee met twice."),
]


def test_a_chunk_is_judged_by_its_best_sentence() -> None:
    assert chunk_judgments(QUESTION, HITS, _stockholm) == [0.1, 0.9, 0.1]


def test_rerank_fuses_the_fused_rank_and_the_judgment_rank() -> None:
    out = rerank(QUESTION, HITS, _stockholm, depth=3, weight=2.0)
    assert [h.chunk_id for h in out] == ["b", "a", "c"]
    # b: fused rank 2, judged first; a: fused first, judged second (the stable tie).
    assert out[0].score == pytest.approx(1 / (RRF_K + 2) + 2 / (RRF_K + 1))
    assert out[1].score == pytest.approx(1 / (RRF_K + 1) + 2 / (RRF_K + 2))
    # With weight 1 a one-place gain in judgment only ties the fused order, which stays.
    assert [h.chunk_id for h in rerank(QUESTION, HITS, _stockholm, 3, 1.0)] == ["a", "b", "c"]


def test_only_the_top_depth_is_reranked() -> None:
    assert rerank(QUESTION, HITS, _stockholm, depth=1, weight=2.0) == HITS
    out = rerank(QUESTION, HITS[::-1], _stockholm, depth=2, weight=2.0)
    assert [h.chunk_id for h in out] == ["b", "c", "a"]
    assert out[2] == HITS[0]  # below the depth: untouched


def test_the_reading_model_moves_the_answering_chunk_up() -> None:
    reader = load_reading_model()
    out = rerank(QUESTION, HITS, reader.entailment, depth=3, weight=4.0)
    assert out[0].chunk_id == "b"


def test_the_setting_turns_reranking_on_and_off(corpus_index: Index) -> None:
    plain = search(corpus_index, QUESTION, 5)
    third = plain[2]

    def favours_third(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return np.array([0.9 if s in third.text else 0.1 for _, s in pairs])

    judged = replace(corpus_index, rerank_scorer=favours_third)
    off = replace(judged, settings=judged.settings.model_copy(update={"rerank": False}))
    assert search(off, QUESTION, 5) == plain
    update = {"rerank": True, "rerank_weight": 4.0}
    on = replace(judged, settings=judged.settings.model_copy(update=update))
    assert search(on, QUESTION, 5)[0].chunk_id == third.chunk_id
