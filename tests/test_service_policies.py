"""Every write service checks its policy itself.

Each case calls one service directly — as a view, the API, a command or a test would —
once for every kind of actor, on a small world: Utrecht with the wijken Overvecht and
Binnenstad, and Den Haag; a wijkaanpak of Overvecht with a goal, a local indicator,
projects of the corporatie (the partner's organisation) and of the welzijnsorganisatie,
a membership, commitments and contact persons; a submitted story with a contributor.

- An actor the role grants allow must succeed, and the audit log must name it. (Each
  allowed call runs in a savepoint that is rolled back, so the next actor sees the same
  world.)
- Every other actor is refused with ``PermissionDenied`` — or, where the refusal
  depends on the area that was typed, a ``ValidationError`` with code ``out_of_scope``
  that the form shows — and every row of every table involved is as it was.

The expected actors follow the role grants (each app's ``0002_role_permissions``
migration) and the rules in each app's ``permissions.py``. A write service that is not
in ``CASES`` fails the build until it is added.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wendbaar.accounts import services as account_services
from wendbaar.accounts.tests.factories import UserFactory, grant_role
from wendbaar.agenda import services as agenda_services
from wendbaar.agenda.tests.factories import make_approach, make_geo, make_org, make_project
from wendbaar.approaches import services as approach_services
from wendbaar.coalition import services as coalition_services
from wendbaar.core.actors import SystemActor
from wendbaar.core.models import AuditEvent
from wendbaar.organisations import services as organisation_services
from wendbaar.pages import aliases as alias_services
from wendbaar.stories import services as story_services
from wendbaar.stories.tests.factories import ContributorFactory, SignalFactory, StoryFactory

pytestmark = pytest.mark.django_db

JOB = SystemActor("policy_matrix")
SYSTEM_WIDE = {"superuser", "system"}
# The programmabureau of Utrecht and the wijkmanager of Overvecht edit the wijkaanpak of
# Overvecht; the wijkmanager of Binnenstad, Den Haag's bureau, the beheerder (settings
# and roles, not the agenda), readers and partners do not.
EDITORS = {"programmabureau", "wijkmanager_in"} | SYSTEM_WIDE
# Partners change what belongs to their own organisation.
EDITORS_AND_OWNER = EDITORS | {"partner"}
# The register is per gemeente: any wijkmanager of Utrecht keeps it.
REGISTER_KEEPERS = EDITORS | {"wijkmanager_out"}
GEMEENTE_WIDE = {"programmabureau"} | SYSTEM_WIDE
BEHEERDER = {"beheerder"} | SYSTEM_WIDE
# Stories: the beheerder also moderates and sees personal data (stories 0002).
STORY_MANAGERS = EDITORS | {"beheerder"}
SIGNAL_WRITERS = STORY_MANAGERS | {"partner"}

ACTORS = [
    "anonymous",
    "none",
    "lezer",
    "partner",
    "beheerder",
    "wijkmanager_in",
    "wijkmanager_out",
    "programmabureau",
    "programmabureau_den_haag",
    "superuser",
    "system",
]

# Apps whose tables a service may write; AuditEvent is in core.
WRITTEN_APPS = [
    "areas",
    "accounts",
    "organisations",
    "approaches",
    "coalition",
    "agenda",
    "stories",
]


@dataclass(frozen=True)
class Case:
    service: Callable[..., Any]
    call: Callable[[dict[str, Any], Any], Any]  # (fresh world, by) → result
    allowed: set[str]
    label: str = ""

    @property
    def name(self) -> str:
        name = self.service.__name__
        return f"{name}[{self.label}]" if self.label else name


D = dt.date
A = approach_services
G = agenda_services
C = coalition_services
O = organisation_services  # noqa: E741
S = story_services

CASES = [
    # --- the wijkaanpak kernel --------------------------------------------------------
    Case(
        A.create_approach,
        lambda w, by: A.create_approach(
            name="Nieuw",
            municipality=w["utrecht"],
            areas=[w["overvecht"]],
            start_year=2025,
            end_year=2030,
            by=by,
        ),
        EDITORS,
    ),
    Case(
        A.update_approach,
        lambda w, by: A.update_approach(approach=w["approach"], summary="Anders", by=by),
        EDITORS,
    ),
    Case(
        A.update_approach,
        lambda w, by: A.update_approach(
            approach=w["approach"], areas=[w["overvecht"], w["binnenstad"]], by=by
        ),
        GEMEENTE_WIDE,  # Binnenstad lies outside the Overvecht wijkmanager's scope
        label="add an area",
    ),
    Case(
        A.set_approach_published,
        lambda w, by: A.set_approach_published(approach=w["approach"], published=True, by=by),
        EDITORS,
    ),
    Case(
        A.update_checklist_item,
        lambda w, by: A.update_checklist_item(item=w["checklist_item"], done=True, by=by),
        EDITORS,
    ),
    Case(
        A.add_checklist_item,
        lambda w, by: A.add_checklist_item(
            approach=w["approach"], step="agenda", label="Extra", by=by
        ),
        EDITORS,
    ),
    Case(
        A.revise_vision,
        lambda w, by: A.revise_vision(approach=w["approach"], text="v2", reason="Wijkavond", by=by),
        EDITORS,
    ),
    Case(
        A.add_policy_driver,
        lambda w, by: A.add_policy_driver(municipality=w["utrecht"], name="Eigen", by=by),
        GEMEENTE_WIDE,
    ),
    # --- the agenda -------------------------------------------------------------------
    Case(
        G.add_goal,
        lambda w, by: G.add_goal(approach=w["approach"], title="Nieuw doel", by=by),
        EDITORS,
    ),
    Case(
        G.update_goal,
        lambda w, by: G.update_goal(goal=w["goal"], title="Ander doel", by=by),
        EDITORS,
    ),
    Case(
        G.add_goal_indicator,
        lambda w, by: G.add_goal_indicator(goal=w["goal"], name="Tweede", by=by),
        EDITORS,
    ),
    Case(
        G.update_goal_indicator,
        lambda w, by: G.update_goal_indicator(indicator=w["indicator"], name="Hernoemd", by=by),
        EDITORS,
    ),
    Case(
        G.remove_goal_indicator,
        lambda w, by: G.remove_goal_indicator(indicator=w["indicator"], by=by),
        EDITORS,
    ),
    Case(
        G.record_indicator_measurement,
        lambda w, by: G.record_indicator_measurement(
            indicator=w["indicator"], year=2026, value=12, by=by
        ),
        EDITORS,
    ),
    Case(
        G.add_programme_line,
        lambda w, by: G.add_programme_line(approach=w["approach"], title="Lijn", by=by),
        EDITORS,
    ),
    Case(
        G.add_money_flow,
        lambda w, by: G.add_money_flow(
            approach=w["approach"],
            organisation=w["welzijn"],
            year=2026,
            amount=Decimal("500"),
            description="Buurtsportcoach",
            by=by,
        ),
        EDITORS,
    ),
    Case(
        G.create_project,
        lambda w, by: G.create_project(
            approach=w["approach"], title="Nieuw project", start_date=D(2026, 1, 1), by=by
        ),
        EDITORS,
    ),
    Case(
        G.update_project,
        lambda w, by: G.update_project(project=w["own_project"], title="Anders", by=by),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.update_project,
        lambda w, by: G.update_project(project=w["other_project"], title="Anders", by=by),
        EDITORS,
        label="another party's project",
    ),
    Case(
        G.change_project_status,
        lambda w, by: G.change_project_status(project=w["own_project"], status="running", by=by),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.report_progress,
        lambda w, by: G.report_progress(
            project=w["own_project"], narrative="Gestart", progress_percent=10, by=by
        ),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.report_progress,
        lambda w, by: G.report_progress(
            project=w["other_project"], narrative="Gestart", progress_percent=10, by=by
        ),
        EDITORS,
        label="another party's project",
    ),
    Case(
        G.add_milestone,
        lambda w, by: G.add_milestone(
            project=w["own_project"], title="Oplevering", due_date=D(2026, 6, 1), by=by
        ),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.complete_milestone,
        lambda w, by: G.complete_milestone(milestone=w["milestone"], by=by),
        EDITORS_AND_OWNER,
    ),
    # Corrections and removals of the agenda and the programme (A1).
    Case(
        G.remove_goal,
        lambda w, by: G.remove_goal(goal=w["goal"], reason="Dubbel", by=by),
        EDITORS,
    ),
    Case(
        G.correct_indicator_measurement,
        lambda w, by: G.correct_indicator_measurement(
            measurement=w["measurement"], value=14, by=by
        ),
        EDITORS,
    ),
    Case(
        G.withdraw_indicator_measurement,
        lambda w, by: G.withdraw_indicator_measurement(
            measurement=w["measurement"], reason="Dubbel geteld", by=by
        ),
        EDITORS,
    ),
    Case(
        G.update_programme_line,
        lambda w, by: G.update_programme_line(line=w["line"], title="Wonen en leven", by=by),
        EDITORS,
    ),
    Case(
        G.remove_programme_line,
        lambda w, by: G.remove_programme_line(line=w["line"], by=by),
        EDITORS,
    ),
    Case(
        G.update_milestone,
        lambda w, by: G.update_milestone(milestone=w["milestone"], title="Eerste schouw", by=by),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.remove_milestone,
        lambda w, by: G.remove_milestone(milestone=w["milestone"], by=by),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.correct_progress,
        lambda w, by: G.correct_progress(update=w["progress"], progress_percent=20, by=by),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.correct_progress,
        lambda w, by: G.correct_progress(update=w["other_progress"], progress_percent=20, by=by),
        EDITORS,
        label="another party's report",
    ),
    Case(
        G.withdraw_progress,
        lambda w, by: G.withdraw_progress(update=w["progress"], reason="Dubbel", by=by),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.withdraw_progress,
        lambda w, by: G.withdraw_progress(update=w["other_progress"], reason="Dubbel", by=by),
        EDITORS,
        label="another party's report",
    ),
    Case(
        G.add_funding,
        lambda w, by: G.add_funding(
            project=w["own_project"],
            source=w["corporatie"],
            amount=Decimal("1000"),
            year=2026,
            by=by,
        ),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.change_funding_status,
        lambda w, by: G.change_funding_status(funding=w["funding"], status="committed", by=by),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.update_funding,
        lambda w, by: G.update_funding(funding=w["funding"], amount=Decimal("20"), by=by),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.withdraw_funding,
        lambda w, by: G.withdraw_funding(funding=w["funding"], reason="Dubbel", by=by),
        EDITORS_AND_OWNER,
    ),
    Case(
        G.update_money_flow,
        lambda w, by: G.update_money_flow(flow=w["money_flow"], amount=Decimal("600"), by=by),
        EDITORS,
    ),
    Case(
        G.withdraw_money_flow,
        lambda w, by: G.withdraw_money_flow(flow=w["money_flow"], reason="Dubbel", by=by),
        EDITORS,
    ),
    # --- the coalition ------------------------------------------------------------------
    Case(
        C.join_coalition,
        lambda w, by: C.join_coalition(
            approach=w["approach"],
            organisation=w["bewoners"],
            role="partner",
            joined_on=D(2025, 1, 1),
            by=by,
        ),
        EDITORS,
    ),
    Case(
        C.leave_coalition,
        lambda w, by: C.leave_coalition(membership=w["membership"], left_on=D(2026, 1, 1), by=by),
        EDITORS,
    ),
    Case(
        C.change_membership_role,
        lambda w, by: C.change_membership_role(
            membership=w["membership"], role="core_partner", on=D(2026, 1, 1), by=by
        ),
        EDITORS,
    ),
    Case(
        C.add_commitment,
        lambda w, by: C.add_commitment(
            approach=w["approach"],
            organisation=w["corporatie"],
            kind="hours",
            hours=Decimal("8"),
            description="Huismeester",
            start_year=2025,
            by=by,
        ),
        EDITORS_AND_OWNER,
    ),
    Case(
        C.add_commitment,
        lambda w, by: C.add_commitment(
            approach=w["approach"],
            organisation=w["welzijn"],
            kind="hours",
            hours=Decimal("4"),
            description="Opbouwwerk",
            start_year=2025,
            by=by,
        ),
        EDITORS,
        label="for another party",
    ),
    Case(
        C.update_commitment,
        lambda w, by: C.update_commitment(commitment=w["commitment"], description="Meer", by=by),
        EDITORS_AND_OWNER,
    ),
    Case(
        C.withdraw_commitment,
        lambda w, by: C.withdraw_commitment(commitment=w["commitment"], reason="Dubbel", by=by),
        EDITORS_AND_OWNER,  # the partner withdraws its own organisation's commitments
    ),
    # --- the register of organisations ---------------------------------------------------
    Case(
        O.create_organisation,
        lambda w, by: O.create_organisation(
            name="Buurthuis", kind="civil_society", municipality=w["utrecht"], by=by
        ),
        REGISTER_KEEPERS,
    ),
    Case(
        O.update_organisation,
        lambda w, by: O.update_organisation(organisation=w["welzijn"], description="Nu", by=by),
        REGISTER_KEEPERS,
    ),
    Case(
        O.add_contact_person,
        lambda w, by: O.add_contact_person(organisation=w["welzijn"], name="Sanne", by=by),
        REGISTER_KEEPERS,
    ),
    Case(
        O.update_contact_person,
        lambda w, by: O.update_contact_person(contact=w["contact"], job_title="Coach", by=by),
        REGISTER_KEEPERS,
    ),
    Case(
        O.remove_contact_person,
        lambda w, by: O.remove_contact_person(contact=w["contact"], by=by),
        REGISTER_KEEPERS,
    ),
    Case(
        O.link_user_to_organisation,
        lambda w, by: O.link_user_to_organisation(
            user=w["newcomer"], organisation=w["welzijn"], by=by
        ),
        REGISTER_KEEPERS,
    ),
    # --- roles --------------------------------------------------------------------------
    Case(
        account_services.assign_role,
        lambda w, by: account_services.assign_role(
            user=w["newcomer"], role="lezer", municipality=w["utrecht"], by=by
        ),
        BEHEERDER,
    ),
    Case(
        account_services.revoke_role,
        lambda w, by: account_services.revoke_role(
            user=w["reader"], role="lezer", municipality=w["utrecht"], by=by
        ),
        BEHEERDER,
    ),
    Case(
        account_services.invite_user,
        lambda w, by: account_services.invite_user(
            email="nieuw@example.org",
            role="wijkmanager",
            municipality=w["utrecht"],
            districts=[w["overvecht"]],
            site_url="http://testserver",
            by=by,
        ),
        BEHEERDER,
    ),
    Case(
        account_services.deactivate_user,
        lambda w, by: account_services.deactivate_user(user=w["reader"], by=by),
        BEHEERDER,
    ),
    Case(
        account_services.reactivate_user,
        lambda w, by: account_services.reactivate_user(user=w["former"], by=by),
        BEHEERDER,
    ),
    Case(
        account_services.resend_invitation,
        lambda w, by: account_services.resend_invitation(
            user=w["invitee"], site_url="http://testserver", by=by
        ),
        BEHEERDER,
    ),
    # --- stories, signals and personal data ---------------------------------------------
    Case(
        S.moderate_story,
        lambda w, by: S.moderate_story(story=w["story"], publish=True, by=by),
        STORY_MANAGERS,
    ),
    Case(
        S.export_personal_data,
        lambda w, by: S.export_personal_data(contributor=w["contributor"], by=by),
        STORY_MANAGERS,
    ),
    Case(
        S.erase_personal_data,
        lambda w, by: S.erase_personal_data(contributor=w["contributor"], by=by),
        BEHEERDER,
    ),
    Case(
        S.create_story,
        lambda w, by: S.create_story(
            municipality=w["utrecht"],
            areas=[w["overvecht_buurt"]],
            title="Het plein",
            text="<p>Het plein is opgeknapt.</p>",
            author_kind="resident",
            collected_on=D(2026, 3, 1),
            collection_method="conversation",
            consent="public",
            by=by,
        ),
        SIGNAL_WRITERS,  # the same roles enter stories (published only by moderators)
    ),
    Case(
        S.create_signal,
        lambda w, by: S.create_signal(
            area=w["overvecht_buurt"],
            theme="safety",
            direction="concern",
            sentence="Meer overlast bij het winkelcentrum.",
            observed_on=D(2026, 3, 1),
            by=by,
        ),
        SIGNAL_WRITERS,
    ),
    # Corrections of stories and signals, organisations and commitments (S).
    Case(
        S.update_story,
        lambda w, by: S.update_story(story=w["published_story"], title="Het plein", by=by),
        STORY_MANAGERS,
    ),
    Case(
        S.withdraw_story,
        lambda w, by: S.withdraw_story(story=w["published_story"], reason="Verzoek", by=by),
        STORY_MANAGERS,
    ),
    Case(
        S.update_signal,
        lambda w, by: S.update_signal(signal=w["signal"], sentence="Minder overlast.", by=by),
        STORY_MANAGERS,  # and its author (stories/tests/test_corrections.py)
    ),
    Case(
        S.withdraw_signal,
        lambda w, by: S.withdraw_signal(signal=w["signal"], reason="Dubbel", by=by),
        STORY_MANAGERS,
    ),
    Case(
        O.remove_organisation,
        lambda w, by: O.remove_organisation(organisation=w["bewoners"], reason="Dubbel", by=by),
        REGISTER_KEEPERS,
    ),
    # --- other names of areas (search) ------------------------------------------------
    Case(
        alias_services.add_alias,
        lambda w, by: alias_services.add_alias(
            area=w["overvecht"], name="De Vecht", kind="common", by=by
        ),
        EDITORS,
    ),
    Case(
        alias_services.remove_alias,
        lambda w, by: alias_services.remove_alias(alias=w["alias"], by=by),
        EDITORS,
    ),
]


@pytest.fixture
def world():
    geo = make_geo()
    utrecht = geo["utrecht"]
    orgs = {
        "gemeente": make_org("Gemeente Utrecht", "municipality", utrecht),
        "corporatie": make_org("Woningcorporatie", "civil_society", utrecht, "housing_corporation"),
        "welzijn": make_org("Welzijnsorganisatie", "civil_society", utrecht, "welfare"),
        "bewoners": make_org("Bewonersplatform", "residents_organisation", utrecht),
    }
    approach = make_approach(geo, budget_holder=orgs["gemeente"])
    goal = G.add_goal(approach=approach, title="Werk", by=JOB)
    own = make_project(approach, "Portieken", owner_organisation=orgs["corporatie"])
    other = make_project(approach, "Werkcafé", owner_organisation=orgs["welzijn"])
    contributor = ContributorFactory()
    reader = UserFactory()
    grant_role(reader, "lezer", municipality=utrecht)
    # A user keeps at least one role: the reader also works as partner, so the lezer
    # role can be taken away.
    grant_role(reader, "partner", municipality=utrecht)
    former = UserFactory(is_active=False)
    grant_role(former, "lezer", municipality=utrecht)
    invitee = account_services.invite_user(
        email="genodigd@example.org",
        role="lezer",
        municipality=utrecht,
        site_url="http://testserver",
        by=JOB,
    )
    return {
        **geo,
        **orgs,
        "approach": approach,
        "checklist_item": approach.checklist.first(),
        "goal": goal,
        "indicator": G.add_goal_indicator(goal=goal, name="Deelnemers", by=JOB),
        "own_project": own,
        "other_project": other,
        "milestone": G.add_milestone(project=own, title="Start", due_date=D(2026, 1, 1), by=JOB),
        # A goal of its own with a measured indicator (the first goal stays removable).
        "measurement": G.record_indicator_measurement(
            indicator=G.add_goal_indicator(
                goal=G.add_goal(approach=approach, title="Ontmoeting", by=JOB),
                name="Bezoekers",
                by=JOB,
            ),
            year=2025,
            value=12,
            by=JOB,
        ),
        "line": G.add_programme_line(approach=approach, title="Wonen", by=JOB),
        "progress": G.report_progress(
            project=own, narrative="Gestart", progress_percent=10, by=JOB
        ),
        "other_progress": G.report_progress(
            project=other, narrative="Gestart", progress_percent=10, by=JOB
        ),
        "funding": G.add_funding(
            project=own, source=orgs["corporatie"], amount=Decimal("10"), year=2026, by=JOB
        ),
        "money_flow": G.add_money_flow(
            approach=approach,
            organisation=orgs["welzijn"],
            year=2026,
            amount=Decimal("500"),
            description="Buurtsportcoach",
            by=JOB,
        ),
        "membership": C.join_coalition(
            approach=approach,
            organisation=orgs["welzijn"],
            role="partner",
            joined_on=D(2024, 1, 1),
            by=JOB,
        ),
        "commitment": C.add_commitment(
            approach=approach,
            organisation=orgs["corporatie"],
            kind="money",
            description="Schoonmaak",
            amount=Decimal("5000"),
            start_year=2025,
            by=JOB,
        ),
        "contact": O.add_contact_person(organisation=orgs["welzijn"], name="Kees", by=JOB),
        "newcomer": UserFactory(),
        "reader": reader,
        "former": former,
        "invitee": invitee,
        "contributor": contributor,
        "story": StoryFactory(
            areas=[geo["overvecht_buurt"]], submitted=True, contributor=contributor
        ),
        "published_story": StoryFactory(areas=[geo["overvecht_buurt"]]),
        "signal": SignalFactory(area=geo["overvecht_buurt"]),
        "alias": alias_services.add_alias(
            area=geo["overvecht"], name="Overvecht-Noord", kind="common", by=JOB
        ),
    }


@pytest.fixture
def actors(world):
    def with_role(role: str, municipality, districts=()):
        user = UserFactory()
        grant_role(user, role, municipality=municipality, districts=districts)
        return user

    utrecht, overvecht = world["utrecht"], world["overvecht"]
    partner = with_role("partner", utrecht)
    O.link_user_to_organisation(user=partner, organisation=world["corporatie"], by=JOB)
    return {
        "anonymous": AnonymousUser(),
        "none": UserFactory(),
        "lezer": with_role("lezer", utrecht),
        "partner": partner,
        "beheerder": with_role("beheerder", utrecht),
        "wijkmanager_in": with_role("wijkmanager", utrecht, [overvecht]),
        "wijkmanager_out": with_role("wijkmanager", utrecht, [world["binnenstad"]]),
        "programmabureau": with_role("programmabureau", utrecht),
        "programmabureau_den_haag": with_role("programmabureau", world["den_haag"]),
        "superuser": UserFactory(superuser=True),
        "system": JOB,
    }


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table a service could write, m2m tables included."""
    models = [AuditEvent]
    for label in WRITTEN_APPS:
        models += apps.get_app_config(label).get_models(include_auto_created=True)
    # The base manager: withdrawn rows count too (a default manager hides them).
    return {m._meta.label: list(m._base_manager.order_by("pk").values()) for m in models}


