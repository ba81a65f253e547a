"""The packaged MiniLM and its vector cache."""

from __future__ import annotations

import numpy as np

from service.config import Settings
from service.corpus.embed import LocalEmbeddings, load_embedder


def test_cached_vectors_equal_fresh_ones_and_the_cache_is_bounded(
    embedder: LocalEmbeddings,
) -> None:
    texts = [
        "Japan lifted three measures.",
        "Remains were repatriated.",
        "Japan lifted three measures.",
    ]
    fresh = load_embedder(Settings().resolved_embedding_model_path(), cache_size=0)
    fresh._model = embedder.warm_up()  # share the loaded model; only the cache differs
    small = load_embedder(Settings().resolved_embedding_model_path(), cache_size=2)
    small._model = embedder.warm_up()
    first = small.embed_documents(texts)
    assert np.allclose(first, fresh.embed_documents(texts), atol=1e-6)
    assert first[0] == first[2]
    assert small.embed_query(texts[1]) == first[1]
    small.embed_documents(["A third sentence."])
    assert len(small._cache) == 2 and texts[0] not in small._cache
    small.clear_cache()
    assert not small._cache
    assert len(embedder.embed_query("Stockholm")) == 384
