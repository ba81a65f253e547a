"""The browser tests' shared site: ``briefing serve`` on a loopback port over a copy of the
session's ingested corpus, with the session's drafted paper and two stored eval runs in
it, and Debian's headless Chromium driven by Playwright (which downloads no browser).

The fixtures are session-scoped (``tests/http/web/conftest.py`` exposes them), so every
browser test module shares one server, one browser and one drafted paper.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from service.corpus.embed import LocalEmbeddings
from service.evals.runner import run_suite, select_items
from service.evals.runs import RunStore
from service.papers.paper import Paper
from service.papers.store import DraftStore
from tests.conftest import REPO, open_copy
from tests.helpers import serving_briefing

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "tests" / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]  # fmt: skip
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium (`make pytest` installs it)"
)


@dataclass(frozen=True)
class Site:
    """The running server and what it holds for the tests to visit."""

    url: str
    draft_id: str
    run_id: str
    item_id: str


def start_site(
    folder: Path, template: Path, embedder: LocalEmbeddings, paper: Paper
) -> Iterator[Site]:
    """Copy the corpus, add the draft and two one-question runs of evals/core (a trend
    needs two), then serve it until the session ends."""
    index = open_copy(template, folder, embedder)
    record = DraftStore(index.sessions).create(paper, author="local", owner="local")
    suite = REPO / "evals" / "core.yaml"
    items = select_items(suite)[:1]
    runs = [run_suite(index, index.settings, suite, items) for _ in range(2)]
    for run in runs:
        RunStore(index.sessions).save(run)
    del index
    settings = {"BRIEFING_AUTH": "off", "BRIEFING_LLM_REQUESTS_PER_MINUTE": "0"}
    with serving_briefing(folder / "data", **settings) as url:
        yield Site(url, record.draft_id, runs[-1].id, items[0].id)


def launch_browser() -> Iterator[Any]:
    """Headless Debian Chromium (Playwright's ``Browser``)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


def open_tab(browser: Any, site: Site, width: int, height: int, axe: bool = False) -> Any:
    """A fresh context and tab of ``width`` x ``height`` whose relative URLs go to the site;
    with ``axe``, axe-core is in every page (an init script: the page's CSP allows no
    injected script tag, and the pages themselves never load it)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(base_url=site.url, viewport={"width": width, "height": height},
                                  accept_downloads=True)  # fmt: skip
    if axe:
        context.add_init_script(path=str(AXE))
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    return tab
