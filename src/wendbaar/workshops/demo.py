"""The werkplaats demo: a fictional Utrecht team of five.

* Last year's werkplaats, closed: every exercise done, and a lokale werkagenda with SMART
  actions, one of them pushed into the Overvecht wijkaanpak as a project.
* This year's, open today and following up on last year's, so its screen shows how the
  sliders moved; two colleagues have placed their sliders. A newcomer joins it from a
  second browser window at ``/werkplaats/meedoen/`` with the code ``WERK26`` (README).

Idempotent: nothing is added when the team's werkplaatsen exist.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from wendbaar.accounts.models import User
from wendbaar.agenda.demo import DEMO_NAME
from wendbaar.approaches.constants import BuildingBlock as B
from wendbaar.approaches.models import Approach
from wendbaar.areas.models import Area
from wendbaar.core.actors import SystemActor

from . import services
from .constants import SLIDER_KEYS, Exercise, Status
from .models import Participant, Workshop

DEMO = SystemActor("load_demo")
TEAM = "Team wijkgericht werken Utrecht (voorbeeld)"
DEMO_CODE = "WERK26"  # the open werkplaats's code, named in the README

# (name, sliders now/target in SLIDER_KEYS order, reason for the residents' slider)
LAST_YEAR = [
    (
        "Anouk",
        [(30, 70), (40, 70), (70, 85), (55, 70), (25, 60)],
        "Veel initiatieven, weinig opvolging.",
    ),
    (
        "Bram",
        [(25, 60), (35, 65), (30, 80), (60, 70), (30, 55)],
        "Bewonersgeluid komt niet structureel binnen.",
    ),
    (
        "Chantal",
        [(40, 65), (45, 70), (75, 85), (50, 75), (35, 60)],
        "Er zijn genoeg methoden, we gebruiken ze.",
    ),
    (
        "Daan",
        [(20, 60), (30, 60), (35, 75), (20, 65), (20, 50)],
        "We luisteren, maar doen er weinig mee.",
    ),
    (
        "Emre",
        [(35, 70), (40, 75), (65, 80), (25, 60), (30, 65)],
        "Initiatieven vinden hun weg wel.",
    ),
]
THIS_YEAR = [
    ("Anouk", [(45, 70), (50, 75), (70, 85), (60, 75), (40, 65)]),
    ("Bram", [(40, 65), (45, 70), (55, 80), (65, 75), (45, 60)]),
]
# Per participant: (block, strength, tension); their first choice is the first block.
BLOCKS = [
    (B.TRUST, 2, "Partners voelen niet dezelfde urgentie als wij."),
    (B.MEANS, 2, "Er is geen gebiedsbudget: elk idee zoekt zijn eigen geld."),
    (B.GOVERNANCE, 3, ""),
    (B.VISION, 3, ""),
    (B.PROCESS_LEAD, 4, ""),
]
FIRST = [B.MEANS, B.MEANS, B.TRUST, B.MEANS, B.GOVERNANCE]
SENTENCES = [
    "Een gebiedsbudget voor bewonersinitiatieven draagt bij aan gezond opgroeien in Overvecht.",
    "Initiatieven van bewoners koppelen we aan de energietransitie van de flats.",
    "Met een vaste contactpersoon maken we de veilige wijk samen met bewoners.",
    "Een buurtcentrum met activiteiten voor kinderen voorkomt dat zij op straat afglijden.",
    "Wie meedoet in de buurt, vindt makkelijker werk: we verbinden initiatieven met werk.",
]
INNOVATION = {
    "new_knowledge": ["already", "already", "attention", "already", "already"],
    "new_doing": ["attention", "attention", "already", "attention", "attention"],
    "new_framing": ["attention", "already", "attention", "attention", "already"],
    "new_organising": ["attention", "attention", "attention", "attention", "attention"],
}
# (by, subject, competences): own strengths and what colleagues see.
PICKS = [
    ("Anouk", "Anouk", ["enthusing", "connecting", "courage"]),
    ("Bram", "Anouk", ["inspiring_colleagues", "speaks_residents_language"]),
    ("Bram", "Bram", ["practical", "hands_on"]),
    ("Chantal", "Bram", ["mood_maker"]),
    ("Chantal", "Chantal", ["careful", "organising", "structure"]),
    ("Daan", "Chantal", ["keeps_overview", "politically_sensitive"]),
    ("Daan", "Daan", ["listening", "empathy"]),
    ("Emre", "Daan", ["speaks_residents_language"]),
    ("Emre", "Emre", ["networking", "solution_oriented", "negotiating"]),
    ("Anouk", "Emre", ["mediating"]),
]


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _sliders(participant: Participant, values: list[tuple[int, int]], reason: str = "") -> None:
    for key, (now, target) in zip(SLIDER_KEYS, values, strict=True):
        services.save_slider(
            participant=participant,
            slider=key,
            now=now,
            target=target,
            reason=reason if key == "process_residents" else "",
        )


def _last_year(utrecht: Area, approach: Approach | None, facilitator: User | None) -> Workshop:
    held_on = timezone.localdate() - dt.timedelta(days=364)
    workshop = services.create_workshop(
        municipality=utrecht,
        title="Werkplaats wijkgericht werken (voorbeeld, vorig jaar)",
        team=TEAM,
        held_on=held_on,
        exercises=list(Exercise.values),
        case_title="Initiatiefnemers in Overvecht",
        case_description=(
            "Dit is een verzonnen voorbeeld. Een actieve groep bewoners komt regelmatig met "
            "ideeën, maar de ideeën worden zelden uitgewerkte initiatieven."
        ),
        approach=approach,
        by=DEMO,
    )
    if facilitator is not None:
        Workshop.objects.filter(pk=workshop.pk).update(facilitator=facilitator)
    services.move_workshop(workshop=workshop, to=Status.OPEN, by=DEMO)
    people = {}
    for (name, values, reason), first, sentence in zip(LAST_YEAR, FIRST, SENTENCES, strict=True):
        person = services.join(workshop=workshop, name=name)
        people[name] = person
        _sliders(person, values, reason)
        for block, strength, tension in BLOCKS:
            services.save_block(
                participant=person,
                block=block,
                strength=strength,
                tension=tension if name == "Daan" else "",
                first=block == first,
            )
        services.save_koppelkans(participant=person, sentence=sentence)
    for part, states in INNOVATION.items():
        for person, state in zip(people.values(), states, strict=True):
            services.save_innovation(participant=person, part=part, state=state)
    for by, subject, keys in PICKS:
        services.set_competences(participant=people[by], subject=people[subject], chosen=keys)
    services.save_agenda(
        workshop=workshop,
        by=DEMO,
        reflections={
            "internal_position": "Geen gebiedsbudget; overleg tussen domeinen kost veel tijd.",
            "process_internal": "Geen gebiedsplannen, wel een onderdeel in de jaarplannen.",
            "process_residents": "Hier zit spanning: we zien het bewonersgeluid verschillend.",
            "governance_politics": "Gebiedsgebonden bestuurders, maar geen gebiedscommissie.",
            "communication": "Geen gebiedsgerichte communicatiestrategie.",
        },
        direction=(
            "Een manier van samenwerken waarin initiatiefnemers ideeën bedenken én uitwerken. "
            "Gemeente en welzijnswerk faciliteren; rollen en verwachtingen zijn helder."
        ),
        koppelkansen="Gezond opgroeien; de energietransitie van de flats; de veilige wijk.",
        now=(
            "Een gesprek met de initiatiefnemers over wederzijdse verwachtingen; daarna kiezen "
            "we drie plannen die op korte termijn haalbaar zijn."
        ),
    )
    actions = [
        (
            "Gesprek met de initiatiefnemers over wat ieder van de ander verwacht",
            "Daan (luisteren, spreekt de taal van bewoners)",
            "Met het welzijnswerk, in het buurthuis",
            30,
            "Verwachtingen op papier, door beide kanten herkend",
        ),
        (
            "Drie haalbare plannen kiezen met de initiatiefnemers en hun begroting maken",
            "Chantal (organiseren, structuur)",
            "Met de initiatiefnemers en de wijkmanager",
            90,
            "Drie plannen gekozen, elk met een begroting en een trekker",
        ),
        (
            "Voorstel voor een gebiedsbudget voor bewonersinitiatieven aan de wethouder",
            "Emre (netwerken, onderhandelen)",
            "Met het programmabureau",
            150,
            "Het voorstel staat op de agenda van het college",
        ),
    ]
    for what, who, how, days, success in actions:
        action = services.add_action(
            workshop=workshop,
            what=what,
            who=who,
            how=how,
            when=held_on + dt.timedelta(days=days),
            success=success,
            by=DEMO,
        )
        if approach is not None and days == 90:
            services.push_action(action=action, by=DEMO)
    services.move_workshop(workshop=workshop, to=Status.CLOSED, by=DEMO)
    return workshop


def _this_year(
    utrecht: Area, approach: Approach | None, previous: Workshop, facilitator: User | None
) -> Workshop:
    workshop = services.create_workshop(
        municipality=utrecht,
        title="Werkplaats wijkgericht werken (voorbeeld, dit jaar)",
        team=TEAM,
        held_on=timezone.localdate(),
        exercises=list(Exercise.values),
        case_title="Initiatiefnemers in Overvecht, een jaar later",
        approach=approach,
        previous=previous,
        by=DEMO,
    )
    if facilitator is not None:
        Workshop.objects.filter(pk=workshop.pk).update(facilitator=facilitator)
    services.move_workshop(workshop=workshop, to=Status.OPEN, by=DEMO)
    # A known code for the README's walk-through (the demo only; real codes are random).
    if not Workshop.objects.filter(join_code=DEMO_CODE).exists():
        Workshop.objects.filter(pk=workshop.pk).update(join_code=DEMO_CODE)
    for name, values in THIS_YEAR:
        _sliders(services.join(workshop=workshop, name=name), values)
    return workshop


@transaction.atomic
def load_demo_workshops(*, stdout: TextIO | None = None) -> dict[str, int]:
    if Workshop.objects.filter(team=TEAM).exists():
        return {"workshops": 0}
    utrecht = Area.objects.filter(code="GM0344").first()
    if utrecht is None:
        _say(stdout, "demo werkplaatsen: skipped, Utrecht is not loaded")
        return {"workshops": 0}
    approach = Approach.objects.filter(name=DEMO_NAME).first()
    facilitator = User.objects.filter(username="programmabureau", is_demo=True).first()
    previous = _last_year(utrecht, approach, facilitator)
    _this_year(utrecht, approach, previous, facilitator)
    _say(
        stdout,
        "demo werkplaatsen: last year's (closed, with a werkagenda) and this year's "
        f"(open, code {DEMO_CODE})",
    )
    return {"workshops": 2}
