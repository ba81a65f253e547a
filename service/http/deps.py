"""Dependencies routes take as keyword-only ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.answer.answerer import Answerer
from service.config import Settings
from service.corpus.index import Index
from service.papers.service import DraftService


def get_index(request: Request) -> Index:
    """The index the lifespan opened."""
    index: Index = request.app.state.index
    return index


def get_app_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def get_answerer(request: Request) -> Answerer:
    """The answerer the lifespan built."""
    answerer: Answerer = request.app.state.answerer
    return answerer


def get_drafts(request: Request) -> DraftService:
    """The drafting service the lifespan built."""
    drafts: DraftService = request.app.state.drafts
    return drafts


DraftsDep = Annotated[DraftService, Depends(get_drafts)]
AnswererDep = Annotated[Answerer, Depends(get_answerer)]
IndexDep = Annotated[Index, Depends(get_index)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
