"""Text helpers and evidence types shared by every stage: corpus, retrieve, answer, verify.

Nothing here imports another stage: tokens (``tokens``), sentence boundaries
(``sentences``), calendar dates (``dates``) and the types a quote travels in
(``evidence``: ``Passage``, ``Quote``, ``Citation``).
"""
