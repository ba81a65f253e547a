"""End to end in real headless Chromium (Debian's, driven by Playwright) against the
shared server on loopback: upload, ask and open a citation, draft, edit, reach a flagged
sentence from the contents rail, diff, export DOCX, run an eval.

Screenshots of each page are saved to tests/artifacts/.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from tests.conftest import STOCKHOLM
from tests.http.web.browser import ARTIFACTS, Site, needs_chromium, open_tab

LIGHT_AGENDAS = ["repatriates-and-spouses", "left-behind-japanese", "missing-persons",
                 "humanitarian-aid", "korean-residents-status", "sanctions-relief",
                 "nuclear-missile", "colonial-settlement"]  # fmt: skip

pytestmark = needs_chromium
sync_api = pytest.importorskip("playwright.sync_api")
sync_api.expect.set_options(timeout=60_000)  # answers and drafts take seconds on a busy CPU


@pytest.fixture
def page(browser: sync_api.Browser, site: Site) -> Iterator[sync_api.Page]:
    """A fresh laptop-sized tab whose relative URLs go to the shared test server."""
    tab = open_tab(browser, site, 1366, 860)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.context.close()
    assert not errors, f"JavaScript errors: {errors}"


def _shot(page: sync_api.Page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def test_upload_then_ask_and_open_a_citation(page: sync_api.Page, tmp_path: Path) -> None:
    upload = tmp_path / "stockholm-notes.md"
    upload.write_text("---\ntitle: Stockholm notes <b>draft</b>\ndoc_type: note\n"
                      "date: 2014-05-30\ntags: [abductions]\n---\n" + STOCKHOLM)  # fmt: skip
    page.goto("/corpus")
    page.set_input_files("#files", str(upload))
    page.get_by_role("button", name="Upload and ingest").click()
    sync_api.expect(page.locator("#upload-result")).to_contain_text("1 added")
    row = page.locator("table.documents tr", has_text="Stockholm notes <b>draft</b>")
    sync_api.expect(row).to_be_visible()  # the table refreshed itself; the markup is text
    _shot(page, "corpus")
    row.get_by_role("link").click()
    # Rendered for reading: "## Venue and dates" is a heading (one level down), not text.
    sync_api.expect(page.locator(".doc-rendered h3", has_text="Venue and dates")).to_be_visible()
    assert "##" not in page.locator(".doc-rendered").inner_text()
    _shot(page, "document")
    page.get_by_role("link", name="Show chunk boundaries").click()
    sync_api.expect(page.locator(".chunk-mark").first).to_be_visible()

    page.goto("/ask")
    page.get_by_label("Question").fill("When and where did Japan and the DPRK meet in Stockholm?")
    page.get_by_role("button", name="Ask").click()
    sync_api.expect(page.locator("#answer .sources")).to_be_visible()
    assert "q=When%20and%20where" in page.url  # the pushed URL reloads to the same answer
    chip = page.locator("#answer .answer-text .chip").first
    sync_api.expect(chip).to_be_visible()
    chip.click()
    highlighted = page.locator("#passage-panel mark")
    sync_api.expect(highlighted).to_be_visible()
    number = chip.inner_text().strip("[]")
    quote = page.locator(f'#answer .sources li[value="{number}"] q').inner_text()
    assert highlighted.inner_text().strip() == quote.strip()
    _shot(page, "ask")


def test_draft_edit_diff_and_export(page: sync_api.Page) -> None:
    page.goto("/drafts")
    page.get_by_label("Tasking").fill("How should Japan reopen talks on the abductions?")
    page.get_by_label("Options").fill("2")
    page.get_by_label("Length").select_option("short")
    for agenda in LIGHT_AGENDAS:  # weight 0 leaves an agenda out, and the draft is quicker
        page.locator(f"#weight-{agenda}").fill("0")
    page.get_by_role("button", name="Generate draft").click()
    sync_api.expect(page.locator(".steps li").first).to_be_visible()
    _shot(page, "draft-progress")
    page.wait_for_url(re.compile(r"/drafts/[0-9a-f]{32}$"), timeout=600_000)
    sync_api.expect(page.locator("#block-bluf")).to_be_visible()
    _shot(page, "editor")

    block = page.locator("#block-background")
    block.get_by_role("link", name="Edit").click()
    editor = page.locator("#text-background")
    sync_api.expect(editor).to_be_visible()
    # One input event, one autosave (typing key by key on a loaded machine let the 1.5 s
    # autosave fire mid-sentence and shifted every later version number).
    added = "\nThe talks moved to Geneva in 1999 [1].\n~ Analyst note: <i>check</i> dates."
    editor.fill(editor.input_value() + added)
    status = page.locator("#status-background")
    sync_api.expect(status).to_contain_text("Saved as version 2.", timeout=30_000)
    sync_api.expect(status).to_contain_text("failed verification")
    page.locator("#block-background").scroll_into_view_if_needed()
    _shot(page, "editor-autosave", full_page=False)
    page.locator("#block-background").get_by_role("button", name="Save and close").click()
    flagged = page.locator("#block-background .flagged")
    sync_api.expect(flagged).to_contain_text("Geneva in 1999")
    sync_api.expect(page.locator("#block-background .framing").last).to_have_text(
        "Analyst note: <i>check</i> dates."
    )

    # A matrix cell: open it, set it to "No source", saved as the next version.
    edit_cell = page.locator("table.matrix a.cell-edit-link").first
    cell_id = edit_cell.locator("xpath=..").get_attribute("id")
    edit_cell.click()
    page.locator(f"#{cell_id}").get_by_label("No source").check()
    page.locator(f"#{cell_id}").get_by_role("button", name="Save cell").click()
    sync_api.expect(page.locator(f"#{cell_id}")).to_contain_text("No source.")
    sync_api.expect(page.locator("[data-draft-version]")).to_have_text("3")

    page.get_by_role("link", name="Version history").click()
    page.get_by_role("link", name="changes from v1").click()
    sync_api.expect(page.locator("ins").first).to_be_visible()
    assert "Analyst note" in page.locator(".diff").first.inner_text()
    _shot(page, "diff")

    page.go_back()
    page.go_back()
    # The contents rail counts the flagged sentence and takes the reader to it.
    page.reload()
    rail = page.get_by_role("navigation", name="Contents of the paper")
    sync_api.expect(rail.locator(".flag-count").first).to_be_visible()
    rail.get_by_role("link", name="Next flagged sentence").click()
    reached = page.locator(".paper .flagged:focus")
    sync_api.expect(reached).to_be_in_viewport()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export DOCX").click()
    saved = ARTIFACTS / "draft.docx"
    shutil.copy(download.value.path(), saved)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(saved.read_bytes())).paragraphs]
    assert any("Analyst note: <i>check</i> dates." in text for text in paragraphs)
    assert "Options" in paragraphs


def test_run_a_suite_and_read_its_report(page: sync_api.Page) -> None:
    page.goto("/evals")
    page.get_by_label("Suite (evals/)").select_option("core.yaml")
    page.get_by_label("Backend").select_option("extractive")
    page.get_by_label("First questions only").fill("1")
    page.get_by_role("button", name="Run suite").click()
    sync_api.expect(page).to_have_url(re.compile(r"/evals/[0-9a-f]{12}$"))  # after the progress
    sync_api.expect(page.get_by_role("img", name="summary metrics")).to_be_visible()
    sync_api.expect(page.locator(".eval-report h1")).to_contain_text(": core")
    _shot(page, "evals-report")
