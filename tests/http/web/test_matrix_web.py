"""Editable options-matrix cells: another cited claim, "No source." or the analyst's own
sentence (verified and flagged when its citation does not support it), each a new audited
version through DraftService; a stale version gets 409, the scoring column and cells
outside the matrix a 422 naming them. Also the JSON API's PUT."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.papers.matrix import NO_SOURCE

INVENTED = "The DPRK agreed to inspections in Geneva in 1999"


def _current(client: TestClient, draft_id: str) -> dict[str, Any]:
    return client.get(f"/api/drafts/{draft_id}").json()


def _post(client: TestClient, draft_id: str, row: int, column: int, version: int, **form: str):  # type: ignore[no-untyped-def]
    data = {"expected_version": str(version), **form}
    return client.post(f"/drafts/{draft_id}/matrix/{row}/{column}", data=data,
                       follow_redirects=False)  # fmt: skip


def _claim_cell(record: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
    for r, row in enumerate(record["paper"]["matrix"]):
        for c, cell in enumerate(row["cells"]):
            if cell["kind"] == "claim":
                return r, c, cell
    raise AssertionError("the drafted paper's matrix has no cited cell")


def test_open_a_cell_and_choose_another_cited_claim(
    client: TestClient, draft: dict[str, Any]
) -> None:
    record = _current(client, draft["id"])
    r, c, cell = _claim_cell(record)
    page = client.get(f"/drafts/{draft['id']}/matrix/{r}/{c}/edit")
    assert page.status_code == 200 and f'action="/drafts/{draft["id"]}/matrix/{r}/{c}"' in page.text
    claims = [s for block in _blocks(record["paper"]) for s in block if s["kind"] == "claim"
              and s["citations"] and s["supported"] and s["text"] != cell["text"]]  # fmt: skip
    other = claims[0]
    saved = _post(client, draft["id"], r, c, record["version"], kind="claim", choice=other["text"])
    assert saved.status_code == 303 and saved.headers["location"].endswith(f"#matrix-{r}-{c}")
    after = _current(client, draft["id"])
    new = after["paper"]["matrix"][r]["cells"][c]
    assert (new["text"], new["citations"]) == (other["text"], other["citations"])
    assert after["version"] == record["version"] + 1 and after["change"] == f"matrix:{r}.{c}"
    assert {n for n in new["citations"]} <= {x["n"] for x in after["paper"]["citations"]}


def test_no_source_and_own_text_verified(client: TestClient, draft: dict[str, Any]) -> None:
    record = _current(client, draft["id"])
    r, c, cell = _claim_cell(record)
    saved = _post(client, draft["id"], r, c, record["version"], kind="none")
    assert saved.status_code == 303
    after = _current(client, draft["id"])
    assert after["paper"]["matrix"][r]["cells"][c] | {"citations": []} == {
        "criterion": cell["criterion"], "text": NO_SOURCE, "kind": "none", "citations": [],
        "supported": True, "reason": ""}  # fmt: skip
    n = cell["citations"][0] if cell["citations"] else after["paper"]["citations"][0]["n"]
    own = f"{INVENTED} [{n}]."
    saved = _post(client, draft["id"], r, c, after["version"], kind="text", text=own)
    assert saved.status_code == 303
    flagged = _current(client, draft["id"])["paper"]["matrix"][r]["cells"][c]
    assert flagged["text"] == f"{INVENTED}." and flagged["citations"] == [n]
    assert not flagged["supported"] and "1999" in flagged["reason"]
    view = client.get(f"/drafts/{draft['id']}").text
    assert f'<span class="flagged" title="{flagged["reason"]}">{INVENTED}.' in view
    markdown = client.get(f"/api/drafts/{draft['id']}/export?format=md").text
    assert f"**⚠ unverified:** {INVENTED} [{n}]." in markdown


def test_stale_and_out_of_range_cells_are_refused(
    client: TestClient, draft: dict[str, Any]
) -> None:
    record = _current(client, draft["id"])
    r, c, _cell = _claim_cell(record)
    stale = _post(client, draft["id"], r, c, record["version"] - 1, kind="none")
    assert stale.status_code == 409 and "reload the draft" in stale.text
    scoring = _post(client, draft["id"], 0, 0, record["version"], kind="none")
    assert scoring.status_code == 422 and "service&#39;s own scoring" in scoring.text
    missing = _post(client, draft["id"], 42, 1, record["version"], kind="none")
    assert missing.status_code == 422 and "matrix row 42" in missing.text
    unknown = _post(client, draft["id"], r, c, record["version"], kind="claim", choice="Made up.")
    assert unknown.status_code == 422 and "not one of this paper" in unknown.text
    assert _current(client, draft["id"])["version"] == record["version"]


def test_api_puts_a_cell(client: TestClient, draft: dict[str, Any]) -> None:
    record = _current(client, draft["id"])
    r, c, _cell = _claim_cell(record)
    body = {"expected_version": record["version"], "kind": "none"}
    response = client.put(f"/api/drafts/{draft['id']}/matrix/{r}/{c}", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["paper"]["matrix"][r]["cells"][c]["kind"] == "none"
    stale = client.put(f"/api/drafts/{draft['id']}/matrix/{r}/{c}", json=body)
    assert stale.status_code == 409


@pytest.mark.parametrize(
    "text", [f"{INVENTED} [999999999999999999999].", "[999999999999999999999]"]
)
def test_a_cell_citing_no_citation_of_the_paper_is_422(
    client: TestClient, draft: dict[str, Any], text: str
) -> None:
    # As a section edit is (issue 28, item 9): never saved literally.
    record = _current(client, draft["id"])
    r, c, _cell = _claim_cell(record)
    body = {"expected_version": record["version"], "kind": "text", "text": text}
    response = client.put(f"/api/drafts/{draft['id']}/matrix/{r}/{c}", json=body)
    assert response.status_code == 422, response.text
    assert str(response.json()["detail"]).startswith("text: "), response.text
    form = _post(client, draft["id"], r, c, record["version"], kind="text", text=text)
    assert form.status_code == 422 and "text: " in form.text
    assert _current(client, draft["id"])["version"] == record["version"]


def _blocks(paper: dict[str, Any]) -> list[list[dict[str, Any]]]:
    found: list[list[dict[str, Any]]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "sentences" in value:
                found.append(value["sentences"])
            for key, item in value.items():
                if key not in ("matrix", "sentences"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(paper)
    return found
