"""The options comparison matrix: options x criteria, one cited sentence per cell or an
explicit "No source".

A cell is filled from the paper's own verified claims (its prose and chronology), so it
needs no new retrieval and every cell's citation is one the paper already checked. A
sentence is a candidate for a criterion only if it says something of that kind (a DPRK
statement for "DPRK stated position", a time span for "time to first deliverable": the
``cue``); among candidates the one closest in meaning to the criterion asked of this
option wins, the option's own blocks first. "Agenda served and weight" is the service's
own scoring, shown as framing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from service.papers.archetypes import Archetype
from service.papers.paper import MatrixCell, MatrixRow, Option, Paper, Sentence, prose_paths

NO_SOURCE = "No source."


@dataclass(frozen=True)
class Criterion:
    """A matrix column: its heading, the query its evidence answers and the cue a
    sentence must carry to be about it."""

    id: str
    label: str
    query: str
    cue: re.Pattern[str]


CRITERIA = (
    Criterion("leverage", "Leverage Japan holds",
              "what Japan can offer or withhold: sanctions relief, aid, lifting measures",
              re.compile(r"\b(sanction\w*|aid|relief|lift\w*|measures?|ban\w*|offer\w*|"
                         r"withh\w+|eas\w+)\b", re.I)),
    Criterion("verification", "Verification precedent",
              "how results were verified before: access, site visits, forensic tests, documents",
              re.compile(r"\b(verif\w*|access|inspect\w*|forensic|DNA|visit\w*|documents?|"
                         r"reports?|investigat\w*|survey)\b", re.I)),
    Criterion("dprk_position", "DPRK stated position",
              "what the DPRK said, stated or insisted about this",
              re.compile(r"\b(DPRK|North Korea\w*|Pyongyang|Kim \w+)\b.*\b(said|says|stated|"
                         r"insist\w*|maintain\w*|call\w*|declared|rejected|dismissed|told|"
                         r"position|agreed|undertook|promised)\b", re.I)),
    Criterion("risk", "Main risk",
              "what went wrong: collapse, halt, failure, dissolution, missile launch",
              re.compile(r"\b(risk\w*|collaps\w*|halt\w*|fail\w*|stall\w*|dissolv\w*|"
                         r"suspend\w*|never|launch\w*|nuclear test|broke down)\b", re.I)),
    Criterion("time", "Time to first deliverable",
              "how long until the first result: weeks, months, deadlines, first report due",
              re.compile(r"\b(weeks?|months?|within|deadline|by (the )?(end|summer|autumn|"
                         r"spring|winter)|first report|target|\d+ days?)\b", re.I)),
)  # fmt: skip
AGENDA_CRITERION = "Agenda served and weight"


def agenda_cell(archetype: Archetype, weights: dict[str, float]) -> MatrixCell:
    """The option's two strongest contributions to the weighted agendas (framing)."""
    top = sorted(weights, key=lambda a: -weights[a] * archetype.scores.get(a, 0))[:2]
    parts = [f"{a} (weight {weights[a]:.2f}, score {archetype.scores.get(a, 0)})" for a in top]
    total = archetype.weighted_score(weights)
    text = f"Serves {' and '.join(parts)}; weighted total {total:.2f}."
    return MatrixCell(criterion=AGENDA_CRITERION, text=text, kind="framing")


def build_matrix(
    paper: Paper, chosen: list[Archetype], weights: dict[str, float], embedder: Embeddings
) -> list[MatrixRow]:
    """One row per option of ``paper`` (in order), one cell per criterion."""
    claims = paper_claims(paper)
    vectors = _embed(embedder, [s.text for s in claims])
    rows = []
    for i, (option, archetype) in enumerate(zip(paper.options, chosen, strict=True)):
        own = {s.text for s in _option_claims(option)}
        cells = [agenda_cell(archetype, weights)]
        used: set[str] = set()
        for criterion in CRITERIA:
            query = f"{criterion.query} ({archetype.summary.framing})"
            cell = _best_cell(criterion, query, claims, vectors, own, used, embedder)
            used.add(cell.text)
            cells.append(cell)
        rows.append(MatrixRow(option=option.name, option_path=f"options.{i}", cells=cells))
    return rows


def _best_cell(
    criterion: Criterion,
    query: str,
    claims: list[Sentence],
    vectors: np.ndarray,
    own: set[str],
    used: set[str],
    embedder: Embeddings,
) -> MatrixCell:
    candidates = [
        i for i, s in enumerate(claims) if criterion.cue.search(s.text) and s.text not in used
    ]
    if not candidates:
        return MatrixCell(criterion=criterion.label, text=NO_SOURCE, kind="none")
    target = np.asarray(embedder.embed_query(query), dtype=np.float32)
    # The option's own evidence outranks the rest of the paper's at similar closeness.
    score = {
        i: float(vectors[i] @ target) + (0.1 if claims[i].text in own else 0.0) for i in candidates
    }
    best = claims[max(candidates, key=score.__getitem__)]
    return MatrixCell(criterion=criterion.label, text=best.text, citations=best.citations)


def paper_claims(paper: Paper) -> list[Sentence]:
    """Every supported, cited claim of the paper, once, and the chronology's events."""
    seen: dict[str, Sentence] = {}
    for prose in prose_paths(paper).values():
        for s in prose.claims:
            if s.supported and s.citations:
                seen.setdefault(s.text, s)
    for entry in paper.chronology:
        seen.setdefault(entry.text, Sentence(text=entry.text, citations=entry.citations))
    return list(seen.values())


def _option_claims(option: Option) -> list[Sentence]:
    blocks = [
        option.summary,
        *(p.steps for p in option.sequencing),
        option.verification,
        option.red_lines,
        option.fallback,
        option.pros,
        option.cons,
        option.risks,
        option.indicators,
    ]
    return [s for block in blocks for s in block.claims]


def _embed(embedder: Embeddings, texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    return np.asarray(embedder.embed_documents(texts), dtype=np.float32)
