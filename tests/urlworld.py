"""A small world of data and its principals, for tests that walk every URL.

``tests/test_url_matrix.py`` (every route, every principal) and ``tests/test_api_probe.py``
(schemathesis against ``openapi.yaml``) share it. Gemeente A (GM9001, Noordstad) holds
everything: a published and a draft wijkaanpak with a goal, a local and a monitor
indicator, a project of a partner organisation, a coalition membership and commitment,
a public and an internal story with a contributor, a signal, a residents' initiative, and
three project proposals of the partner (a draft, one submitted with an assessor named, one
in assessment), and three progress reports (adopted, under discussion, a draft). Gemeente
B (GM9002, Zuiddorp) has only its own beheerder, who must reach none of A's non-public
data.

Route walking reuses ``tests/test_access_declared.iter_patterns``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps

from wendbaar.accounts.tests.factories import UserFactory, grant_role
from wendbaar.agenda import services as agenda_services
from wendbaar.agenda.tests.factories import make_org, make_project
from wendbaar.approaches import services as approach_services
from wendbaar.coalition import services as coalition_services
from wendbaar.core.actors import SYSTEM
from wendbaar.initiatives import services as initiative_services
from wendbaar.monitor.stored.recompute import compute_analysis
from wendbaar.monitor.tests.factories import build_world
from wendbaar.organisations import services as organisation_services
from wendbaar.stories.tests.factories import ContributorFactory, SignalFactory, StoryFactory

GEMEENTE_A = "GM9001"
GEMEENTE_B = "GM9002"

# The principals, in the order the matrix reports them: (name, role, gemeente).
PRINCIPALS: list[tuple[str, str | None, str | None]] = [
    ("anonymous", None, None),
    ("lezer", "lezer", GEMEENTE_A),
    ("partner", "partner", GEMEENTE_A),
    ("wijkmanager", "wijkmanager", GEMEENTE_A),
    ("programmabureau", "programmabureau", GEMEENTE_A),
    ("beheerder", "beheerder", GEMEENTE_A),
    ("beheerder_b", "beheerder", GEMEENTE_B),
]


@dataclass
class UrlWorld:
    areas: dict[str, Any]
    published: Any
    draft: Any
    goal: Any
    local_indicator: Any
    monitor_indicator: Any
    project: Any
    organisation: Any
    membership: Any
    commitment: Any
    story: Any
    internal_story: Any
    contributor: Any
    signal: Any
    users: dict[str, Any] = field(default_factory=dict)
    # Records of the agenda that are corrected, withdrawn or removed (A1).
    measurement: Any = None
    line: Any = None
    milestone: Any = None
    progress: Any = None
    # Money that is corrected or withdrawn (A2).
    funding: Any = None
    money_flow: Any = None
    # A residents' initiative in wijk A1, owned by the wijkmanager, with a hand-over
    # waiting for the programme bureau (#13).
    initiative: Any = None
    handover: Any = None
    consent_request: Any = None
    # Project proposals of the partner's organisation in the published wijkaanpak (#14):
    # a draft (its author side's alone), one submitted with the wijkmanager named as its
    # first assessor, and one in assessment (the wijkmanager and an external assessor).
    proposal_draft: Any = None
    proposal_submitted: Any = None
    proposal_assessed: Any = None
    assessor: Any = None  # the wijkmanager's naming on the submitted proposal
    # Progress reports of the published wijkaanpak (#15), written by the programme bureau:
    # 2024 adopted (frozen), 2025 under discussion, 2026 a draft (its writers' alone).
    report_adopted: Any = None
    report_review: Any = None
    report_draft: Any = None
    # Werkplaatsen of gemeente A (#16), facilitated by the programme bureau: one open
    # (a participant with answers, a code) and one closed with a werkagenda action.
    workshop_open: Any = None
    workshop_closed: Any = None
    workshop_participant: Any = None
    workshop_action: Any = None


def build_url_world() -> UrlWorld:
    """Everything through the services (as the system), as the demo does."""
    built = build_world()
    compute_analysis()
    areas = built.areas
    a, wijk = areas[GEMEENTE_A], areas["WK900101"]
    published = approach_services.create_approach(
        name="Wijkaanpak Noordstad",
        municipality=a,
        areas=[wijk],
        start_year=2024,
        end_year=2034,
        is_published=True,
        by=SYSTEM,
    )
    draft = approach_services.create_approach(
        name="Concept Noordstad-Zuid",
        municipality=a,
        areas=[areas["WK900102"]],
        start_year=2024,
        end_year=2034,
        by=SYSTEM,
    )
    goal = agenda_services.add_goal(approach=published, title="Samen leven", by=SYSTEM)
    local_indicator = agenda_services.add_goal_indicator(
        goal=goal, name="Buurtgesprekken", unit="count", baseline_value=3, by=SYSTEM
    )
    monitor_indicator = agenda_services.add_goal_indicator(
        goal=goal,
        indicator_code="crimes_per_1000",
        baseline_value=30.0,
        target_value=20.0,
        by=SYSTEM,
    )
    organisation = make_org("Welzijn Noordstad", "civil_society", a, subtype="welfare")
    project = make_project(
        published, title="Buurtkamer", goals=[goal], owner_organisation=organisation
    )
    membership = coalition_services.join_coalition(
        approach=published,
        organisation=organisation,
        role="core_partner",
        joined_on=dt.date(2024, 2, 1),
        by=SYSTEM,
    )
    commitment = coalition_services.add_commitment(
        approach=published,
        organisation=organisation,
        kind="hours",
        description="Twee opbouwwerkers",
        start_year=2024,
        hours=Decimal("400"),
        by=SYSTEM,
    )
    contributor = ContributorFactory(municipality_code=GEMEENTE_A)
    story = StoryFactory(areas=[wijk], contributor=contributor)
    internal_story = StoryFactory(areas=[wijk], internal=True, contributor=contributor)
    signal = SignalFactory(area=wijk)
    world = UrlWorld(
        areas=areas,
        published=published,
        draft=draft,
        goal=goal,
        local_indicator=local_indicator,
        monitor_indicator=monitor_indicator,
        project=project,
        organisation=organisation,
        membership=membership,
        commitment=commitment,
        story=story,
        internal_story=internal_story,
        contributor=contributor,
        signal=signal,
    )
    world.measurement = agenda_services.record_indicator_measurement(
        indicator=local_indicator, year=2025, value=5, by=SYSTEM
    )
    world.line = agenda_services.add_programme_line(approach=published, title="Wonen", by=SYSTEM)
    world.milestone = agenda_services.add_milestone(
        project=project, title="Opening", due_date=dt.date(2026, 6, 1), by=SYSTEM
    )
    world.progress = agenda_services.report_progress(
        project=project, narrative="Gestart", progress_percent=10, by=SYSTEM
    )
    world.funding = agenda_services.add_funding(
        project=project, source=organisation, amount=Decimal("1000"), year=2025, by=SYSTEM
    )
    world.money_flow = agenda_services.add_money_flow(
        approach=published,
        organisation=organisation,
        year=2025,
        amount=Decimal("500"),
        description="Buurtsportcoach",
        by=SYSTEM,
    )
    for name, role, gemeente in PRINCIPALS:
        if role is None:
            continue
        user = UserFactory(username=f"probe-{name}")
        grant_role(user, role, municipality=areas[gemeente])
        world.users[name] = user
    organisation_services.link_user_to_organisation(
        user=world.users["partner"], organisation=organisation, by=SYSTEM
    )
    world.initiative = initiative_services.submit_initiative(
        municipality=a,
        area=wijk,
        title="Moestuin achter de flat",
        what="Een moestuin voor de buurt.",
        name="Probe Bewoner",
        email="bewoner@example.org",
        consent=True,
    ).initiative
    initiative_services.assign_owner(
        initiative=world.initiative,
        by=SYSTEM,
        owner=world.users["wijkmanager"],
        role="initiatiefmakelaar",
    )
    world.handover = initiative_services.offer_handover(
        initiative=world.initiative,
        by=SYSTEM,
        to_user=world.users["programmabureau"],
        reason="Budget",
    )
    world.consent_request = initiative_services.ask_consent(
        initiative=world.initiative,
        by=SYSTEM,
        kind="aim",
        new_what="Een moestuin en een kas voor de buurt.",
        reason="Dan kan het hele jaar door.",
    )
    add_proposals(world)
    add_reports(world)
    add_workshops(world)
    return world


def add_proposals(world: UrlWorld) -> None:
    """The partner's proposals, through the services as the people who would act."""
    from wendbaar.proposals import assessment_services, proposal_services
    from wendbaar.proposals.tests.factories import content

    partner, bureau = world.users["partner"], world.users["programmabureau"]
    manager = world.users["wijkmanager"]
    geo = {"overvecht_buurt": world.areas["WK900101"]}
    orgs = {"corporatie": world.organisation, "gemeente": world.organisation}

    def start(title: str):
        return proposal_services.create_proposal(
            approach=world.published,
            content=content(geo, orgs, title=title),
            organisation=world.organisation,
            by=partner,
        )

    world.proposal_draft = start("Moestuinen (concept)")
    submitted = proposal_services.submit_proposal(proposal=start("Buurtmoestuin"), by=partner)
    world.assessor = assessment_services.name_assessor(proposal=submitted, user=manager, by=bureau)
    world.proposal_submitted = submitted
    assessed = proposal_services.submit_proposal(proposal=start("Groene schoolpleinen"), by=partner)
    external = UserFactory(username="probe-beoordelaar")
    for user in (manager, external):
        assessment_services.name_assessor(proposal=assessed, user=user, by=bureau)
    world.proposal_assessed = assessment_services.start_assessment(proposal=assessed, by=bureau)


