"""The job queue: Huey, carrying job ids only (the job's row is the truth).

Embedded by default (``SqliteHuey`` in the data dir: nothing else to run); with
``BRIEFING_QUEUE_URL=redis://...`` a ``RedisHuey`` that every app server and
``briefing worker`` share. Huey does not retry: a job whose worker died is found by its
stale heartbeat (``JobStore.reap``) and enqueued again, once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from huey import RedisHuey, SqliteHuey
from huey.api import Huey, TaskWrapper
from huey.consumer import Consumer

from service.config import Settings

log = logging.getLogger(__name__)
QUEUE_NAME = "briefing-jobs"
MAX_POLL_DELAY_S = 1.0  # an idle SQLite queue is polled at least this often


def make_huey(settings: Settings) -> Huey:
    """The Huey instance the settings name (results off: outcomes live in the job rows)."""
    if settings.queue_url:
        return RedisHuey(QUEUE_NAME, url=settings.queue_url, results=False)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(QUEUE_NAME, filename=str(settings.queue_path), results=False)


class EmbeddedConsumer(Consumer):
    """A Huey consumer inside another program (``briefing serve``): it leaves the host's
    signal handlers alone (Uvicorn's, which shut the server down cleanly)."""

    def _set_signal_handlers(self) -> None:
        pass


class JobQueue:
    """Enqueue job ids; run them with ``execute`` in a consumer's worker threads."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.huey = make_huey(settings)
        self._execute: Callable[[str], None] | None = None
        self._task: TaskWrapper = self.huey.task(name="run_job")(self._run)

    def enqueue(self, job_id: str) -> None:
        """Put ``job_id`` on the queue for some worker."""
        self._task(job_id)

    def consumer(self, execute: Callable[[str], None], embedded: bool) -> Consumer:
        """A consumer of ``settings.workers`` threads that runs each id with ``execute``."""
        self._execute = execute
        kind = EmbeddedConsumer if embedded else Consumer
        return kind(
            self.huey,
            workers=self.settings.workers,
            worker_type="thread",
            periodic=False,
            max_delay=MAX_POLL_DELAY_S,
        )

    def _run(self, job_id: str) -> None:
        if self._execute is None:  # only consumers dequeue, and they set it first
            raise RuntimeError("a job was dequeued where no worker runs")
        self._execute(job_id)


def every(
    interval_s: float, action: Callable[[], object], stop: threading.Event
) -> threading.Thread:
    """Run ``action`` every ``interval_s`` until ``stop`` is set, in a daemon thread; an
    error is logged and the loop goes on (a database hiccup must not end the reaper)."""

    def loop() -> None:
        while not stop.wait(interval_s):
            try:
                action()
            except Exception:
                log.exception("periodic job action failed")

    thread = threading.Thread(target=loop, daemon=True, name="briefing-jobs-periodic")
    thread.start()
    return thread
