"""The BM25 index: bm25s's scores exactly, and an index updated document by document (or
loaded from another process's saved file and caught up) ranking exactly as one built from
scratch."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np
import pytest
import yaml

from service.corpus.bm25 import ScoreMatrix, Vocabulary, top_k
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths, remove_source
from service.corpus.lexical import INDEX_FILE, LexicalIndex, indexed_text
from service.corpus.registry import ChunkEntry, Registry
from service.text.tokens import tokenize

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = [item["question"] for item in yaml.safe_load((REPO / "evals/core.yaml").read_text())]


class CountingRegistry(Registry):
    """The real registry, noting which documents each chunk read asked for (None: all)."""

    def __init__(self, registry: Registry) -> None:
        super().__init__(registry._sessions)
        self.reads: list[list[str] | None] = []

    def chunk_entries(self, doc_ids: Iterable[str] | None = None) -> list[ChunkEntry]:
        asked = None if doc_ids is None else list(doc_ids)
        self.reads.append(asked)
        return super().chunk_entries(asked)


def _ranking(index: LexicalIndex, question: str) -> list[tuple[str, float]]:
    return [(h.entry.chunk_id, h.score) for h in index.search(question, 40)]


def test_scores_are_bm25s_scores_bit_for_bit(corpus_index: Index) -> None:
    tokens = [tokenize(indexed_text(e)) for e in corpus_index.registry.chunk_entries()]
    reference = bm25s.BM25(k1=1.2)
    reference.index(tokens, show_progress=False)
    vocabulary = Vocabulary()
    matrix = ScoreMatrix(vocabulary.count(tokens), len(vocabulary), k1=1.2)
    for question in QUESTIONS:
        query = tokenize(question)
        known = [t for t in query if t in vocabulary.ids]
        ours = matrix.scores([vocabulary.ids[t] for t in known])
        theirs = reference.get_scores(known) if known else np.zeros(len(tokens), np.float32)
        assert ours.dtype == np.float32 and np.array_equal(ours, theirs), question


def test_an_updated_index_ranks_exactly_as_a_fresh_build(
    writable_corpus: Index, tmp_path: Path
) -> None:
    registry = CountingRegistry(writable_corpus.registry)
    kept = LexicalIndex(registry, tmp_path / "kept")
    assert kept.search("Stockholm Agreement", 5)  # built once, from everything
    assert registry.reads == [None]
    extra = tmp_path / "notes" / "ferry-visits.md"
    extra.parent.mkdir()
    text = "The Mangyongbong-92 ferry sailed from Niigata to Wonsan until Japan's 2006 ban."
    extra.write_text(f"# Ferry visits\n\n{text}\n")
    assert ingest_paths(writable_corpus, [extra]).ok
    remove_source(writable_corpus, "corpus/yodo-go-hijackers.md")
    fresh = LexicalIndex(writable_corpus.registry, tmp_path / "fresh")
    for question in [*QUESTIONS, "Mangyongbong ferry Niigata port calls"]:
        assert _ranking(kept, question) == _ranking(fresh, question), question
    assert _ranking(kept, "Mangyongbong ferry Niigata")[0][0] in {
        e.chunk_id for e in kept.entries() if e.source.endswith("ferry-visits.md")
    }
    assert registry.reads[1] is not None and len(registry.reads[1]) == 1  # only the new file
    assert all(e.source != "corpus/yodo-go-hijackers.md" for e in kept.entries())


def test_another_process_loads_the_saved_index_and_reads_only_what_changed(
    writable_corpus: Index, tmp_path: Path
) -> None:
    folder = tmp_path / "bm25"
    first = LexicalIndex(writable_corpus.registry, folder)
    first.search("warm up", 1)
    assert (folder / INDEX_FILE).is_file()
    remove_source(writable_corpus, "corpus/japanese-spouses.md")
    registry = CountingRegistry(writable_corpus.registry)
    second = LexicalIndex(registry, folder)  # as a second app server would open it
    fresh = LexicalIndex(writable_corpus.registry, tmp_path / "fresh")
    for question in QUESTIONS:
        assert _ranking(second, question) == _ranking(fresh, question), question
    assert registry.reads == []  # a removal needs no chunk read at all
    assert len(second.entries()) == writable_corpus.registry.chunk_total()


@pytest.mark.parametrize("damage", ["garbage", "other recipe", "empty"])
def test_an_unusable_saved_index_is_rebuilt_from_the_registry(
    corpus_index: Index, tmp_path: Path, damage: str
) -> None:
    folder = tmp_path / "bm25"
    if damage == "other recipe":
        LexicalIndex(corpus_index.registry, folder, k1=1.5).search("warm up", 1)
    else:
        folder.mkdir()
        (folder / INDEX_FILE).write_bytes(b"not an index" if damage == "garbage" else b"")
    reopened = LexicalIndex(corpus_index.registry, folder)
    fresh = LexicalIndex(corpus_index.registry, tmp_path / "fresh")
    for question in QUESTIONS[:20]:
        assert _ranking(reopened, question) == _ranking(fresh, question), question


@pytest.mark.parametrize("seed", range(20))
def test_top_k_is_the_head_of_a_stable_sort(seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 4, size=int(rng.integers(1, 300))).astype(np.float32)  # many ties
    for k in (1, 5, 40, len(scores), len(scores) + 3):
        expected = np.argsort(-scores, kind="stable")[:k]
        assert top_k(scores, k).tolist() == expected.tolist(), (seed, k)


def test_the_registry_stamp_changes_with_what_is_committed(
    writable_corpus: Index, tmp_path: Path
) -> None:
    """What every index asks before a search: has the registry changed? (Adding a document
    and removing it again leaves the registry, and so its stamp, as it was.)"""
    registry = writable_corpus.registry
    before = registry.stamp()
    assert registry.stamp() == before
    extra = tmp_path / "stamp-note.md"
    extra.write_text("# Stamp note\n\nThe ferry called at Niigata in 2005.\n")
    assert ingest_paths(writable_corpus, [extra]).ok
    added = registry.stamp()
    assert added != before and added.split(":")[0] == str(int(before.split(":")[0]) + 1)
    remove_source(writable_corpus, str(extra))
    assert registry.stamp() != added