def fresh(world: dict[str, Any]) -> dict[str, Any]:
    """The world read anew, so no actor sees another's in-memory changes."""
    return {
        key: type(obj)._default_manager.get(pk=obj.pk) if hasattr(obj, "_meta") else obj
        for key, obj in world.items()
    }


class RolledBack(Exception):
    pass


def outcome(case: Case, world: dict[str, Any], role: str, by: Any, before: dict) -> str | None:
    """None when ``by`` got what the matrix expects for ``role``, else what went wrong.
    ``before`` is every row before the call."""
    if role in case.allowed:
        return allowed_outcome(case, world, by)
    try:
        with transaction.atomic():
            case.call(fresh(world), by)
    except PermissionDenied:
        pass
    except ValidationError as exc:
        if getattr(exc, "code", None) != "out_of_scope":
            return f"refused with a validation error, not a permission error: {exc!r}"
    else:
        return "not allowed, but it went through"
    return None if snapshot() == before else "refused, but something was written"


def allowed_outcome(case: Case, world: dict[str, Any], by: Any) -> str | None:
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        with transaction.atomic():
            case.call(fresh(world), by)
            new = AuditEvent.objects.filter(pk__gt=last_event)
            if not any(names(event, by) for event in new):
                return "allowed, but the audit log does not name the actor"
            raise RolledBack
    except RolledBack:
        pass
    except (PermissionDenied, ValidationError) as exc:
        return f"allowed, but refused: {exc!r}"
    return None


