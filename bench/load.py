"""Load test: concurrent clients asking, searching, reading and editing drafts against
``briefing serve`` on loopback.

Ingests corpus/ into a data dir (a temporary one unless --data-dir is given), starts
``briefing serve`` on a free 127.0.0.1 port, seeds drafts whose background is a real
cited answer from the server, measures each kind of request alone (the baseline), then
runs --clients threads for --seconds, each looping over a weighted mix of
POST /api/ask, GET /api/search, GET /api/drafts/{id} and
PUT /api/drafts/{id}/sections/background with the version it last read. A 409 from a
raced edit is the optimistic lock working: it is counted apart, and the client reads
the draft again and retries. Every other non-2xx answer or exception is an error; the
script exits 1 if there is any. Authentication is on: each client is its own analyst
with an API token, and the drafts are shared with everyone. Beside them, --draft-jobs
clients each loop over POST /api/drafts (a job: 202 at once) and follow the job to its
end; the 202's latency and the whole job's are reported, and a job that does not end
"done" is an error.

    .venv/bin/python bench/load.py [--clients 20] [--seconds 60] [--llm extractive]
                                   [--drafts 4] [--draft-jobs 2] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy.orm import Session, sessionmaker

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.accounts.users import User, UserStore  # noqa: E402
from service.answer.cite import Citation  # noqa: E402
from service.config import Settings  # noqa: E402
from service.db import make_engine, make_session_factory  # noqa: E402
from service.evals.suite import load_suite  # noqa: E402
from service.papers.access import EVERYONE, DraftAccess  # noqa: E402
from service.papers.paper import DraftRequest, Paper, Prose, Sentence  # noqa: E402
from service.papers.store import DraftStore  # noqa: E402
from tests.helpers import free_port, running_server  # noqa: E402

MAX_CLIENTS, MAX_SECONDS = 64, 600  # bounds: this is a loopback test, not a flood
MIX = {"ask": 0.2, "search": 0.35, "read": 0.3, "edit": 0.15}
DRAFT_KINDS = ("draft 202", "draft job")  # the POST's answer, and the job to its end
DRAFT_BODY = {"tasking": "How should Japan structure renewed talks with the DPRK?",
              "options": 2, "length": "short"}  # fmt: skip
SEARCHES = ["Stockholm agreement", "remains of Japanese war dead", "sanctions relief",
            "abductees recognised", "repatriation project", "missile launches over Japan",
            "Special Investigation Committee", "Japanese spouses"]  # fmt: skip
# A client that loses a race rereads and retries after a random pause (as the editor's
# autosave does); 20 clients on 4 drafts race often, so allow a few more rounds.
EDIT_RETRIES = 10


@dataclass
class Tally:
    """What the clients saw, by kind of request (shared, behind a lock)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)

    def conflict(self) -> None:
        with self.lock:
            self.conflicts += 1

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


