"""Reads of werkplaatsen: the facts each exercise's results are computed from (pure rules
in ``analysis.py``), for the shared screen, the werkagenda and the exports alike.

Each exercise's view costs a fixed number of queries whatever the number of participants
(the screen is polled every few seconds by a projector while forty phones answer)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from wendbaar.approaches.constants import BuildingBlock

from . import analysis, competences
from .constants import INNOVATION_KEYS, SLIDER_KEYS
from .models import (
    BlockAnswer,
    CompetencePick,
    InnovationAnswer,
    KoppelkansAnswer,
    Participant,
    SliderAnswer,
    Workshop,
)
from .permissions import WorkshopPolicy


def workshops_for(user: Any) -> models.QuerySet[Workshop]:
    return (
        WorkshopPolicy()
        .instances_for(user, "view")
        .select_related("municipality", "approach", "facilitator")
        .annotate(participant_count=models.Count("participants"))
    )


def participants(workshop: Workshop) -> list[Participant]:
    return list(workshop.participants.order_by("joined_at", "id"))


def slider_facts(workshop: Workshop) -> list[analysis.SliderAnswer]:
    return [
        analysis.SliderAnswer(participant=p, slider=s, now=n, target=t)
        for p, s, n, t in SliderAnswer.objects.filter(participant__workshop=workshop)
        .order_by("participant_id", "slider")
        .values_list("participant_id", "slider", "now", "target")
    ]


@dataclass(frozen=True)
class SliderView:
    results: list[analysis.SliderResult]
    rows: dict[str, list[tuple[int, int]]]  # per slider: (now, target) of each participant
    tension: list[str]  # analysis.most_tension
    team_profile: analysis.Profile | None
    profile_counts: dict[str, int]
    answered: int  # participants who placed at least one slider
    previous: Workshop | None = None
    movement: dict[str, float | None] = field(default_factory=dict)
    previous_medians: dict[str, float | None] = field(default_factory=dict)


def slider_view(workshop: Workshop) -> SliderView:
    facts = slider_facts(workshop)
    results = analysis.slider_results(facts, SLIDER_KEYS)
    rows: dict[str, list[tuple[int, int]]] = {key: [] for key in SLIDER_KEYS}
    for fact in facts:
        rows[fact.slider].append((fact.now, fact.target))
    previous = workshop.previous
    movement: dict[str, float | None] = {}
    previous_medians: dict[str, float | None] = {}
    if previous is not None:
        earlier = analysis.slider_results(slider_facts(previous), SLIDER_KEYS)
        movement = analysis.movement(earlier, results)
        previous_medians = {r.slider: r.now.median for r in earlier}
    return SliderView(
        results=results,
        rows=rows,
        tension=analysis.most_tension(results),
        team_profile=analysis.team_profile(facts, SLIDER_KEYS),
        profile_counts=analysis.profile_counts(facts, SLIDER_KEYS),
        answered=len({f.participant for f in facts}),
        previous=previous,
        movement=movement,
        previous_medians=previous_medians,
    )


def reasons(workshop: Workshop) -> dict[str, list[tuple[str, str]]]:
    """Per slider, the reasons given: (first name, reason). Names are for the facilitator
    and the werkagenda; the shared screen shows them only when the group chose names."""
    out: dict[str, list[tuple[str, str]]] = {key: [] for key in SLIDER_KEYS}
    for slider, name, reason in (
        SliderAnswer.objects.filter(participant__workshop=workshop)
        .exclude(reason="")
        .order_by("slider", "participant__joined_at", "id")
        .values_list("slider", "participant__name", "reason")
    ):
        out[slider].append((name, reason))
    return out


@dataclass(frozen=True)
class BlockView:
    ranking: list[analysis.BlockResult]
    tensions: dict[str, list[tuple[str, str]]]  # block → (first name, tension)
    answered: int


def block_view(workshop: Workshop) -> BlockView:
    rows = list(
        BlockAnswer.objects.filter(participant__workshop=workshop)
        .order_by("participant__joined_at", "id")
        .values_list("participant_id", "participant__name", "block", "strength", "first", "tension")
    )
    facts = [analysis.BlockAnswer(p, b, s, f) for p, _n, b, s, f, _t in rows]
    tensions: dict[str, list[tuple[str, str]]] = {b: [] for b in BuildingBlock.values}
    for _p, name, block, _s, _f, tension in rows:
        if tension:
            tensions[block].append((name, tension))
    return BlockView(
        ranking=analysis.block_ranking(facts, BuildingBlock.values),
        tensions=tensions,
        answered=len({r[0] for r in rows}),
    )


@dataclass(frozen=True)
class KoppelkansView:
    sentences: list[tuple[str, str, list[str]]]  # first name, sentence, driver names
    drivers: list[tuple[str, int]]  # driver name, how many sentences name it; most first


def koppelkansen_view(workshop: Workshop) -> KoppelkansView:
    answers = (
        KoppelkansAnswer.objects.filter(participant__workshop=workshop)
        .select_related("participant")
        .prefetch_related("drivers")
        .order_by("participant__joined_at", "id")
    )
    sentences = [
        (a.participant.name, a.sentence, sorted(d.name for d in a.drivers.all())) for a in answers
    ]
    counts = Counter(name for _n, _s, names in sentences for name in names)
    return KoppelkansView(
        sentences=sentences,
        drivers=sorted(counts.items(), key=lambda item: (-item[1], item[0])),
    )


@dataclass(frozen=True)
class InnovationView:
    counts: list[tuple[str, int, int]]  # part, already, attention
    notes: dict[str, list[tuple[str, str, str]]]  # part → (first name, state, note)
    answered: int


def innovation_view(workshop: Workshop) -> InnovationView:
    rows = list(
        InnovationAnswer.objects.filter(participant__workshop=workshop)
        .order_by("participant__joined_at", "id")
        .values_list("participant_id", "participant__name", "part", "state", "note")
    )
    notes: dict[str, list[tuple[str, str, str]]] = {key: [] for key in INNOVATION_KEYS}
    for _p, name, part, state, note in rows:
        if note:
            notes[part].append((name, state, note))
    return InnovationView(
        counts=analysis.innovation_counts(
            [analysis.InnovationAnswer(p, part, state) for p, _n, part, state, _note in rows],
            INNOVATION_KEYS,
        ),
        notes=notes,
        answered=len({r[0] for r in rows}),
    )


@dataclass(frozen=True)
class CompetenceView:
    names: dict[int, str]  # participant id → first name
    people: list[analysis.PersonCompetences]
    team: analysis.TeamCompetences


def competence_view(workshop: Workshop) -> CompetenceView:
    people = participants(workshop)
    picks = [
        analysis.Pick(by=b, subject=s, competence=c)
        for b, s, c in CompetencePick.objects.filter(subject__workshop=workshop).values_list(
            "by_id", "subject_id", "competence"
        )
    ]
    persons = analysis.person_competences(picks, competences.KIND_OF, [p.pk for p in people])
    return CompetenceView(
        names={p.pk: p.name for p in people},
        people=persons,
        team=analysis.team_competences(persons, [t.key for t in competences.BEST_PERSON_TYPES]),
    )


def own_answers(participant: Participant) -> dict[str, Any]:
    """What one participant entered, to fill their own forms again."""
    koppelkans = KoppelkansAnswer.objects.filter(participant=participant).first()
    return {
        "sliders": {a.slider: a for a in participant.sliders.all()},
        "blocks": {a.block: a for a in participant.blocks.all()},
        "innovation": {a.part: a for a in participant.innovation.all()},
        "koppelkans": koppelkans,
        "drivers": set(koppelkans.drivers.values_list("pk", flat=True)) if koppelkans else set(),
        "picks": {
            (p.subject_id, p.competence) for p in CompetencePick.objects.filter(by=participant)
        },
    }