def names(event: AuditEvent, by: Any) -> bool:
    if isinstance(by, SystemActor):
        return event.actor_id is None and event.detail.get("system") == by.name
    return event.actor_id == by.pk


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_actor_gets_what_the_policy_says(case, world, actors):
    before = snapshot()  # each call is refused or rolled back: this holds for every actor
    problems = {
        role: problem
        for role in ACTORS
        if (problem := outcome(case, world, role, actors[role], before)) is not None
    }
    assert problems == {}


SERVICE_MODULES = [
    account_services,
    organisation_services,
    alias_services,
    approach_services,
    coalition_services,
    agenda_services,
    story_services,
]


def test_every_write_service_with_an_actor_is_in_the_matrix():
    """A service that takes ``by`` is a write someone asks for: it needs its row above."""
    covered = {case.service for case in CASES}
    missing = [
        f"{module.__name__}.{name}"
        for module in SERVICE_MODULES
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__
        and not name.startswith("_")
        and "by" in inspect.signature(fn).parameters
        and fn not in covered
    ]
    assert missing == []


def test_by_is_required_everywhere():
    """No service can be called without saying who acts."""
    defaults = [
        f"{fn.__module__}.{fn.__name__}"
        for case in CASES
        if (fn := case.service)
        and inspect.signature(fn).parameters["by"].default is not inspect.Parameter.empty
    ]
    assert defaults == []
