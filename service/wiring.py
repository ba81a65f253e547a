"""Wiring: the one place that builds the answerer and the writer from settings."""

from __future__ import annotations

import logging

from langchain_core.embeddings import Embeddings

from service.answer.answerer import Answerer
from service.answer.composers import make_composer
from service.config import Settings
from service.corpus.agendas import load_agendas
from service.corpus.index import Index
from service.errors import BriefingError
from service.papers.archetypes import load_archetypes
from service.papers.decision import load_decisions
from service.papers.writer import PaperWriter
from service.verify.llm_judge import LLMChecker, openai_client
from service.verify.model_checker import ModelChecker
from service.verify.protocol import SupportChecker
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
    wanted = settings.answer_ranker == "model" or settings.support_checker != "rules"
    wanted = wanted or (for_papers and settings.paper_reader == "model")
    if not (wanted or settings.rerank):
        return None
    folder = settings.reader_model_path or packaged_model_dir()
    missing = missing_files(folder)
    if missing:
        # Papers: repeats and frame fit by the rules; no evidence dropped as off its place.
        papers = (
            "; papers judge repeats and frame fit by the rules and drop no evidence as "
            "not bearing on its place"
            if for_papers and settings.paper_reader == "model"
            else ""
        )
        log.warning(
            "reading model files missing in %s (%s): the rules judge instead "
            "(BRIEFING_ANSWER_RANKER=%s, BRIEFING_SUPPORT_CHECKER=%s, BRIEFING_PAPER_READER=%s)%s",
            folder,
            ", ".join(missing),
            settings.answer_ranker,
            settings.support_checker,
            settings.paper_reader,
            papers,
        )
        return None
    return load_reading_model(folder, settings.onnx_folder("reader"))


def build_verifier(
    embedder: Embeddings, settings: Settings, reader: ReadingModel | None
) -> Verifier:
    """The verifier: the rules, with the reading model or the LLM judge judging support
    when chosen (the hard facts bind either way)."""
    if settings.support_checker == "llm":
        return Verifier(embedder, reader=build_llm_judge(embedder, settings, reader))
    if settings.support_checker == "model" and reader is not None:
        return Verifier(embedder, reader=ModelChecker(reader))
    return Verifier(embedder)


def build_llm_judge(
    embedder: Embeddings, settings: Settings, reader: ReadingModel | None
) -> LLMChecker:
    """The LLM judge on the OpenAI-compatible backend; the reading model (or, when its files
    are missing, the rules) judges whatever the server fails to."""
    if not settings.llm_base_url:
        raise BriefingError("BRIEFING_LLM_BASE_URL: required when BRIEFING_SUPPORT_CHECKER=llm")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
    client = openai_client(settings.llm_base_url, key, settings.llm_judge_timeout_s)
    fallback: SupportChecker = ModelChecker(reader) if reader is not None else Verifier(embedder)
    return LLMChecker(client, settings.llm_model, fallback, settings.llm_judge_batch)


def build_answerer(index: Index, settings: Settings) -> Answerer:
    """An answerer with the composer ``BRIEFING_LLM`` names, the verifier and the reading
    model where the settings choose it."""
    reader = build_reader(settings)
    # Every search over this index (answers, the citation picker, eval retrieval) reranks.
    index.rerank_scorer = reader.entailment if reader is not None and settings.rerank else None
    ranker = reader if settings.answer_ranker == "model" else None
    verifier = build_verifier(index.embedder, settings, reader)
    return Answerer(index, make_composer(settings, verifier, ranker), verifier, ranker)


def build_writer(answerer: Answerer, settings: Settings) -> PaperWriter:
    """A writer over the answerer's backend, with the agenda, option and decision catalogues
    and the reading model where ``BRIEFING_PAPER_READER`` chooses it."""
    catalogue = load_agendas(settings.agendas_path)
    reader = build_reader(settings, for_papers=True)
    return PaperWriter(answerer, catalogue, load_archetypes(), load_decisions(), reader)
