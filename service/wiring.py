"""Wiring: the one place that builds the answerer and the drafter from settings."""

from __future__ import annotations

from service.agendas import load_agendas
from service.answer import Answerer
from service.archetypes import load_archetypes
from service.config import Settings
from service.draft import Drafter
from service.index import Index
from service.llm import make_composer
from service.verify import Verifier


def build_answerer(index: Index, settings: Settings) -> Answerer:
    """An answerer with the composer ``BRIEFING_LLM`` names and the calibrated verifier."""
    verifier = Verifier(index.embedder)
    return Answerer(index, make_composer(settings, verifier), verifier)


def build_drafter(answerer: Answerer, settings: Settings) -> Drafter:
    """A drafter over the answerer's backend, with the agenda and option catalogues."""
    catalogue = load_agendas(settings.agendas_path)
    return Drafter(answerer, catalogue, load_archetypes())