def add_reports(world: UrlWorld) -> None:
    """The bureau's reports, through the services: every chapter answered in all three."""
    from wendbaar.reports import services as report_services
    from wendbaar.reports.compose import period_of

    bureau = world.users["programmabureau"]

    def start(year: int):
        first, last = period_of(year)
        report = report_services.create_report(
            approach=world.published, period_start=first, period_end=last, by=bureau
        )
        for chapter in report.chapters.all():
            report_services.save_chapter(
                chapter=chapter,
                works=[("Het buurtgesprek loopt.", "progress_monitoring")],
                nothing_fails=True,
                by=bureau,
            )
        return report

    world.report_draft = start(2026)
    world.report_review = report_services.move_report(report=start(2025), to="review", by=bureau)
    adopted = report_services.move_report(report=start(2024), to="review", by=bureau)
    world.report_adopted = report_services.move_report(report=adopted, to="adopted", by=bureau)


def add_workshops(world: UrlWorld) -> None:
    """The bureau's werkplaatsen, through the services; a participant placed a slider."""
    import datetime as dt

    from wendbaar.workshops import services as workshop_services
    from wendbaar.workshops.constants import Exercise

    bureau = world.users["programmabureau"]
    gemeente = world.areas[GEMEENTE_A]

    def create(title: str):
        return workshop_services.create_workshop(
            municipality=gemeente,
            title=title,
            held_on=dt.date(2026, 11, 20),
            exercises=list(Exercise.values),
            approach=world.published,
            by=bureau,
        )

    closed = workshop_services.move_workshop(workshop=create("Vorig jaar"), to="open", by=bureau)
    world.workshop_action = workshop_services.add_action(
        workshop=closed,
        what="Gesprek met de initiatiefnemers over verwachtingen",
        who="Daan",
        when=dt.date(2027, 1, 15),
        success="Verwachtingen op papier, door beide kanten herkend",
        by=bureau,
    )
    world.workshop_closed = workshop_services.move_workshop(workshop=closed, to="closed", by=bureau)
    world.workshop_open = workshop_services.move_workshop(
        workshop=create("Nu"), to="open", by=bureau
    )
    world.workshop_participant = workshop_services.join(workshop=world.workshop_open, name="Anouk")
    workshop_services.save_slider(
        participant=world.workshop_participant, slider="communication", now=20, target=70
    )


# Tables that change on any request and say nothing about a write by the caller.
VOLATILE_TABLES = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


def row_counts() -> dict[str, int]:
    """Rows per model (``app_label.model``), for "a refused write changes nothing"."""
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in VOLATILE_TABLES and model._meta.managed
    }
