"""PDFs the suite makes itself: HTML printed by Debian's headless Chromium (Playwright's
``page.pdf``, the browser's own print-to-PDF), the way an analyst's browser prints a page.

A page set from HTML has no address, so Chromium titles its PDF "about:blank", as the
PDFs analysts upload are titled.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.http.web.browser import CHROMIUM, FLAGS

CREW = """<html><body style="font-family: serif; width: 16cm">
<h1>Fishing boat rescued off Hokkaido after engine failure</h1>
<p>Date: 5 September 2025</p>
<p>The boat carried 14 crew members when it lost power in heavy seas north of Rausu.
All were brought ashore safely after a ﬁve-hour operation by the Japan Coast Guard,
which said the vessel had been ﬁshing for squid and that a patrol plane first spotted the
drifting hull at dawn.</p>
<h2>Background</h2>
<p>The boat was registered in Nemuro. Its owner said the engine had been inspected in June
and found in good order by the inspectors of the regional ﬁsheries office.</p>
</body></html>"""

# Two columns, one paragraph running from the foot of the first into the second; two
# words cut at a line end by a hyphen: one the document also writes whole, one compound.
COLUMNS = (
    '<html><body style="font-size: 11pt"><h1 style="font-size: 20pt">Grid storage plan</h1>'
    '<div style="column-count: 2; column-gap: 1cm">'
    + "".join(
        f"<p>Item {n}: the regional operator will add {n * 10} megawatts of storage this "
        "winter, according to a statement the commission released on Monday.</p>"
        for n in range(1, 12)
    )
    + "<p>The reconnaissance of sites began in May. A second recon-<br>naissance and a "
    "five-<br>hour public hearing follow in June, after which the commission will publish "
    "the list of approved sites and the operator will sign contracts with the builders of "
    "each site, as the law requires for every project of this size in the region.</p>"
    "</div></body></html>"
)


def print_pdfs(folder: Path, pages: dict[str, str]) -> dict[str, Path]:
    """Print each ``name: html`` with headless Chromium to ``folder/name.pdf``."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make pytest` installs Debian's Chromium")
    paths = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page()
        for name, html in pages.items():
            page.set_content(html)
            paths[name] = folder / f"{name}.pdf"
            page.pdf(path=str(paths[name]), format="A4")
        browser.close()
    return paths
