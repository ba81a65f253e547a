"""Retrieve: hybrid search over the stored corpus (dense Chroma + BM25, fused by rank).

``hybrid`` is the search itself; ``langchain_retriever`` wraps it as a LangChain
``BaseRetriever`` so it composes with chains and callbacks.
"""
