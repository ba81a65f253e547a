"""Shared fixtures: one real MiniLM per session, the shipped corpus ingested once per session
into a template data dir (copied for tests that write), servers started once per session,
a fresh data dir per test."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from service.answer.extractive import Candidate
from service.answer.numbered import NumberedPassage, Purpose
from service.config import Settings
from service.corpus.embed import LocalEmbeddings, load_embedder
from service.corpus.index import Index
from service.db import make_engine
from service.migrate import migrate
from service.papers.paper import DraftRequest, Paper
from service.verify.reader import ReadingModel, load_reading_model
from tests.fake_openai import FakeOpenAI, fake_openai_server
from tests.postgres import PostgresServer, running_postgres, server_bin

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def embedder() -> LocalEmbeddings:
    """The real packaged all-MiniLM-L6-v2, loaded once."""
    model = load_embedder(Settings().resolved_embedding_model_path())
    model.warm_up()
    return model


@pytest.fixture(scope="session")
def reader() -> ReadingModel:
    """The reading model trained here (service/verify/reader_model), loaded once."""
    return load_reading_model()


@pytest.fixture(scope="session")
def corpus_template(tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbeddings) -> Path:
    """A data dir holding the shipped corpus, ingested once per session (sources stored as
    "corpus/x.md", like the eval gold paths). Tests open copies of it, never it."""
    from service.corpus.ingest import ingest_paths

    data_dir = tmp_path_factory.mktemp("corpus-template") / "data"
    index = Index.open(_corpus_settings(data_dir), embedder=embedder)
    with contextlib.chdir(REPO):
        report = ingest_paths(index, [Path("corpus")])
    assert report.ok, report.failed
    return data_dir


@pytest.fixture(scope="session")
def corpus_index(
    corpus_template: Path, tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbeddings
) -> Index:
    """The shipped corpus for tests that only read it (shared by the whole session)."""
    return open_copy(corpus_template, tmp_path_factory.mktemp("corpus-shared"), embedder)


@pytest.fixture(scope="module")
def corpus_copy(
    corpus_template: Path, tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbeddings
) -> Index:
    """The shipped corpus in a data dir of the module's own, for modules that write to it
    (drafts, users, runs, documents): nothing they write reaches another module."""
    return open_copy(corpus_template, tmp_path_factory.mktemp("corpus-copy"), embedder)


@pytest.fixture
def writable_corpus(corpus_template: Path, tmp_path: Path, embedder: LocalEmbeddings) -> Index:
    """The shipped corpus in a data dir of this test's own."""
    return open_copy(corpus_template, tmp_path, embedder)


def open_copy(template: Path, folder: Path, embedder: LocalEmbeddings) -> Index:
    """A copy of the ``template`` data dir under ``folder``, opened with the shared model
    (copying takes milliseconds; ingesting the corpus again would take half a minute)."""
    shutil.copytree(template, folder / "data")
    return Index.open(_corpus_settings(folder / "data"), embedder=embedder)


def _corpus_settings(data_dir: Path) -> Settings:
    # auth off: feature tests act as the local user; tests/http/api/test_auth.py covers auth.
    return Settings(data_dir=data_dir, chroma_url=None, database_url=None, llm="extractive",
                    auth="off")  # fmt: skip


@pytest.fixture(scope="session")
def drafted_paper(corpus_index: Index) -> Paper:
    """A short two-option paper drafted once from the shipped corpus, for tests that need a
    realistic draft to read, edit or export rather than to watch being written."""
    from service.wiring import build_answerer, build_writer

    writer = build_writer(
        build_answerer(corpus_index, corpus_index.settings), corpus_index.settings
    )
    tasking = "How should Japan reopen talks on the abductions?"
    return writer.draft(DraftRequest(tasking=tasking, options=2, length="short"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL cluster on loopback for the whole session (``make install``
    installs the server from Debian; a missing server is a failure, not a skip)."""
    bin_dir = server_bin()
    if bin_dir is None:
        pytest.fail("PostgreSQL server binaries not found under /usr/lib/postgresql: make install")
    with running_postgres(bin_dir) as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    """A migrated database: SQLite under the data dir, or a fresh real PostgreSQL database."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
    else:
        url = f"sqlite:///{tmp_path / 'data' / 'drafts.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    return engine


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with an embedded Chroma and SQLite under a temporary data dir."""
    return Settings(data_dir=tmp_path / "data", chroma_url=None, database_url=None,
                    llm="extractive", auth="off")  # fmt: skip


@pytest.fixture
def index(settings: Settings, embedder: LocalEmbeddings) -> Iterator[Index]:
    """A fresh, empty index on real Chroma and SQLite."""
    yield Index.open(settings, embedder=embedder)


@pytest.fixture
def docs_dir(tmp_path: Path) -> Path:
    """A folder of small markdown documents."""
    folder = tmp_path / "docs"
    folder.mkdir()
    write_md(folder / "stockholm.md", "Stockholm talks", STOCKHOLM)
    write_md(folder / "remains.md", "Remains", REMAINS)
    return folder


class FakeComposer:
    """A fake LLM composer: replies with queued texts, in pieces, like a streaming model."""

    name = "fake"
    model = "fake"

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.prompts: list[tuple[str, list[NumberedPassage]]] = []

    def with_prompt(self, prompt: str) -> FakeComposer:
        return self

    def compose(
        self,
        question: str,
        passages: list[NumberedPassage],
        purpose: Purpose = "question",
        pool: list[Candidate] | None = None,
    ) -> Iterator[str]:
        self.prompts.append((question, passages))
        reply = self.replies.pop(0)
        for i in range(0, len(reply), 7):
            yield reply[i : i + 7]


def write_md(path: Path, title: str, body: str, **front: str) -> Path:
    """Write a markdown file with YAML front matter."""
    extra = "".join(f"{key}: {value}\n" for key, value in front.items())
    path.write_text(
        f"---\ntitle: {title}\ndoc_type: fact-sheet\ndate: 2014-05-29\n"
        f"tags: [abductions]\n{extra}---\n{body}",
        encoding="utf-8",
    )
    return path


STOCKHOLM = """# The Stockholm talks

## Venue and dates

Japan and North Korea met in Stockholm, Sweden, from 26 to 28 May 2014.
The agreed text was released on 29 May 2014.

## Japan's point 2(ii)

Japan undertook to restore the normal reporting thresholds for remittances and
for cash carried out of Japan once the Special Investigation Committee began work.
"""

REMAINS = """# Remains of Japanese war dead

About 34,600 Japanese died in the north of the Korean peninsula around 1945.
About 13,000 sets of remains were brought home to Japan.
Grave visits by bereaved families began in August 2012.
"""


@pytest.fixture(scope="module")
def fake_openai() -> Iterator[FakeOpenAI]:
    """The FAKE OpenAI-compatible server (tests/fake_openai.py), once per module."""
    with fake_openai_server() as server:
        yield server


@pytest.fixture
def fake(fake_openai: FakeOpenAI) -> Iterator[FakeOpenAI]:
    """The module's fake server, clean for each test (a module that drafts once with it
    defines its own module-scoped ``fake``)."""
    fake_openai.reset()
    yield fake_openai
    fake_openai.reset()
