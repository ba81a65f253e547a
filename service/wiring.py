"""Wiring: the one place that builds the answerer and the writer from settings."""

from __future__ import annotations

import logging

from langchain_core.embeddings import Embeddings

from service.answer.answerer import Answerer
from service.answer.composers import make_composer
from service.config import Settings
from service.corpus.agendas import load_agendas
from service.corpus.index import Index
from service.papers.archetypes import load_archetypes
from service.papers.decision import load_decisions
from service.papers.writer import PaperWriter
from service.verify.model_checker import ModelChecker
from service.verify.reader import (
    ReadingModel,
    load_reading_model,
    missing_files,
    packaged_model_dir,
)
from service.verify.support import Verifier

log = logging.getLogger(__name__)


def build_reader(settings: Settings, for_papers: bool = False) -> ReadingModel | None:
    """The reading model when a setting asks for it (``for_papers``: the paper reader's
    setting); when its files are missing, a warning names them and the rules stand in
    (never silently)."""
    wanted = "model" in (settings.answer_ranker, settings.support_checker)
    if not (wanted or (for_papers and settings.paper_reader == "model")):
        return None
    folder = settings.reader_model_path or packaged_model_dir()
    missing = missing_files(folder)
    if missing:
        log.warning(
            "reading model files missing in %s (%s): the rules judge instead "
            "(BRIEFING_ANSWER_RANKER=%s, BRIEFING_SUPPORT_CHECKER=%s, BRIEFING_PAPER_READER=%s)",
            folder,
            ", ".join(missing),
            settings.answer_ranker,
            settings.support_checker,
            settings.paper_reader,
        )
        return None
    return load_reading_model(folder)


def build_verifier(
    embedder: Embeddings, settings: Settings, reader: ReadingModel | None
) -> Verifier:
    """The verifier: the rules, with the reading model judging support when chosen."""
    if settings.support_checker == "model" and reader is not None:
        return Verifier(embedder, reader=ModelChecker(reader))
    return Verifier(embedder)


def build_answerer(index: Index, settings: Settings) -> Answerer:
    """An answerer with the composer ``BRIEFING_LLM`` names, the verifier and the reading
    model where the settings choose it."""
    reader = build_reader(settings)
    ranker = reader if settings.answer_ranker == "model" else None
    verifier = build_verifier(index.embedder, settings, reader)
    return Answerer(index, make_composer(settings, verifier, ranker), verifier, ranker)


def build_writer(answerer: Answerer, settings: Settings) -> PaperWriter:
    """A writer over the answerer's backend, with the agenda, option and decision catalogues
    and the reading model where ``BRIEFING_PAPER_READER`` chooses it."""
    catalogue = load_agendas(settings.agendas_path)
    reader = build_reader(settings, for_papers=True)
    return PaperWriter(answerer, catalogue, load_archetypes(), load_decisions(), reader)