class Client:
    """One simulated analyst: an HTTP connection and a random, reproducible mix."""

    def __init__(self, base: str, token: str | None, drafts: list[str], seed: int) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=base, headers=headers, timeout=120)
        self.drafts = drafts
        self.rng = random.Random(seed)
        self.questions = [item.question for item in load_suite(REPO / "evals" / "core.yaml")]
        self.edits = 0

    def one(self, kind: str, tally: Tally) -> None:
        """Send one request of ``kind`` and record it (edits retry after a 409)."""
        started = time.perf_counter()
        try:
            ok = getattr(self, f"_{kind}")(tally)
        except httpx.HTTPError as exc:
            tally.error(f"{kind}: {type(exc).__name__}: {exc}")
            return
        if ok:
            tally.record(kind, time.perf_counter() - started)

    def _check(self, kind: str, response: httpx.Response, tally: Tally) -> bool:
        if response.is_success:
            return True
        tally.error(f"{kind}: HTTP {response.status_code}: {response.text[:200]}")
        return False

    def _ask(self, tally: Tally) -> bool:
        body = {"question": self.rng.choice(self.questions), "k": 6}
        return self._check("ask", self.http.post("/api/ask", json=body), tally)

    def _search(self, tally: Tally) -> bool:
        params: dict[str, str | int] = {"q": self.rng.choice(SEARCHES), "k": 5}
        return self._check("search", self.http.get("/api/search", params=params), tally)

    def _read(self, tally: Tally) -> bool:
        draft = self.rng.choice(self.drafts)
        return self._check("read", self.http.get(f"/api/drafts/{draft}"), tally)

    def _edit(self, tally: Tally) -> bool:
        draft = self.rng.choice(self.drafts)
        self.edits += 1
        for _ in range(EDIT_RETRIES):
            current = self.http.get(f"/api/drafts/{draft}")
            if not self._check("edit", current, tally):
                return False
            record = current.json()
            claims = [s for s in record["paper"]["background"]["sentences"]
                      if s["kind"] == "claim"]  # fmt: skip
            note = {"text": f"Reviewed by client {id(self) % 997}, edit {self.edits}.",
                    "kind": "framing"}  # fmt: skip
            body = {"expected_version": record["version"], "sentences": [*claims, note],
                    }  # fmt: skip
            saved = self.http.put(f"/api/drafts/{draft}/sections/background", json=body)
            if saved.status_code != 409:
                return self._check("edit", saved, tally)
            tally.conflict()  # another client saved first: read again and retry
            time.sleep(self.rng.uniform(0.05, 0.3))
        tally.error(f"edit: still conflicting after {EDIT_RETRIES} tries")
        return False

    def run(self, until: float, tally: Tally) -> None:
        """Loop over the mix until the monotonic deadline."""
        kinds, weights = list(MIX), list(MIX.values())
        while time.monotonic() < until:
            self.one(self.rng.choices(kinds, weights)[0], tally)

    def draft_job(self, tally: Tally) -> None:
        """Submit a draft (202 with a job) and follow the job until it ends."""
        started = time.perf_counter()
        try:
            submitted = self.http.post("/api/drafts", json=DRAFT_BODY)
            if submitted.status_code != 202:
                tally.error(f"draft: HTTP {submitted.status_code}: {submitted.text[:200]}")
                return
            tally.record("draft 202", time.perf_counter() - started)
            location = submitted.headers["Location"]
            while (job := self.http.get(location).json())["state"] in ("queued", "running"):
                time.sleep(0.5)
        except httpx.HTTPError as exc:
            tally.error(f"draft: {type(exc).__name__}: {exc}")
            return
        if job["state"] != "done":
            tally.error(f"draft job {job['id']}: {job['state']}: {job['error'][:200]}")
            return
        tally.record("draft job", time.perf_counter() - started)

    def draft_jobs(self, until: float, tally: Tally) -> None:
        """Draft one paper after another until the deadline (the last one may end after)."""
        while time.monotonic() < until:
            self.draft_job(tally)


def _sessions(data_dir: Path) -> sessionmaker[Session]:
    settings = Settings(data_dir=data_dir, chroma_url=None, database_url=None)
    return make_session_factory(make_engine(settings.resolved_database_url))


def make_analysts(data_dir: Path, count: int) -> list[str]:
    """One analyst account per client (load00 seeds the drafts), each with an API token:
    every request goes through real token authentication."""
    users = UserStore(_sessions(data_dir))
    tokens = []
    for n in range(count):
        name = f"load{n:02d}"
        if users.active(name) is None:
            users.add(name, "analyst", secrets.token_urlsafe(18))
        tokens.append(users.issue_token(name, "bench/load.py"))
    return tokens


def seed_drafts(base: str, token: str, data_dir: Path, count: int) -> list[str]:
    """Drafts whose background is a cited answer the server gave (saved through the core
    store: generating papers would take minutes and is not what this measures), owned by
    load00 and shared with everyone so every client may read and edit them."""
    headers = {"Authorization": f"Bearer {token}"}
    sessions = _sessions(data_dir)
    store, access = DraftStore(sessions), DraftAccess(sessions)
    questions = ["When and where were the Stockholm talks held?",
                 "How many sets of remains were brought home to Japan?",
                 "What did the Special Investigation Committee do?",
                 "When did grave visits by bereaved families begin?"]  # fmt: skip
    drafts = []
    for n in range(count):
        question = questions[n % len(questions)]
        answer = httpx.post(f"{base}/api/ask", json={"question": question}, headers=headers,
                            timeout=300).raise_for_status().json()  # fmt: skip
        citations = [Citation(**{k: c[k] for k in Citation.model_fields if k in c})
                     for c in answer["citations"]]  # fmt: skip
        sentences = [Sentence(text=s["text"], citations=s["citations"])
                     for s in answer["sentences"]]  # fmt: skip
        paper = Paper(title=f"Load test draft {n + 1}", request=DraftRequest(tasking=question),
                      background=Prose(sentences=sentences), citations=citations)  # fmt: skip
        draft_id = store.create(paper, author="load00", owner="load00").draft_id
        access.share(User("load00", "analyst"), draft_id, [EVERYONE])
        drafts.append(draft_id)
    return drafts


