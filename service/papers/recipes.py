"""How each block of an options paper is written: a *recipe* per block path, run by a
section writer through the same retrieve -> compose -> cite -> verify path as Q&A
(``Answerer.respond``). Generation runs every recipe; regeneration runs one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from service.corpus.agendas import Agenda, AgendaCatalogue
from service.papers.archetypes import OPTION_FIELDS, Archetype
from service.papers.arguments import argument_test
from service.papers.paper import DraftRequest, Prose, Sentence
from service.papers.plan import (
    Plan,
    answer_sentence,
    reasoning_sentence,
    recommended_course,
    weighted_agendas,
)
from service.papers.section_writer import SectionWriter
from service.papers.sensitivity import sensitivity_sentence


@dataclass(frozen=True)
class Recipe:
    """How one block is written: a progress label, a writer call, and the gap to list
    ("No source states ...") when the corpus gives the block no verified claim."""

    label: str
    write: Callable[[SectionWriter], Prose]
    gap: str = ""


BACKGROUND = "how Japan-DPRK talks under the Stockholm Agreement broke down"
FIELD_GAPS = {
    "verification": "how {option} could be verified",
    "red_lines": "a precedent for the red lines of {option}",
    "fallback": "a precedent for the fallback of {option}",
    "pros": "what would favour {option}",
    "cons": "what would count against {option}",
    "risks": "the risks of {option}",
    "indicators": "indicators of progress under {option}",
}


def agenda_recipes(agenda: Agenda, weight: float, request: DraftRequest) -> dict[str, Recipe]:
    label, path = f"agenda {agenda.id}", f"agendas.{agenda.id}"
    recipes = {
        f"{path}.status": Recipe(
            label,
            lambda w: w.prose("agenda", agenda.description, agenda, weight, place="status"),
            f"No source states the current status of {agenda.name}.",
        )
    }
    # Light agendas get a status line only; leverage and linkage are for weighty ones.
    if weight >= (0.5 if request.length == "short" else 0.25):
        leverage = f"{agenda.name}: what Japan could offer or gain in talks"
        linkage = f"{agenda.name} and the abductions issue in the same negotiation"
        topic = agenda.name
        gaps = {
            "leverage": f"No source states what leverage Japan holds on {topic}.",
            "linkage": f"No source links {topic} to the abductions issue.",
        }
        for field, query in (("leverage", leverage), ("linkage", linkage)):
            write = partial(
                SectionWriter.prose,
                kind="agenda",
                query=query,
                agenda=agenda,
                weight=weight / 2,
                place=field,
            )
            recipes[f"{path}.{field}"] = Recipe(label, write, gaps[field])
    return recipes


def option_recipes(path: str, archetype: Archetype, request: DraftRequest) -> dict[str, Recipe]:
    label = f"option {archetype.id}"
    recipes = {f"{path}.summary": Recipe(label, lambda w: w.framed(archetype.summary))}
    for j, phase in enumerate(archetype.phases):
        recipes[f"{path}.sequencing.{j}"] = Recipe(
            label, partial(SectionWriter.framed, framed=phase)
        )
    for field in OPTION_FIELDS:
        framed = getattr(archetype, field)
        keep = argument_test(field, archetype, framed.framing)
        write = partial(SectionWriter.framed, framed=framed, keep=keep)
        gap = FIELD_GAPS[field].format(option=archetype.name)
        recipes[f"{path}.{field}"] = Recipe(label, write, f"No source states {gap}.")
    if request.constraints.strip():
        constraint = Sentence(
            text=f"Analyst constraint: {request.constraints.strip()}", kind="framing"
        )
        red_lines = recipes[f"{path}.red_lines"]
        recipes[f"{path}.red_lines"] = Recipe(
            label,
            lambda w: Prose(sentences=[constraint, *red_lines.write(w).sentences]),
            red_lines.gap,
        )
    return recipes


def background(writer: SectionWriter) -> Prose:
    """What the tasking itself is about first (the event its time frame hangs on, with its
    actors and years: "South Korea in 2025: the 2025 change of government in Seoul"; else
    the tasking itself), then how the last process broke down."""
    event = writer.tasking.event_query
    context = writer.prose("background", event, weight=0.35, timely=True) if event else Prose()
    if not context.sentences:
        context = on_the_tasking(writer, "background", 0.35)
    history = writer.prose("background", BACKGROUND, weight=0.5)
    return Prose(sentences=[*context.sentences, *history.sentences])


def on_the_tasking(writer: SectionWriter, kind: str, weight: float) -> Prose:
    """Evidence on the tasking itself, from its time frame first: with the tasking's years
    in the query only passages that state them qualify; without any such passage, the query
    drops the years. Either way sentences from the time frame lead."""
    tasking, found = writer.tasking, Prose()
    if tasking.years:
        dated = f"{tasking.focus} ({', '.join(map(str, tasking.years))})"
        found = writer.prose(kind, dated, weight=weight, timely=True)
    return (
        found if found.sentences else writer.prose(kind, tasking.focus, weight=weight, timely=True)
    )


def recommendation(writer: SectionWriter, plan: Plan, names: dict[str, str] | None = None) -> Prose:
    """The answer to the tasking, the weighted reasoning and how firm it is (the weight at
    which the recommendation changes), the fallback, then evidence."""
    framing = [
        Sentence(text=answer_sentence(plan), kind="framing"),
        Sentence(text=reasoning_sentence(plan), kind="framing"),
    ]
    if sensitivity := sensitivity_sentence(plan, names):
        framing.append(Sentence(text=sensitivity, kind="framing"))
    if len(plan.chosen) > 1:
        fallback = f"Fallback if the first course stalls: {plan.chosen[1].name}."
        framing.append(Sentence(text=fallback, kind="framing"))
    evidence = writer.prose("recommendation", plan.chosen[0].summary.query, weight=0.5)
    return Prose(sentences=[*framing, *evidence.sentences])


def bluf(writer: SectionWriter, plan: Plan, catalogue: AgendaCatalogue) -> Prose:
    """The recommendation first, in the decision's own verb, with the tasking's deadline and
    its main reason (the verified claim that bears most directly on the tasking, cited);
    then the weighted reasoning, what would change it (the sensitivity line), the agendas
    that widen the course, and further evidence."""
    weights = plan.weights
    heaviest = sorted(catalogue.peripheral, key=lambda a: -weights[a.id])[:2]
    names = " and ".join(a.name for a in heaviest if weights[a.id] > 0)
    text = f"{catalogue.core.name} stays the core goal"
    text += f", with {names} used to widen the negotiating space." if names else "."
    evidence = on_the_tasking(writer, "bluf", 0.5).sentences
    if not evidence:  # nothing on the tasking itself: the reason the course leads
        evidence = writer.prose("bluf", plan.chosen[0].summary.query, weight=0.5).sentences
    course = recommended_course(plan)
    if evidence:  # the course leads the claim that gives its main reason
        opening = [evidence[0].model_copy(update={"lead": f"{course}:"}), *evidence[1:2]]
    else:
        opening = [Sentence(text=f"{course}.", kind="framing")]
    framing = [Sentence(text=reasoning_sentence(plan), kind="framing")]
    # What would change the recommendation comes right after why it leads.
    if sensitivity := sensitivity_sentence(plan, {a.id: a.name for a in catalogue.items}):
        framing.append(Sentence(text=sensitivity, kind="framing"))
    framing.append(Sentence(text=text, kind="framing"))
    return Prose(sentences=[*opening, *framing, *evidence[2:]])


def paper_recipes(plan: Plan, catalogue: AgendaCatalogue) -> dict[str, Recipe]:
    """Every generated block of a paper by its path, in reading order: what a draft writes
    and what a regeneration of one block runs again."""
    core = catalogue.core
    recipes = {
        "bluf": Recipe("bluf", lambda w: bluf(w, plan, catalogue)),
        "background": Recipe(
            "background", background, "No source gives the background to this tasking."
        ),
        "core_assessment": Recipe(
            "core assessment",
            lambda w: w.prose("core", core.description, core, 1.0, place="status"),
            "No source states the current state of the abductions issue.",
        ),
    }
    for agenda in weighted_agendas(plan, catalogue):
        recipes |= agenda_recipes(agenda, plan.weights[agenda.id], plan.request)
    for i, archetype in enumerate(plan.chosen):
        recipes |= option_recipes(f"options.{i}", archetype, plan.request)
    names = {a.id: a.name for a in catalogue.items}
    recipes["recommendation"] = Recipe("recommendation", lambda w: recommendation(w, plan, names))
    return recipes
