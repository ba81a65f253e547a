"""Every citation checked in the editor and the DOCX: edits that change the meaning
("part of" for "separate from", "arms sales" for "trade"), a citation added by hand to
the wrong sentence, and framing lines that state facts."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from fastapi.testclient import TestClient

from service.papers.edit_text import prose_to_text
from service.papers.paper import Prose
from service.retrieve.hybrid import search
from tests.http.web.conftest import HX

PATH = "background"
SEPARATE = "Japan's own unilateral measures against the DPRK are separate from the UN sanctions."
TRADE = "Japan's own measures cover travel, money transfers, port entry and trade."


def _current(client: TestClient, draft_id: str) -> dict[str, Any]:
    return client.get(f"/api/drafts/{draft_id}").json()  # type: ignore[no-any-return]


def _lines(record: dict[str, Any]) -> list[str]:
    prose = Prose.model_validate(record["paper"][PATH])
    return prose_to_text(prose).splitlines()


def _chunk(client: TestClient, query: str, must_contain: str) -> str:
    index = client.app.state.index  # type: ignore[attr-defined]
    hit = next(h for h in search(index, query, 10) if must_contain in " ".join(h.text.split()))
    return str(hit.chunk_id)


def _save(client: TestClient, draft_id: str, lines: list[str]) -> str:
    version = _current(client, draft_id)["version"]
    data = {"text": "\n".join(lines), "expected_version": str(version)}
    saved = client.post(f"/drafts/{draft_id}/sections/{PATH}", data=data, headers=HX)
    assert saved.status_code == 200, saved.text
    return saved.text


def _cite(client: TestClient, draft_id: str, sentence: int, chunk_id: str) -> str:
    version = _current(client, draft_id)["version"]
    data = {"chunk_id": chunk_id, "sentence": str(sentence), "expected_version": str(version)}
    added = client.post(f"/drafts/{draft_id}/sections/{PATH}/citations", data=data, headers=HX)
    assert added.status_code == 200, added.text
    return added.text


def _n(record: dict[str, Any], chunk_id: str) -> int:
    return int(next(c["n"] for c in record["paper"]["citations"] if c["chunk_id"] == chunk_id))


def _flag_of(html: str, text: str) -> str:
    """The reason the editor shows on the flagged sentence starting with ``text``."""
    match = re.search(r'class="[^"]*flagged[^"]*" title="([^"]*)">' + re.escape(text), html)
    assert match, f"not flagged: {text}"
    return match.group(1).replace("&#34;", '"').replace("&quot;", '"').replace("&#39;", "'")


def test_edits_citations_and_framing_are_checked_in_editor_and_docx(
    client: TestClient, draft: dict[str, Any]
) -> None:
    draft_id = draft["id"]
    separate = _chunk(client, "unilateral measures separate from the UN sanctions", SEPARATE)
    trade = _chunk(client, "Japan's own measures travel money transfers port entry trade", TRADE)
    committee = _chunk(client, "Special Investigation Committee disbanded February 2016",
                       "disband")  # fmt: skip

    # Faithful sentences cited by hand verify.
    lines = _lines(_current(client, draft_id))
    _save(client, draft_id, [*lines, SEPARATE, TRADE])
    _cite(client, draft_id, len(lines), separate)
    _cite(client, draft_id, len(lines) + 1, trade)
    sentences = _current(client, draft_id)["paper"][PATH]["sentences"]
    assert [s["supported"] for s in sentences[len(lines) :]] == [True, True], sentences[-2:]

    # Edits that change the meaning are flagged with the reason.
    record = _current(client, draft_id)
    m, t = _n(record, separate), _n(record, trade)
    part_of = (
        f"Japan's own unilateral measures against the DPRK are part of the UN sanctions [{m}]."
    )
    arms = f"Japan's own measures cover travel, money transfers, port entry and arms sales [{t}]."
    framing_fact = "~ The DPRK returned five more abductees in 2010."
    framing_plain = "~ Japan weighs each step against the abduction core."
    html = _save(client, draft_id, [*lines, part_of, arms, framing_fact, framing_plain])
    part_of_flag = _flag_of(html, "Japan&#39;s own unilateral")
    assert '"part of" where the text says "separate from"' in part_of_flag
    assert '"arms" where the text lists "trade"' in _flag_of(html, "Japan&#39;s own measures cover")
    assert "framing states checkable facts (5, 2010, DPRK returned)" in _flag_of(
        html, "The DPRK returned five"
    )
    assert "Japan weighs each step" not in html  # the save lists only what failed
    saved = _current(client, draft_id)["paper"][PATH]["sentences"]
    plain = next(s for s in saved if s["text"].startswith("Japan weighs each step"))
    assert plain["kind"] == "framing" and plain["supported"]

    # A passage about the committee's 2016 dissolution cited on an unrelated claim.
    claim = next(i for i, s in enumerate(_current(client, draft_id)["paper"][PATH]["sentences"])
                 if s["kind"] == "claim" and s["supported"] and s["citations"]
                 and not re.search(r"committee|2016|disband", s["text"], re.I))  # fmt: skip
    added = _cite(client, draft_id, claim, committee)
    n = _n(_current(client, draft_id), committee)
    assert f"citation [{n}] does not support this sentence" in added

    exported = client.get(f"/api/drafts/{draft_id}/export", params={"format": "docx"})
    assert exported.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(exported.content)).paragraphs]
    body = "\n".join(paragraphs)
    for flagged in ("are part of the UN sanctions", "port entry and arms sales",
                    "returned five more abductees in 2010"):  # fmt: skip
        sentence_start = body.index(flagged)
        assert "⚠ unverified" in body[max(0, sentence_start - 120) : sentence_start], flagged
    assert body.count("⚠ unverified") >= 4
