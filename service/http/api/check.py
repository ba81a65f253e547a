"""``POST /api/check``: is a sentence supported by a passage? The same JSON as
``briefing check --json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from service.http.api.schemas import CheckResult
from service.http.auth import Analyst, LLMUser
from service.http.deps import AnswererDep
from service.verify.pairs import CheckPair, check, check_all

router = APIRouter(prefix="/api")
# A request holds its worker while it embeds: larger batches belong to `briefing check --file`.
MAX_BATCH = 100


class CheckBatch(BaseModel):
    """Several pairs at once; the answer is one result per pair, in order."""

    pairs: list[CheckPair] = Field(min_length=1, max_length=MAX_BATCH)


@router.post("/check", response_model=CheckResult)
async def check_pair(
    *, body: CheckPair, answerer: AnswererDep, _analyst: Analyst, _budget: LLMUser
) -> dict[str, Any]:
    """``{"supported", "reason", "kind"}`` for one ``{"sentence", "passage"}``."""
    return await run_in_threadpool(check, answerer.verifier, body)


@router.post("/check/batch", response_model=list[CheckResult])
async def check_batch(
    *, body: CheckBatch, answerer: AnswererDep, _analyst: Analyst, _budget: LLMUser
) -> list[dict[str, Any]]:
    """One result per pair of ``{"pairs": [...]}``, in order (the ``--file`` form)."""
    return await run_in_threadpool(check_all, answerer.verifier, body.pairs)
