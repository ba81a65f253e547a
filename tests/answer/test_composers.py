"""LLM composers on real models: SmolLM2 in process, and an OpenAI-compatible server on loopback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer

from service.answer.answerer import Answerer
from service.answer.composers import ChatComposer, make_composer
from service.answer.numbered import number_passages
from service.answer.prompts import load_prompt
from service.answer.rewrite import (
    FirstLineDone,
    RewriteComposer,
    _chat_model,
    _first_line,
    converted_model,
)
from service.config import Settings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.errors import BriefingError, MissingVariableError
from service.retrieve.hybrid import search
from service.verify.support import Verifier
from tests.helpers import free_port, running_server


@pytest.fixture(scope="session")
def smol_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged SmolLM2 GGUF, converted once for the session."""
    gguf = Settings().resolved_local_model_path()
    return converted_model(gguf, tmp_path_factory.mktemp("models"))


@pytest.fixture
def docs_index(index: Index, docs_dir: Path) -> Index:
    ingest_paths(index, [docs_dir])
    return index


def test_prompt_missing_variable_is_named() -> None:
    with pytest.raises(MissingVariableError, match="prompt 'answer': missing variable"):
        load_prompt("answer").render(question="q")


def test_unknown_backend_is_refused(index: Index) -> None:
    settings = index.settings.model_copy(update={"llm": "gpt-9"})
    with pytest.raises(BriefingError, match="BRIEFING_LLM: unknown backend 'gpt-9'"):
        make_composer(settings, Verifier(index.embedder))


def test_openai_backend_needs_a_base_url(index: Index) -> None:
    settings = index.settings.model_copy(update={"llm": "openai", "llm_base_url": None})
    with pytest.raises(BriefingError, match="BRIEFING_LLM_BASE_URL"):
        make_composer(settings, Verifier(index.embedder))


def test_local_rewriter_only_shows_verified_sentences(docs_index: Index, smol_folder: Path) -> None:
    verifier = Verifier(docs_index.embedder)
    composer = RewriteComposer(_chat_model(smol_folder, 60), verifier)
    answer = Answerer(docs_index, composer, verifier).answer(
        "How many sets of remains were brought home to Japan?"
    )
    assert not answer.abstained
    assert any("13,000" in s.text for s in answer.sentences)
    for sentence in answer.sentences:
        cited = [answer.citations[n - 1] for n in sentence.citations]
        assert all(c.source.endswith("remains.md") for c in cited)


@pytest.fixture(scope="session")
def openai_server(smol_folder: Path) -> Iterator[str]:
    """``transformers serve`` with SmolLM2 on loopback; yields the /v1 base URL."""
    port = free_port()
    serve = str(Path(sys.executable).parent / "transformers")
    command = [serve, "serve", str(smol_folder), "--host", "127.0.0.1", "--port", str(port)]
    env = {"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"}
    health = f"http://127.0.0.1:{port}/health"
    with running_server([*command, "--device", "cpu", "--dtype", "float32"], health, env):
        yield f"http://127.0.0.1:{port}/v1"


def test_openai_backend_through_a_real_server(
    docs_index: Index, openai_server: str, smol_folder: Path
) -> None:
    settings = docs_index.settings.model_copy(
        update={"llm": "openai", "llm_base_url": openai_server, "llm_model": str(smol_folder)}
    )
    verifier = Verifier(docs_index.embedder)
    composer = make_composer(settings, verifier)
    assert isinstance(composer, ChatComposer)
    question = "When were the Stockholm talks held?"
    passages = number_passages(search(docs_index, question, 4))
    streamed = list(composer.compose(question, passages))
    assert len(streamed) > 1, "the server streams its reply in pieces"
    assert "".join(streamed).strip()
    answer = Answerer(docs_index, composer, verifier).answer(question)
    assert not answer.abstained
    assert any("May 2014" in s.text for s in answer.sentences)
    assert all(c.source.endswith("stockholm.md") for c in answer.citations)


def test_a_rewrite_stops_after_its_first_line(smol_folder: Path) -> None:
    """Only a rewrite's first line is read, so generation stops once a second line begins,
    never before: a leading blank line, or a first line still being written, goes on."""
    tokenizer = AutoTokenizer.from_pretrained(str(smol_folder), local_files_only=True)
    prompt = tokenizer("Rewritten sentence:\n", return_tensors="pt").input_ids
    reply = tokenizer("\nTalks resumed in 2014.\nNote: shorter", return_tensors="pt").input_ids
    ids = torch.cat([prompt, reply], dim=1)
    stop = FirstLineDone(tokenizer)
    said = [
        (str(tokenizer.decode(reply[0, :n])), bool(stop(ids[:, : prompt.shape[1] + n], None)[0]))
        for n in range(1, reply.shape[1] + 1)
    ]
    first = next(n for n, (_, done) in enumerate(said) if done)
    assert _first_line(said[first][0]) == "Talks resumed in 2014."
    assert "Note" in said[first][0] and not any(done for _, done in said[:first])


def test_a_stopped_rewrite_reads_as_the_whole_one(docs_index: Index, smol_folder: Path) -> None:
    """Greedy decoding: the first line is the same whether generation stops after it."""
    composer = RewriteComposer(_chat_model(smol_folder, 160), Verifier(docs_index.embedder))
    values = {
        "question": "How did the Stockholm talks end?",
        "sentence": "The DPRK dissolved the Special Investigation Committee in February 2016 "
        "after Japan tightened its measures following a nuclear test.",
    }
    whole, stopped = composer.chain.invoke(values), composer._generate(values)
    assert _first_line(stopped) == _first_line(whole) and len(stopped) <= len(whole)
