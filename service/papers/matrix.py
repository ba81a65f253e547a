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
from service.papers.bearing import Bearing
from service.papers.blocks import prose_paths
from service.papers.paper import MatrixCell, MatrixRow, Option, Paper, Sentence
from service.papers.repeats import ClaimLedger

NO_SOURCE = "No source."
_PHASE = re.compile(r"^\s*Phase\s+\d+\s*:\s*", re.I)


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
              # A span to a result ("within three weeks", "a deadline"), not any "month".
              re.compile(r"\b(within (?:a |one |two |three |six |\d+ )?(?:days?|weeks?|months?|"
                         r"years?)|(?:one|two|three|four|six|\d+) (?:days?|weeks?|months?)|"
                         r"deadlines?|timetable|schedul\w+|by (the )?(end|summer|autumn|spring|"
                         r"winter)|first report|target date)\b", re.I)),
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
    paper: Paper,
    chosen: list[Archetype],
    weights: dict[str, float],
    embedder: Embeddings,
    bearing: Bearing | None = None,
) -> list[MatrixRow]:
    """One row per option of ``paper`` (in order), one cell per criterion, filled column by
    column so that a column compares: no two options show the same claim; with ``bearing``,
    only a claim that bears on the criterion asked of the option (read as a cell is
    taken: a paper reads a few dozen pairs, not every candidate)."""
    claims = paper_claims(paper)
    vectors = _embed(embedder, [s.text for s in claims])
    owns = [{s.text for s in _option_claims(o)} for o in paper.options]
    taken: list[set[str]] = [set() for _ in chosen]  # a claim once per row, too
    columns = [[agenda_cell(a, weights) for a in chosen]]
    for criterion in CRITERIA:
        scores = _scores(criterion, chosen, claims, vectors, owns, embedder)
        column = _column(criterion, chosen, claims, scores, taken, embedder, bearing)
        for i, cell in enumerate(column):
            taken[i].add(cell.text)
        columns.append(column)
    rows = [
        MatrixRow(option=option.name, option_path=f"options.{i}", cells=[c[i] for c in columns])
        for i, option in enumerate(paper.options)
    ]
    return compare_columns(rows, chosen, embedder)


def _scores(
    criterion: Criterion,
    chosen: list[Archetype],
    claims: list[Sentence],
    vectors: np.ndarray,
    owns: list[set[str]],
    embedder: Embeddings,
) -> list[dict[int, float]]:
    """Per option, each fitting claim's closeness to the criterion asked of that option."""
    candidates = [i for i, s in enumerate(claims) if criterion.cue.search(s.text)]
    found = []
    for archetype, own in zip(chosen, owns, strict=True):
        query = f"{criterion.query} ({archetype.summary.framing})"
        target = np.asarray(embedder.embed_query(query), dtype=np.float32)
        # The option's own evidence outranks the rest of the paper's at similar closeness.
        found.append(
            {
                i: float(vectors[i] @ target) + (0.1 if claims[i].text in own else 0.0)
                for i in candidates
            }
        )
    return found


def _column(
    criterion: Criterion,
    chosen: list[Archetype],
    claims: list[Sentence],
    scores: list[dict[int, float]],
    taken: list[set[str]],
    embedder: Embeddings,
    bearing: Bearing | None = None,
) -> list[MatrixCell]:
    """The column's cells: the closest (option, claim) pairs first, each claim (and each
    restatement of it) to one option only; an option whose fitting claims all went to
    others says how it differs, one with none fitting says "No source."."""
    pairs = sorted(
        ((score, i, c) for i, by_claim in enumerate(scores) for c, score in by_claim.items()),
        reverse=True,
    )
    cells: dict[int, MatrixCell] = {}
    holders: list[tuple[int, str]] = []  # (option, claim text) already in the column
    ledger = ClaimLedger(embedder)
    for _, i, c in pairs:
        text = claims[c].text
        if i in cells or text in taken[i] or ledger.is_repeat(text):
            continue
        if not _bears(bearing, criterion, chosen[i].name, text):
            continue
        ledger.add(text)
        holders.append((i, text))
        cells[i] = MatrixCell(criterion=criterion.label, text=text, citations=claims[c].citations)
    for i in range(len(chosen)):
        if i in cells:
            continue
        ranked = sorted(scores[i], key=scores[i].__getitem__, reverse=True)
        holder = next((_holder(holders, claims[c].text, embedder) for c in ranked), None)
        cells[i] = (
            difference_cell(criterion.label, chosen[i], chosen[holder])
            if holder is not None
            else MatrixCell(criterion=criterion.label, text=NO_SOURCE, kind="none")
        )
    return [cells[i] for i in range(len(chosen))]


def _bears(bearing: Bearing | None, criterion: Criterion, option: str, text: str) -> bool:
    if bearing is None:
        return True
    question = bearing.question("criterion", criterion.id, option)
    return question is None or bearing.keep("criterion", question, [text])[0]


def _holder(holders: list[tuple[int, str]], text: str, embedder: Embeddings) -> int | None:
    """The option whose cell in the column shows ``text`` or restates it, if any."""
    for option, shown in holders:
        if shown == text or ClaimLedger(embedder, [shown]).is_repeat(text):
            return option
    return None


def difference_cell(label: str, archetype: Archetype, other: Archetype) -> MatrixCell:
    """For an option whose evidence on ``label`` is the claim ``other``'s cell shows: how
    the option's own course differs (its framing), or plainly "No difference"."""
    criterion = next((c for c in CRITERIA if c.label == label), None)
    approach = _approach(criterion.id, archetype) if criterion else ""
    text = f"No difference from {other.name} on the evidence"
    text += f"; this option differs in approach: {approach}" if approach else "."
    return MatrixCell(criterion=label, text=text, kind="framing")


def _approach(criterion_id: str, archetype: Archetype) -> str:
    """The first sentence of the archetype's own framing for the criterion, if it has one."""
    first_phase = archetype.phases[0]
    framed = {
        "leverage": archetype.red_lines.framing,
        "verification": archetype.verification.framing,
        "risk": archetype.risks.framing,
        "time": f"its first step is {_PHASE.sub('', first_phase.name).strip().lower()}.",
    }.get(criterion_id, "")
    return re.split(r"(?<=[.!?])\s+", framed.strip(), maxsplit=1)[0]


def compare_columns(
    rows: list[MatrixRow], chosen: list[Archetype], embedder: Embeddings
) -> list[MatrixRow]:
    """``rows`` with every claim cell that restates another option's cell in its column
    (the same text, or the same claim by the paper's repeat test) replaced by a cell saying
    how the option differs: whatever filled the matrix (rules or a chat model)."""
    for c in range(max((len(r.cells) for r in rows), default=0)):
        holders: list[tuple[int, str]] = []
        for i, row in enumerate(rows):
            cell = row.cells[c] if c < len(row.cells) else None
            if cell is None or cell.kind != "claim":
                continue
            holder = _holder(holders, cell.text, embedder)
            if holder is None:
                holders.append((i, cell.text))
            else:
                row.cells[c] = difference_cell(cell.criterion, chosen[i], chosen[holder])
    return rows


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
