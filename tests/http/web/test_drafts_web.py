"""The "new draft" form: validation as 422 partials, generation progress per section."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.accounts.users import LOCAL_USER
from service.papers.paper import Paper
from service.papers.service import DraftService
from tests.http.web.conftest import HX, is_full_page

# Light agendas are left out of the paper (weight 0), which keeps the draft quick.
ZERO = [
    "repatriates-and-spouses",
    "left-behind-japanese",
    "missing-persons",
    "humanitarian-aid",
    "korean-residents-status",
    "sanctions-relief",
    "nuclear-missile",
    "colonial-settlement",
]
FORM = {"tasking": "How should Japan use the remains issue to reopen talks?", "options": "2",
        "length": "short", "constraints": "No sanctions relief", "weight-abductions": "0.6",
        "weight-remains-and-graves": "0.9", **{f"weight-{a}": "0" for a in ZERO}}  # fmt: skip


def test_new_draft_shows_section_progress_then_opens_the_editor(client: TestClient) -> None:
    started = client.post("/drafts", data=FORM, follow_redirects=False)  # a plain form post
    assert started.status_code == 303
    job_url = started.headers["location"]
    assert re.fullmatch(r"/drafts/jobs/[0-9a-f]{32}", job_url)
    page = client.get(job_url, follow_redirects=False)
    assert page.status_code == 200 and is_full_page(page.text)
    assert '<meta http-equiv="refresh"' in page.text  # reloads itself without JavaScript
    seen: set[str] = set()
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        poll = client.get(job_url, headers=HX)
        assert poll.status_code == 200
        if "hx-redirect" in poll.headers:
            break
        assert 'hx-trigger="every 1s"' in poll.text and "<progress" in poll.text
        steps = re.findall(r"<li class=\"(?:current|finished)\">([^<—✓]+)", poll.text)
        seen.update(step.strip() for step in steps)
        time.sleep(0.5)
    else:
        raise AssertionError("drafting did not finish")
    editor_url = poll.headers["hx-redirect"]
    assert {"bluf", "agenda remains-and-graves"} <= seen  # progress section by section
    assert client.get(job_url, follow_redirects=False).headers["location"] == editor_url
    page = client.get(editor_url)
    assert page.status_code == 200 and FORM["tasking"] in page.text
    paper = client.get(f"/api{editor_url}").json()["paper"]
    assert paper["request"]["weights"]["remains-and-graves"] == 0.9
    assert [a["agenda_id"] for a in paper["agendas"]] == ["remains-and-graves"]
    assert len(paper["options"]) == 2


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"tasking": "  "}, "tasking: Value error, tasking must not be blank"),
        ({"tasking": "x", "options": "9"}, "options: Input should be less than or equal to 5"),
        ({"tasking": "x", "weight-abductions": "1.5"}, "weight of &#39;abductions&#39; must be"),
        ({"tasking": "x", "weight-weather": "0.5"}, "unknown agenda id(s) weather"),
        ({"tasking": "x", "length": "epic"}, "length: Input should be"),
    ],
)
def test_bad_forms_are_422_partials(client: TestClient, form: dict[str, str], message: str) -> None:
    response = client.post("/drafts", data=form, headers=HX)
    assert response.status_code == 422
    assert message in response.text and not is_full_page(response.text)


def test_unknown_job_is_a_404_partial(client: TestClient) -> None:
    response = client.get("/drafts/jobs/nope", headers=HX)
    assert response.status_code == 404 and "not found" in response.text


def test_the_list_tells_drafts_apart_and_filters_and_sorts(
    client: TestClient, draft: dict[str, Any]
) -> None:
    drafts: DraftService = client.app.state.drafts  # type: ignore[attr-defined]
    paper = Paper.model_validate(draft["paper"])
    other = paper.model_copy(deep=True, update={"title": "Zeta: remains first"})
    other.request = other.request.model_copy(update={"tasking": "Put the remains issue first?"})
    zeta = drafts.store.create(other, author="ann", owner="local").draft_id
    drafts.access.share(LOCAL_USER, zeta, ["*"])
    page = client.get("/drafts").text
    rows = {href: row for href, row in re.findall(r'<tr><td><a href="/drafts/(\w+)">(.*?)</tr>',
                                                  page, re.S)}  # fmt: skip
    heaviest = max(paper.agendas, key=lambda a: a.weight)
    assert paper.request.tasking in rows[draft["id"]] and heaviest.name in rows[draft["id"]]
    assert 'Author">local</td>' in rows[draft["id"]] and "private" in rows[draft["id"]]
    assert "Put the remains issue first?" in rows[zeta] and 'Author">ann</td>' in rows[zeta]
    assert "everyone" in rows[zeta]
    found = client.get("/drafts", params={"q": "ZETA remains"}).text
    assert f"/drafts/{zeta}" in found and f'/drafts/{draft["id"]}"' not in found
    by_title = client.get("/drafts", params={"sort": "title"}).text
    assert by_title.index(f'/drafts/{draft["id"]}"') < by_title.index(f"/drafts/{zeta}")
    latest = client.get("/drafts").text
    assert latest.index(f"/drafts/{zeta}") < latest.index(f'/drafts/{draft["id"]}"')
    assert (
        "No drafts match “nothing-like-this”."
        in client.get("/drafts", params={"q": "nothing-like-this"}).text
    )


SUMMIT = ("Options for Tokyo if Pyongyang proposes a leaders' summit conditional on Japan "
          "dropping the abductions precondition, with a decision needed before the G7")  # fmt: skip


def test_the_form_proposes_options_to_rename_drop_or_add(client: TestClient) -> None:
    shown = client.post("/drafts/options", data={**FORM, "tasking": SUMMIT}, headers=HX)
    assert shown.status_code == 200 and not is_full_page(shown.text)
    assert "respond, before the G7" in shown.text
    names = re.findall(r'name="option-name-(\d)" value="([^"]+)"', shown.text)
    assert names and all("leaders&#39; summit" in name for _, name in names)
    assert f'name="option-name-{len(names)}"' in shown.text and "Add an option" in shown.text


def test_the_forms_choices_and_frame_reach_the_request(client: TestClient) -> None:
    from service.http.web.drafts import _draft_request

    service = client.app.state.drafts  # type: ignore[attr-defined]
    fields = {"tasking": SUMMIT, "option-keep-0": "1", "option-name-0": "Attend anyway",
              "option-basis-0": "phased-package", "option-name-1": "Dropped, not ticked",
              "option-basis-1": "hold-and-pressure", "option-keep-2": "1",
              "option-name-2": "Refuse", "option-basis-2": "hold-and-pressure",
              "weight-abductions": "0.9", "frame-core": "Sugar levy",
              "frame-peripheral": "Dental health\nRetail jobs\n"}  # fmt: skip
    request = _draft_request(fields, service)
    assert [c.name for c in request.choices] == ["Attend anyway", "Refuse"]
    assert request.frame is not None and request.frame.peripheral == [
        "Dental health",
        "Retail jobs",
    ]
    assert request.weights == {}  # the desk's sliders do not weigh the draft's own agendas


def test_the_form_suggests_a_weight_for_a_named_agenda_and_leaves_the_slider(
    client: TestClient,
) -> None:
    form = {"tasking": "Should Japan offer grave visits first?", "weight-remains-and-graves": "0.1"}
    hint = client.get("/drafts/weight-hints", params=form, headers=HX)
    assert hint.status_code == 200 and not is_full_page(hint.text)
    assert "Remains" in hint.text and "set to 0.10, suggested at least 0.50" in hint.text
    enough = client.get("/drafts/weight-hints", params={**form, "weight-remains-and-graves": "0.7"})
    assert "suggested" not in enough.text
    page = client.get("/drafts")
    assert 'hx-get="/drafts/weight-hints"' in page.text and 'id="weight-hints"' in page.text
