"""The werkplaats's writes: who may facilitate (the role-by-service matrix, nothing written
on a refusal), the road open → closed with its code, joining, and that a participant
writes only their own answers while the werkplaats is open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wendbaar.accounts.tests.factories import UserFactory
from wendbaar.agenda.models import Milestone, Project
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent
from wendbaar.workshops import services
from wendbaar.workshops.constants import JOIN_CODE_LENGTH, MAX_PARTICIPANTS, Status
from wendbaar.workshops.models import (
    AgendaAction,
    CompetencePick,
    Participant,
    SliderAnswer,
    WorkAgenda,
    Workshop,
)

from .factories import join_with_sliders, make_workshop, open_it

pytestmark = pytest.mark.django_db

# Utrecht's staff facilitate: the bureau, both wijkmanagers (a wijkmanager of one wijk is
# the gemeente's staff) and the beheerder. Partners, readers and Den Haag do not.
FACILITATORS = {
    "programmabureau",
    "wijkmanager_in",
    "wijkmanager_out",
    "beheerder",
    "superuser",
    "system",
}
EVERYONE = [
    "anonymous",
    "none",
    "lezer",
    "partner",
    "wijkmanager_in",
    "wijkmanager_out",
    "programmabureau",
    "programmabureau_den_haag",
    "beheerder",
    "superuser",
    "system",
]


def _actor(users: dict, name: str) -> Any:
    if name == "anonymous":
        return AnonymousUser()
    if name == "superuser":
        return UserFactory(is_superuser=True)
    if name == "system":
        return SYSTEM
    return users[name]


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Workshop, Participant, SliderAnswer, WorkAgenda, AgendaAction, Project)
    } | {"audit": AuditEvent.objects.count()}


SOON = dt.date(2026, 12, 20)
CASES: dict[str, Callable[[dict, Any], Any]] = {
    "create_workshop": lambda w, by: services.create_workshop(
        municipality=w["geo"]["utrecht"],
        title="Nieuw",
        held_on=SOON,
        exercises=["sliders"],
        by=by,
    ),
    "update_workshop": lambda w, by: services.update_workshop(
        workshop=w["workshop"], title="Anders", by=by
    ),
    "move_workshop": lambda w, by: services.move_workshop(workshop=w["workshop"], to="open", by=by),
    "show_exercise": lambda w, by: services.show_exercise(
        workshop=w["workshop"], exercise="blocks", by=by
    ),
    "save_agenda": lambda w, by: services.save_agenda(
        workshop=w["workshop"], direction="Samen verder", by=by
    ),
    "add_action": lambda w, by: services.add_action(
        workshop=w["workshop"],
        what="Gesprek met de initiatiefnemers over verwachtingen",
        who="Daan",
        when=SOON,
        success="Verwachtingen op papier, door beide kanten herkend",
        by=by,
    ),
    "update_action": lambda w, by: services.update_action(action=w["action"], who="Daan", by=by),
    "remove_action": lambda w, by: services.remove_action(action=w["action"], by=by),
    "remove_participant": lambda w, by: services.remove_participant(
        participant=w["participant"], by=by
    ),
}


@pytest.fixture
def world(geo, approach, users, workshop) -> dict[str, Any]:
    participant = services.join(workshop=open_it(make_workshop(geo["utrecht"])), name="Anouk")
    action = services.add_action(
        workshop=workshop,
        what="Drie haalbare plannen kiezen met de initiatiefnemers",
        who="Chantal",
        when=SOON,
        success="Drie plannen gekozen, elk met een trekker",
        by=SYSTEM,
    )
    return {"geo": geo, "workshop": workshop, "action": action, "participant": participant}


@pytest.mark.parametrize("case", sorted(CASES))
def test_only_the_gemeentes_staff_facilitate(world, users, case):
    problems = {}
    for name in EVERYONE:
        actor = _actor(users, name)
        before = _counts()
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        fresh = world | {  # what an earlier, rolled-back call changed in memory
            "workshop": Workshop.objects.get(pk=world["workshop"].pk),
            "action": AgendaAction.objects.get(pk=world["action"].pk),
            "participant": Participant.objects.get(pk=world["participant"].pk),
        }
        try:
            with transaction.atomic():
                CASES[case](fresh, actor)
                allowed = True
                named = AuditEvent.objects.filter(id__gt=last, actor_id=actor.pk).exists()
                transaction.set_rollback(True)
        except PermissionDenied:
            allowed = False
        if allowed != (name in FACILITATORS):
            problems[name] = "allowed" if allowed else "refused"
        elif allowed and name != "system" and not named:
            problems[name] = "audit event does not name the actor"
        if _counts() != before and not allowed:
            problems[name] = "wrote on refusal"
    assert problems == {}


def test_opening_gives_a_code_and_closing_ends_it(workshop, users):
    by = users["programmabureau"]
    opened = services.move_workshop(workshop=workshop, to="open", by=by)
    assert opened.status == Status.OPEN
    assert len(opened.join_code) == JOIN_CODE_LENGTH
    assert services.find_open(opened.join_code.lower()) == opened
    assert services.find_open(" ".join(opened.join_code)) == opened  # spaces forgiven
    code = opened.join_code
    closed = services.move_workshop(workshop=opened, to="closed", by=by)
    assert closed.join_code is None
    assert services.find_open(code) is None
    reopened = services.move_workshop(workshop=closed, to="open", by=by)
    assert (reopened.join_code and reopened.join_code != code) or reopened.join_code


def test_an_illegal_move_is_refused_with_a_reason(workshop, users):
    with pytest.raises(ValidationError, match="cannot become"):
        services.move_workshop(workshop=workshop, to="closed", by=users["programmabureau"])
    assert Workshop.objects.get(pk=workshop.pk).status == Status.DRAFT


def test_joining_a_closed_werkplaats_is_refused(workshop):
    with pytest.raises(ValidationError, match="closed"):
        services.join(workshop=workshop, name="Anouk")
    assert not Participant.objects.exists()


def test_a_name_is_cleaned_and_required(open_workshop):
    p = services.join(workshop=open_workshop, name="  An\u202eouk\x00  de   Vries ")
    assert p.name == "Anouk de Vries"
    with pytest.raises(ValidationError):
        services.join(workshop=open_workshop, name=" \x07 ")
    long = services.join(workshop=open_workshop, name="A" * 300)
    assert len(long.name) == 40


def test_a_full_werkplaats_takes_nobody_more(open_workshop):
    Participant.objects.bulk_create(
        [Participant(workshop=open_workshop, name=f"P{i}") for i in range(MAX_PARTICIPANTS)]
    )
    with pytest.raises(ValidationError, match="full"):
        services.join(workshop=open_workshop, name="Laatste")
    assert open_workshop.participants.count() == MAX_PARTICIPANTS


def test_answers_are_the_participants_own_and_stop_at_closing(open_workshop, users):
    anouk = join_with_sliders(open_workshop, "Anouk", {"communication": (20, 60)})
    bram = join_with_sliders(open_workshop, "Bram", {"communication": (70, 80)})
    services.save_slider(participant=anouk, slider="communication", now=30, target=65)
    assert SliderAnswer.objects.get(participant=bram).now == 70  # untouched
    assert SliderAnswer.objects.get(participant=anouk).now == 30  # overwritten, not added
    for bad in (-1, 101, "abc", None):
        with pytest.raises(ValidationError):
            services.save_slider(participant=anouk, slider="communication", now=bad, target=50)
    with pytest.raises(ValidationError):
        services.save_slider(participant=anouk, slider="nonsense", now=1, target=2)
    services.move_workshop(workshop=open_workshop, to="closed", by=users["programmabureau"])
    with pytest.raises(ValidationError, match="closed"):
        services.save_slider(participant=anouk, slider="communication", now=90, target=90)
    assert SliderAnswer.objects.get(participant=anouk).now == 30


def test_one_first_building_block_per_participant(open_workshop):
    p = services.join(workshop=open_workshop, name="Anouk")
    services.save_block(participant=p, block="trust", strength=2, first=True)
    services.save_block(participant=p, block="means", strength=1, first=True)
    assert list(p.blocks.filter(first=True).values_list("block", flat=True)) == ["means"]
    with pytest.raises(ValidationError):
        services.save_block(participant=p, block="means", strength=6)


def test_competences_only_of_people_in_the_same_werkplaats(open_workshop, geo):
    anouk = services.join(workshop=open_workshop, name="Anouk")
    bram = services.join(workshop=open_workshop, name="Bram")
    stranger = services.join(workshop=open_it(make_workshop(geo["utrecht"])), name="X")
    services.set_competences(participant=anouk, subject=bram, chosen=["listening", "empathy"])
    services.set_competences(participant=anouk, subject=bram, chosen=["listening"])
    assert list(CompetencePick.objects.values_list("competence", flat=True)) == ["listening"]
    with pytest.raises(ValidationError):
        services.set_competences(participant=anouk, subject=stranger, chosen=["listening"])
    with pytest.raises(ValidationError):
        services.set_competences(participant=anouk, subject=bram, chosen=["not-a-competence"])
    assert CompetencePick.objects.count() == 1


def test_a_vague_action_is_refused_with_the_reason(workshop, users):
    with pytest.raises(ValidationError) as refused:
        services.add_action(
            workshop=workshop,
            what="Samenwerking verbeteren",
            who="",
            when=workshop.held_on - dt.timedelta(days=1),
            success="beter",
            by=users["programmabureau"],
        )
    errors = refused.value.message_dict
    assert set(errors) == {"what", "who", "when", "success"}
    assert "Too vague" in errors["what"][0]
    assert not AgendaAction.objects.exists()


def test_pushing_an_action_makes_a_planned_project_once(workshop, users):
    by = users["programmabureau"]
    action = services.add_action(
        workshop=workshop,
        what="Drie haalbare plannen kiezen met de initiatiefnemers",
        who="Chantal",
        when=SOON,
        success="Drie plannen gekozen, elk met een trekker",
        by=by,
    )
    pushed = services.push_action(action=action, by=by)
    project = pushed.project
    assert project.approach == workshop.approach
    assert project.status == "planned" and project.end_date == SOON
    assert workshop.title in project.description
    assert Milestone.objects.get(project=project).due_date == SOON
    with pytest.raises(ValidationError, match="already"):
        services.push_action(action=pushed, by=by)
    assert Project.objects.count() == 1


def test_pushing_needs_project_rights_in_the_wijkaanpak(workshop, users):
    action = services.add_action(
        workshop=workshop,
        what="Drie haalbare plannen kiezen met de initiatiefnemers",
        who="Chantal",
        when=SOON,
        success="Drie plannen gekozen, elk met een trekker",
        by=SYSTEM,
    )
    # The wijkmanager of Binnenstad facilitates in Utrecht but plans nothing in Overvecht.
    with pytest.raises(PermissionDenied):
        services.push_action(action=action, by=users["wijkmanager_out"])
    assert not Project.objects.exists()
    assert AgendaAction.objects.get(pk=action.pk).project is None


def test_the_bench_builds_and_measures_a_small_werkplaats(db):
    """A smoke run of ``make bench``'s werkplaats step (timing is reported there, never
    asserted here): phones join through the page and their answers arrive."""
    from wendbaar.workshops import bench

    built = bench.build(3)
    assert built.workshop.participants.count() == 3
    answers, refreshes, answer_queries, refresh_queries, *_ = bench.measure(
        built, rounds=1, threads=0
    )
    assert len(answers) == len(refreshes) == 3
    assert 0 < answer_queries <= 12 and 0 < refresh_queries <= 12
    assert SliderAnswer.objects.filter(participant__workshop=built.workshop).count() == 15