def measure(base: str, args: argparse.Namespace, drafts: list[str]) -> tuple[Tally, Tally, float]:
    """The solo baseline (one client, each kind in turn) and the concurrent run."""
    solo, tally = Tally(), Tally()
    baseline = Client(base, args.tokens[0], drafts, seed=0)
    for kind in MIX:  # warm-up: first calls load lazily built parts (BM25, verifier)
        baseline.one(kind, Tally())
    for _ in range(args.baseline_rounds):
        for kind in MIX:
            baseline.one(kind, solo)
    if args.draft_jobs:
        baseline.draft_job(solo)  # one draft job with the server otherwise idle
    clients = [Client(base, args.tokens[n + 1], drafts, seed=n + 1) for n in range(args.clients)]
    drafters = [Client(base, args.tokens[args.clients + 1 + n], drafts, seed=100 + n)
                for n in range(args.draft_jobs)]  # fmt: skip
    started = time.monotonic()
    until = started + args.seconds
    threads = [threading.Thread(target=c.run, args=(until, tally)) for c in clients]
    threads += [threading.Thread(target=c.draft_jobs, args=(until, tally)) for c in drafters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return solo, tally, time.monotonic() - started


def report(solo: Tally, tally: Tally, elapsed: float, args: argparse.Namespace) -> None:
    """Print throughput, per-kind latency (and p95 as a multiple of the solo median)."""
    total = sum(len(v) for v in tally.latencies.values())
    print(f"{args.clients} clients + {args.draft_jobs} drafting, {elapsed:.1f} s, "
          f"llm={args.llm}: {total} requests ok, "
          f"{total / elapsed:.1f} req/s, {tally.conflicts} edit conflicts (409, retried), "
          f"{len(tally.errors)} errors")  # fmt: skip
    print(f"{'kind':8} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'solo p50':>9} {'p95/solo':>9}")
    for kind in [*MIX, *DRAFT_KINDS]:
        values = sorted(tally.latencies.get(kind, []))
        alone = statistics.median(solo.latencies[kind]) if solo.latencies.get(kind) else 0.0
        if not values:
            print(f"{kind:8} {0:6d}")
            continue
        p50, p95 = values[len(values) // 2], values[min(len(values) - 1, int(len(values) * 0.95))]
        ratio = p95 / alone if alone else float("nan")
        print(f"{kind:8} {len(values):6d} {p50 * 1e3:8.0f} {p95 * 1e3:8.0f} "
              f"{alone * 1e3:9.0f} {ratio:9.1f}")  # fmt: skip
    for message in (solo.errors + tally.errors)[:20]:
        print(f"error: {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--llm", default="extractive", choices=["extractive", "local"])
    parser.add_argument("--drafts", type=int, default=4)
    parser.add_argument("--draft-jobs", type=int, default=2, help="clients drafting papers")
    parser.add_argument("--baseline-rounds", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, help="reuse (and top up) this data dir")
    args = parser.parse_args()
    if not (1 <= args.clients <= MAX_CLIENTS and 1 <= args.seconds <= MAX_SECONDS):
        parser.error(f"--clients must be 1-{MAX_CLIENTS} and --seconds 1-{MAX_SECONDS}")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = (args.data_dir or Path(tmp) / "data").resolve()
        # Capacity, not the per-user LLM rate limit, is what this measures.
        env = {**os.environ, "BRIEFING_DATA_DIR": str(data_dir), "BRIEFING_LLM": args.llm,
               "BRIEFING_AUTH": "on", "BRIEFING_LLM_REQUESTS_PER_MINUTE": "0"}  # fmt: skip
        env.pop("BRIEFING_CHROMA_URL", None)
        env.pop("BRIEFING_DATABASE_URL", None)
        env["PYTHONPATH"] = str(REPO)  # this checkout's code, whatever is installed
        briefing = [sys.executable, "-m", "service.cli.main"]
        subprocess.run([*briefing, "ingest", "corpus", "-q"], cwd=REPO, env=env, check=True)
        args.tokens = make_analysts(data_dir, args.clients + 1 + args.draft_jobs)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [*briefing, "serve", "--host", "127.0.0.1", "--port", str(port)]
        with running_server(command, f"{base}/healthz", env=env, timeout=300):
            drafts = seed_drafts(base, args.tokens[0], data_dir, args.drafts)
            solo, tally, elapsed = measure(base, args, drafts)
        report(solo, tally, elapsed, args)
    sys.exit(1 if solo.errors or tally.errors else 0)


if __name__ == "__main__":
    main()
