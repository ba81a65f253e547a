"""Wiring: the one place that builds the answerer and the writer from settings."""

from __future__ import annotations

from service.answer.answerer import Answerer
from service.answer.composers import make_composer
from service.config import Settings
from service.corpus.agendas import load_agendas
from service.corpus.index import Index
from service.papers.archetypes import load_archetypes
from service.papers.writer import PaperWriter
from service.verify.support import Verifier


def build_answerer(index: Index, settings: Settings) -> Answerer:
    """An answerer with the composer ``BRIEFING_LLM`` names and the calibrated verifier."""
    verifier = Verifier(index.embedder)
    return Answerer(index, make_composer(settings, verifier), verifier)


def build_writer(answerer: Answerer, settings: Settings) -> PaperWriter:
    """A writer over the answerer's backend, with the agenda and option catalogues."""
    catalogue = load_agendas(settings.agendas_path)
    return PaperWriter(answerer, catalogue, load_archetypes())
