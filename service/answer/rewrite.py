"""Local composer: extractive sentences, each rewritten by SmolLM2-135M-Instruct and checked.

The 135M model cannot answer from passages or place citations (see README), so it
only rewrites one selected evidence sentence at a time. The service, not the model,
attaches the citation; a rewrite that the verifier rejects is replaced by the
original sentence, so the model can shorten or rephrase but never add a fact.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import RunnableLambda

from service.answer.extractive import Candidate, answering_candidates
from service.answer.numbered import NumberedPassage, Purpose
from service.answer.prompts import load_prompt
from service.answer.selection import extractive_sentences
from service.config import Settings
from service.text.evidence import Passage
from service.verify.support import Verifier

LOCAL_MODEL_NAME = "SmolLM2-135M-Instruct"
# A rewrite must stay this close (MiniLM cosine) to the sentence it rewrites: the
# passage check alone let "failed less because of one event" become "failed because
# of the lack of a single event".
REWRITE_SIMILARITY = 0.88
REWRITTEN_PROMPTS = frozenset({"answer", "draft_bluf", "draft_core", "draft_recommendation"})


class RewriteComposer:
    """Selected evidence sentences, each offered to a small model for a verified rewrite."""

    name = "local"
    model = LOCAL_MODEL_NAME

    def __init__(self, chat: BaseChatModel, verifier: Verifier, rewrite: bool = True) -> None:
        self.chat = chat
        self.verifier = verifier
        self.rewrite = rewrite
        template = load_prompt("rewrite")

        def render(values: dict[str, str]) -> str:
            return template.render(**values)

        self.prompt = RunnableLambda(render)
        self.chain = self.prompt | chat | StrOutputParser()

    def compose(
        self,
        question: str,
        passages: list[NumberedPassage],
        purpose: Purpose = "question",
        pool: list[Candidate] | None = None,
    ) -> Iterator[str]:
        """One ``sentence [n].`` at a time: the rewrite when it verifies, else the original."""
        by_n = {p.n: p for p in passages}
        if pool is None:
            pool = answering_candidates(question, passages, self.verifier.embedder, purpose)
        for n, original in extractive_sentences(question, pool, purpose):
            chosen = original
            if self.rewrite:
                values = {"question": question, "sentence": original}
                rewrite = _first_line(self._generate(values))
                if rewrite and self._faithful(rewrite, original, by_n[n]):
                    chosen = rewrite
            yield f"{chosen.rstrip().rstrip('.')} [{n}]. "

    def _generate(self, values: dict[str, str]) -> str:
        """The model's rewrite, generated no further than its first line where it can stop."""
        stop = first_line_only(self.chat)
        chain = self.prompt | self.chat.bind(**stop) | StrOutputParser() if stop else self.chain
        return chain.invoke(values)

    def with_prompt(self, prompt: str) -> RewriteComposer:
        """Rewriting is slow on CPU (seconds a sentence): a paper gets it in the sections
        read first (BLUF, core assessment, recommendation) and plain evidence elsewhere,
        which keeps a whole draft under two minutes."""
        return RewriteComposer(self.chat, self.verifier, rewrite=prompt in REWRITTEN_PROMPTS)

    def _faithful(self, rewrite: str, original: str, cited: NumberedPassage) -> bool:
        """Supported by the passage and close in meaning to the sentence it rewrites."""
        if not self.verifier.verify(rewrite, [cited.passage]).supported:
            return False
        same = self.verifier.verify(rewrite, [Passage("original:" + original, original)])
        return same.semantic >= REWRITE_SIMILARITY


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip().strip('"')
    return line if len(line) > 10 else ""


class FirstLineDone:
    """Stops a generation once its first line is complete (a new line has begun after
    some text): a rewrite keeps only that line (``_first_line``), and a small model goes
    on writing notes and alternatives after it until its token limit. What it stops is
    never read: generation is greedy, so the first line is the same either way. One per
    generation (it records where the prompt ends)."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.start: int | None = None

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        if self.start is None:  # called after each new token: the first call follows one
            self.start = input_ids.shape[-1] - 1
        new = self.tokenizer.decode(input_ids[0, self.start :], skip_special_tokens=True)
        done = "\n" in new.strip()
        return torch.full((input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device)


def first_line_only(chat: BaseChatModel) -> dict[str, Any]:
    """Invoke arguments that stop ``chat`` after its first line, for a chat model over an
    in-process transformers pipeline (the local SmolLM2); none for another model."""
    tokenizer = getattr(getattr(chat, "llm", None), "pipeline", None)
    tokenizer = getattr(tokenizer, "tokenizer", None)
    if tokenizer is None:
        return {}
    from transformers import StoppingCriteriaList

    stop = StoppingCriteriaList([FirstLineDone(tokenizer)])
    return {"pipeline_kwargs": {"stopping_criteria": stop}}


_lock = threading.Lock()
_models: dict[str, BaseChatModel] = {}


def local_chat(settings: Settings) -> BaseChatModel:
    """SmolLM2 as a LangChain chat model, loaded once per process."""
    gguf = settings.resolved_local_model_path()
    with _lock:
        if str(gguf) not in _models:
            folder = converted_model(gguf, settings.data_dir / "models")
            _models[str(gguf)] = _chat_model(folder, settings.llm_max_tokens)
        return _models[str(gguf)]


def converted_model(gguf: Path, cache: Path) -> Path:
    """The GGUF de-quantised once into a transformers folder (loads in under a second after).

    transformers de-quantises a GGUF on every load (tens of seconds here); the saved
    folder is also what ``transformers serve`` needs, as it cannot serve a GGUF.
    """
    folder = cache / gguf.stem
    if (folder / "config.json").is_file():
        return folder
    _quiet_transformers()
    from transformers import AutoModelForCausalLM, AutoTokenizer

    kwargs: dict[str, Any] = {"gguf_file": gguf.name, "local_files_only": True}
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), **kwargs)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), **kwargs)
    # GGUF-loaded weights are plain tensors by now; dropping the quantizer allows saving.
    model.hf_quantizer = None  # type: ignore[assignment]
    del model.config.quantization_config
    staging = folder.with_name(folder.name + f".tmp{os.getpid()}")
    model.save_pretrained(str(staging))
    tokenizer.save_pretrained(str(staging))
    staging.rename(folder)  # atomic: a crash leaves no half-written model folder
    return folder


def _quiet_transformers() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()


def _chat_model(folder: Path, max_tokens: int) -> BaseChatModel:
    _quiet_transformers()
    from langchain_huggingface import ChatHuggingFace, HuggingFacePipeline
    from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

    tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(str(folder), local_files_only=True)
    generator = pipeline(
        "text-generation",
        model=model,
        tokenizer=tokenizer,
        max_new_tokens=max_tokens,
        do_sample=False,
        return_full_text=False,
    )
    llm = HuggingFacePipeline(pipeline=generator, model_id=LOCAL_MODEL_NAME)
    return ChatHuggingFace(llm=llm, tokenizer=tokenizer, model_id=LOCAL_MODEL_NAME)
