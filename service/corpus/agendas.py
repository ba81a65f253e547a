"""Agenda catalogue: the core and peripheral items a paper weighs (prompts/agendas.yaml)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from service.errors import BriefingError, first_problem


class Agenda(BaseModel):
    """One agenda item and the corpus tags that retrieve its evidence."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    description: str
    default_weight: float = Field(ge=0.0, le=1.0)
    tags: list[str] = Field(min_length=1)


class AgendaCatalogue(BaseModel):
    """The core agenda, the peripheral ones and tags that describe context only."""

    core: Agenda
    peripheral: list[Agenda] = Field(min_length=1)
    context_tags: list[str] = Field(default_factory=list)

    @property
    def items(self) -> list[Agenda]:
        """Core first, then the peripheral items in catalogue order."""
        return [self.core, *self.peripheral]

    def get(self, agenda_id: str) -> Agenda | None:
        """The agenda with this id, if any."""
        return next((item for item in self.items if item.id == agenda_id), None)

    @property
    def known_tags(self) -> set[str]:
        """Every tag a corpus document may carry."""
        return {tag for item in self.items for tag in item.tags} | set(self.context_tags)


def load_agendas(path: Path) -> AgendaCatalogue:
    """Read and validate the catalogue; raise ``BriefingError`` naming the file and field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        catalogue = AgendaCatalogue.model_validate(raw)
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise BriefingError(f"{path}: invalid YAML ({str(exc).splitlines()[0]})") from exc
    except ValidationError as exc:
        field, message = first_problem(exc)
        raise BriefingError(f"{path}: field '{field}': {message}") from exc
    ids = [item.id for item in catalogue.items]
    if len(set(ids)) != len(ids):
        raise BriefingError(f"{path}: agenda ids must be unique")
    return catalogue
