"""A FAKE OpenAI-compatible chat-completions server on loopback, for tests of the protocol and
of the verification of what a model sends back (no model this small writes the structured
parts well, so the replies are scripted from the passages in each prompt).

It speaks ``POST /v1/chat/completions`` with and without ``stream`` (server-sent events,
``data: [DONE]``), as a real endpoint does, and records every prompt it was sent. Replies:

- chronology prompts: one true line (a dated sentence copied from a passage, with its
  number) and one invented line that no passage supports;
- conflict prompts: two invented sides (must all fail verification: the rules stand in);
- matrix prompts: a copied sentence for ``leverage``, ``NO SOURCE`` for ``dprk_position``
  and an invented sentence for ``risk``;
- option prompts (ending ``Options:``): two lines that pass (``PROPOSED``, each with a
  sentence copied from a passage), one with an unknown basis and one whose sentence no
  passage supports;
- support-judge prompts (ending ``Verdicts:``): the verdicts of a FAKE judge
  (``tests/fake_judge.py``: copies, negations and word overlap, no model);
- any other prompt: the first sentence of passage [1], cited [1].

A test can queue replies (``replies``: a text, or an HTTP status to fail with), which are
sent, in order, before the scripted ones, and slow every reply down (``delay_s``).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from service.papers.dates import iso_dates
from tests.fake_judge import judge_reply

INVENTED_EVENT = "Talks were held in Geneva on 1 January 1999"
INVENTED_RISK = "The DPRK closed every channel to Japan on 2 February 1998"
PROPOSED = ("Counter-propose an agenda led by the abductions", "Accept the talks in phases")
_BLOCK = re.compile(r"^\[(\d+)\] [^\n]*\n(.+?)(?=\n\n\[\d+\] |\n\n[A-Z][a-z]+:|\Z)", re.S | re.M)


@dataclass
class FakeOpenAI:
    """The running fake: its base URL and the prompts it received."""

    base_url: str
    prompts: list[str] = field(default_factory=list)
    replies: list[str | int] = field(default_factory=list)
    delay_s: float = 0.0

    def reset(self) -> None:
        """Forget what one test received and scripted, so the next starts clean."""
        self.prompts.clear()
        self.replies.clear()
        self.delay_s = 0.0


def passage_sentences(prompt: str) -> list[tuple[int, str]]:
    """``(passage number, sentence)`` of the passages a prompt carries, in order."""
    found = []
    for m in _BLOCK.finditer(prompt.split("Passages:", 1)[-1]):
        for sentence in re.split(r"(?<=[.!?])\s+", m[2].strip()):
            if len(sentence) >= 25 and sentence.endswith("."):
                found.append((int(m[1]), sentence))
    return found


def reply_to(prompt: str) -> str:
    """The scripted reply to one rendered prompt."""
    sentences = passage_sentences(prompt)
    first = f"{sentences[0][1][:-1]} [{sentences[0][0]}]." if sentences else "NOT IN CORPUS"
    if prompt.rstrip().endswith("Chronology:"):
        dated = [(n, s, iso_dates(s)) for n, s in sentences]
        true = next((f"{d[0][0]} | {s[:-1]} [{n}]." for n, s, d in dated if d), "")
        return f"{true}\n1999-01-01 | {INVENTED_EVENT} [1].\n"
    if prompt.rstrip().endswith("Disagreements:"):
        return (
            "Geneva talks | 1999-01-01 | Talks were held in Geneva on 1 January 1999 [1].\n"
            "Geneva talks | 1999-01-02 | Talks were held in Geneva on 2 January 1999 [2].\n"
        )
    if prompt.rstrip().endswith("Options:"):
        second = sentences[1] if len(sentences) > 1 else sentences[0]
        return (
            f"abductions-first | {PROPOSED[0]} | {first}\n"
            f"phased-package | {PROPOSED[1]} | {second[1][:-1]} [{second[0]}].\n"
            f"no-such-course | Accept everything at once | {first}\n"
            f"hold-and-pressure | Decline every contact | {INVENTED_RISK} [1].\n"
        )
    if prompt.rstrip().endswith("Verdicts:"):
        return judge_reply(prompt)
    if prompt.rstrip().endswith("Row:"):
        return f"leverage | {first}\ndprk_position | NO SOURCE\nrisk | {INVENTED_RISK} [1].\n"
    return first


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = "\n".join(str(m.get("content", "")) for m in body["messages"])
        self.fake.prompts.append(prompt)
        time.sleep(self.fake.delay_s)
        queued = self.fake.replies.pop(0) if self.fake.replies else reply_to(prompt)
        if isinstance(queued, int):
            self.send_error(queued)
            return
        text = queued
        if body.get("stream"):
            self._stream(body["model"], text)
        else:
            message = {"role": "assistant", "content": text}
            self._json({"id": "fake", "object": "chat.completion", "created": 0,
                        "model": body["model"], "usage": None,
                        "choices": [{"index": 0, "message": message,
                                     "finish_reason": "stop"}]})  # fmt: skip

    def _stream(self, model: str, text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        pieces = [text[i : i + 40] for i in range(0, len(text), 40)] or [""]
        for i, piece in enumerate(pieces):
            delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
            chunk = {"id": "fake", "object": "chat.completion.chunk", "created": 0,
                     "model": model,
                     "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}  # fmt: skip
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        done = {"id": "fake", "object": "chat.completion.chunk", "created": 0, "model": model,
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}  # fmt: skip
        self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())

    def _json(self, payload: dict[str, object]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads ``prompts`` instead."""


@contextmanager
def fake_openai_server() -> Iterator[FakeOpenAI]:
    """The fake on a free loopback port, stopped after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    fake = FakeOpenAI(base_url=f"http://127.0.0.1:{server.server_address[1]}/v1")
    _Handler.fake = fake
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
