"""The hybrid search as a LangChain retriever: same hits as ``search``, filters and ``k`` as
fields, callbacks fired, and usable inside an LCEL chain."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.runnables import RunnableLambda

from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.retrieve.hybrid import search
from service.retrieve.langchain_retriever import HybridRetriever

QUESTION = "Who chaired the Special Investigation Committee?"


class Recorder(BaseCallbackHandler):
    """Records the retriever events LangChain tracing would see."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def on_retriever_start(self, serialized: Any, query: str, **kwargs: Any) -> None:
        self.events.append(f"start:{query}")

    def on_retriever_end(self, documents: Any, **kwargs: Any) -> None:
        self.events.append(f"end:{len(documents)}")


def test_retriever_returns_the_hybrid_search_hits(corpus_index: Index) -> None:
    retriever = HybridRetriever(index=corpus_index, k=4)
    assert retriever.hits(QUESTION) == search(corpus_index, QUESTION, 4)
    documents = retriever.invoke(QUESTION)
    assert [d.metadata["source"] for d in documents] == [h.source for h in retriever.hits(QUESTION)]


def test_filters_and_k_are_fields(corpus_index: Index) -> None:
    filters = SearchFilters(doc_types=("agreement",))
    hits = HybridRetriever(index=corpus_index, k=2, filters=filters).hits("Japan lifts measures")
    assert len(hits) == 2 and {h.doc_type for h in hits} == {"agreement"}


def test_callbacks_fire_and_it_composes_in_a_chain(corpus_index: Index) -> None:
    recorder = Recorder()
    chain = HybridRetriever(index=corpus_index, k=3) | RunnableLambda(
        lambda docs: [d.metadata["title"] for d in docs]
    )
    titles = chain.invoke(QUESTION, config={"callbacks": [recorder]})
    assert len(titles) == 3
    assert recorder.events == [f"start:{QUESTION}", "end:3"]
