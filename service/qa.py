"""Wiring for question answering: one place that builds an ``Answerer`` from settings."""

from __future__ import annotations

from service.answer import Answerer
from service.config import Settings
from service.index import Index
from service.llm import make_composer
from service.verify import Verifier


def build_answerer(index: Index, settings: Settings) -> Answerer:
    """An answerer with the composer ``BRIEFING_LLM`` names and the calibrated verifier."""
    verifier = Verifier(index.embedder)
    return Answerer(index, make_composer(settings, verifier), verifier)
