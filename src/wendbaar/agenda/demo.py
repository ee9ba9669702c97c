"""An invented example wijkaanpak for Overvecht (Utrecht), marked "Voorbeeld". Idempotent.

Every organisation is invented and named "(voorbeeld)": no real organisation's name is
attached to invented commitments or money. Indicators come from the monitor catalogue
when it has been loaded (baseline from the earliest observation of the wijk), otherwise
local indicators with the same names are used. The demo partner user acts for the
invented corporatie, which owns one project (``PARTNER_PROJECT``) that the partner may
update; the other projects are read-only to the partner. The vision, goals and
indicators are dated to when they were set (February 2024), with one later change of the
agenda and its reason (March 2025: the baseline of crimes proved lower).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from wendbaar.approaches import services as approach_services
from wendbaar.approaches.models import Approach, PolicyDriver
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.coalition import services as coalition_services
from wendbaar.core.actors import SystemActor
from wendbaar.monitor.selectors import first_value, indicator_codes
from wendbaar.organisations import services as organisation_services
from wendbaar.organisations.models import Organisation

from . import services
from .constants import AgendaChangeKind
from .models import Goal, GoalIndicator, Project

DEMO = SystemActor("load_demo")

DEMO_NAME = "Voorbeeld: wijkaanpak Overvecht"
# Overvecht is wijk 03 of Utrecht (WK034403); WK034406 is Binnenstad.
DISTRICT_CODE = "WK034403"
MUNICIPALITY_CODE = "GM0344"
# The one demo project of the organisation the demo partner acts for.
PARTNER_PROJECT = "Schone en veilige portieken"
# When the vision, goals and indicators were set (after the coalition's start on 15
# January 2024), and when the police's figures corrected the baseline of crimes.
AGENDA_SET_AT = dt.datetime(2024, 2, 12, 10, 0)
BASELINE_CORRECTED_AT = dt.datetime(2025, 3, 10, 10, 0)

ORGANISATIONS = [
    ("gemeente", "Gemeente (voorbeeld)", "municipality", ""),
    ("corporatie", "Woningcorporatie (voorbeeld)", "civil_society", "housing_corporation"),
    ("welzijn", "Welzijnsorganisatie (voorbeeld)", "civil_society", "welfare"),
    ("school", "Basisschool (voorbeeld)", "civil_society", "education"),
    ("politie", "Politieteam (voorbeeld)", "civil_society", "police"),
    ("bewoners", "Bewonersplatform (voorbeeld)", "residents_organisation", ""),
    ("moestuin", "Moestuininitiatief (voorbeeld)", "residents_initiative", ""),
    ("ondernemers", "Ondernemersvereniging (voorbeeld)", "entrepreneur", ""),
]


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _indicator(
    goal,
    code: str,
    local_name: str,
    unit: str,
    target_factor: float,
    area: Area,
    *,
    estimate: float = 1.0,
):
    """A monitor indicator with its earliest observation as baseline, or a local one.

    ``estimate`` ≠ 1: the baseline was first entered as an estimate that far off the
    observation (``_corrected_baseline`` puts it right, with a reason)."""
    if code not in indicator_codes():
        return services.add_goal_indicator(
            goal=goal, name=local_name, unit=unit, polarity=-1, target_year=2032, by=DEMO
        )
    first = first_value(AnonymousUser(), indicator=code, area=area.code)
    baseline, year = first if first else (None, None)
    if baseline is not None and estimate != 1.0:
        baseline = round(baseline * estimate, 1)
    return services.add_goal_indicator(
        goal=goal,
        indicator_code=code,
        baseline_value=baseline,
        baseline_year=year,
        target_value=round(baseline * target_factor, 1) if baseline is not None else None,
        target_year=2032,
        by=DEMO,
    )


def _date_the_agenda(approach: Approach) -> None:
    """The vision, goals and indicators were set after the first wijkavonden, not on the
    day the demo is loaded: so a later change of them needs a reason, as it would."""
    when = timezone.make_aware(AGENDA_SET_AT)
    approach.visions.update(created_at=when)
    Goal.objects.filter(approach=approach).update(created_at=when)
    GoalIndicator.objects.filter(goal__approach=approach).update(created_at=when)
    approach.agenda_changes.update(created_at=when)


def _corrected_baseline(indicator: GoalIndicator, area: Area, target_factor: float) -> None:
    """The one later change of the agenda, with its reason, dated: the police's figures
    put the baseline of crimes lower than the estimate, and the target moves with it.
    (Without the monitor's catalogue the local indicator has no figures: its target
    year moves instead.)"""
    first = None
    if not indicator.is_local:
        first = first_value(AnonymousUser(), indicator=indicator.indicator_code, area=area.code)
    if first is not None:
        services.update_goal_indicator(
            indicator=indicator,
            baseline_value=first[0],
            target_value=round(first[0] * target_factor, 1),
            reason=(
                "De nulmeting was eerst een schatting; de politiecijfers per buurt kwamen "
                "lager uit. Basis en streefwaarde zijn verlaagd: het doel blijft "
                f"{round(100 * (1 - target_factor))}% minder misdrijven (voorbeeld)."
            ),
            by=DEMO,
        )
    else:
        services.update_goal_indicator(
            indicator=indicator,
            target_year=2030,
            reason=(
                "Streefjaar naar 2030: de stuurgroep legt dit doel vast op de looptijd van "
                "het veiligheidsplan van de gemeente (voorbeeld)."
            ),
            by=DEMO,
        )
    indicator.changes.filter(kind=AgendaChangeKind.INDICATOR_CHANGED).update(
        created_at=timezone.make_aware(BASELINE_CORRECTED_AT)
    )


def _partner_project(approach: Approach) -> Project | None:
    """The project of the invented corporatie, for which the demo partner acts, so that a
    partner has a project of its own to update. Idempotent: it also fills in a demo that
    was loaded before the corporatie owned a project."""
    if existing := approach.projects.filter(title=PARTNER_PROJECT).first():
        return existing
    name = next(org[1] for org in ORGANISATIONS if org[0] == "corporatie")
    corporatie = Organisation.objects.filter(municipality=approach.municipality, name=name).first()
    if corporatie is None:
        return None
    safe = approach.goals.filter(title="Een veiliger wijk").first()
    project = services.create_project(
        approach=approach,
        title=PARTNER_PROJECT,
        line=approach.lines.filter(title="Veilig en groen").first(),
        description=(
            "De corporatie knapt met bewoners de portieken op: licht, sloten en een "
            "schoonmaakrooster (voorbeeld)."
        ),
        owner_organisation=corporatie,
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2027, 12, 31),
        budget=Decimal("120000"),
        goals=[safe] if safe else [],
        themes=["housing", "safety"],
        by=DEMO,
    )
    services.add_funding(
        project=project,
        source=corporatie,
        amount=Decimal("120000"),
        year=2025,
        status="committed",
        by=DEMO,
    )
    services.change_project_status(
        project=project, status="running", on=dt.date(2025, 3, 1), by=DEMO
    )
    # A report of the partner's own, so the demo partner can correct it.
    services.report_progress(
        project=project,
        reported_on=dt.date(2025, 9, 30),
        progress_percent=25,
        narrative="De eerste twaalf portieken hebben nieuw licht en sloten (voorbeeld).",
        outputs=[{"label": "Portieken opgeknapt", "value": 12, "unit": ""}],
        by=DEMO,
    )
    return project


@transaction.atomic
def load_demo_wijkaanpak(stdout: TextIO | None = None) -> Approach | None:
    if existing := Approach.objects.filter(name=DEMO_NAME).first():
        _partner_project(existing)
        _say(stdout, f"demo wijkaanpak: {DEMO_NAME} exists")
        return existing
    municipality = Area.objects.filter(code=MUNICIPALITY_CODE).first()
    district = (
        Area.objects.filter(
            level=AreaLevel.DISTRICT, municipality_code=MUNICIPALITY_CODE, name="Overvecht"
        ).first()
        or Area.objects.filter(code=DISTRICT_CODE).first()
    )
    if municipality is None or district is None:
        _say(stdout, "demo wijkaanpak: skipped, Utrecht/Overvecht not loaded")
        return None

    orgs: dict[str, Organisation] = {}
    for key, name, kind, subtype in ORGANISATIONS:
        orgs[key] = Organisation.objects.filter(
            municipality=municipality, name=name
        ).first() or organisation_services.create_organisation(
            name=name, kind=kind, subtype=subtype, municipality=municipality, by=DEMO
        )

    approach = approach_services.create_approach(
        name=DEMO_NAME,
        summary=(
            "Een verzonnen voorbeeld: gemeente, corporatie, welzijn, school, politie en "
            "bewoners werken een generatie lang samen aan Overvecht."
        ),
        municipality=municipality,
        areas=[district],
        start_year=2024,
        end_year=2040,
        is_published=True,
        is_example=True,
        budget_holder=orgs["gemeente"],
        by=DEMO,
    )
    for item in approach.checklist.filter(
        key__in=["hard_data", "soft_data", "municipality", "civil_society", "vision", "goals"]
    ):
        approach_services.update_checklist_item(item=item, done=True, note="Voorbeeld", by=DEMO)

    # Coalition: one party left again, so the history has something to show.
    joined = dt.date(2024, 1, 15)
    roles = {
        "gemeente": "steering_group",
        "corporatie": "steering_group",
        "welzijn": "core_partner",
        "school": "partner",
        "politie": "partner",
        "bewoners": "core_partner",
        "moestuin": "initiator",
        "ondernemers": "partner",
    }
    memberships = {
        key: coalition_services.join_coalition(
            approach=approach, organisation=orgs[key], role=role, joined_on=joined, by=DEMO
        )
        for key, role in roles.items()
    }
    coalition_services.leave_coalition(
        membership=memberships["ondernemers"],
        left_on=dt.date(2025, 6, 1),
        note="Voorbeeld",
        by=DEMO,
    )
    coalition_services.add_commitment(
        approach=approach,
        organisation=orgs["corporatie"],
        kind="money",
        description="Bijdrage aan buurtbeheer en leefbaarheid",
        amount=Decimal("250000"),
        start_year=2024,
        end_year=2028,
        by=DEMO,
    )
    coalition_services.add_commitment(
        approach=approach,
        organisation=orgs["welzijn"],
        kind="hours",
        description="Opbouwwerk in de wijk",
        hours=Decimal("1600"),
        start_year=2024,
        by=DEMO,
    )
    coalition_services.add_commitment(
        approach=approach,
        organisation=orgs["school"],
        kind="other",
        description="Schoolplein na schooltijd open voor de buurt",
        start_year=2024,
        by=DEMO,
    )

    approach_services.revise_vision(
        approach=approach,
        text=(
            "Overvecht is in 2040 een wijk waar kinderen kansrijk opgroeien, bewoners werk "
            "vinden en iedereen zich veilig voelt."
        ),
        reason="Eerste versie na de wijkavonden (voorbeeld)",
        by=DEMO,
    )
    work = services.add_goal(
        approach=approach, title="Meer bewoners aan het werk", themes=["work"], by=DEMO
    )
    _indicator(
        work,
        "social_assistance_per_1000",
        "Bijstand per 1.000 inwoners",
        "per 1.000",
        0.85,
        district,
    )
    safe = services.add_goal(
        approach=approach, title="Een veiliger wijk", themes=["safety", "environment"], by=DEMO
    )
    crimes = _indicator(
        safe,
        "crimes_per_1000",
        "Misdrijven per 1.000 inwoners",
        "per 1.000",
        0.8,
        district,
        estimate=1.1,
    )
    _date_the_agenda(approach)
    _corrected_baseline(crimes, district, 0.8)

    line_work = services.add_programme_line(approach=approach, title="Werk en meedoen", by=DEMO)
    line_safe = services.add_programme_line(approach=approach, title="Veilig en groen", by=DEMO)
    drivers = {d.key: d for d in PolicyDriver.objects.filter(municipality__isnull=True)}

    werkcafe = services.create_project(
        approach=approach,
        title="Werkcafé in het wijkcentrum",
        line=line_work,
        description="Wekelijks inloopspreekuur voor werk, scholing en vrijwilligerswerk.",
        owner_organisation=orgs["welzijn"],
        start_date=dt.date(2024, 3, 1),
        end_date=dt.date(2027, 12, 31),
        budget=Decimal("180000"),
        goals=[work],
        themes=["work"],
        by=DEMO,
    )
    services.add_funding(
        project=werkcafe,
        source=orgs["gemeente"],
        amount=Decimal("100000"),
        year=2024,
        status="spent",
        by=DEMO,
    )
    services.add_funding(
        project=werkcafe,
        source=orgs["corporatie"],
        amount=Decimal("50000"),
        year=2025,
        status="committed",
        by=DEMO,
    )
    services.add_funding(
        project=werkcafe,
        source=orgs["welzijn"],
        amount=Decimal("30000"),
        year=2025,
        status="planned",
        by=DEMO,
    )
    services.change_project_status(
        project=werkcafe, status="running", on=dt.date(2024, 3, 1), by=DEMO
    )
    services.report_progress(
        project=werkcafe,
        reported_on=dt.date(2025, 6, 30),
        progress_percent=40,
        narrative="Het werkcafé draait; bewoners nemen buren mee.",
        outputs=[
            {"label": "Bezoekers", "value": 420, "unit": ""},
            {"label": "Naar werk begeleid", "value": 38, "unit": "personen"},
        ],
        by=DEMO,
    )

    moestuin = services.create_project(
        approach=approach,
        title="Buurtmoestuin",
        line=line_safe,
        description="Bewoners leggen een moestuin aan op een braakliggend veld.",
        owner_organisation=orgs["moestuin"],
        start_date=dt.date(2024, 5, 1),
        end_date=dt.date(2026, 10, 31),
        budget=Decimal("25000"),
        goals=[safe],
        themes=["cohesion", "environment", "sustainability"],
        policy_drivers=[
            drivers[k] for k in ("healthy_district", "climate_adaptation") if k in drivers
        ],
        combined_message=(
            "Een moestuin op het braakliggende veld maakt de buurt groener, gezonder en "
            "veiliger, en brengt buren samen."
        ),
        by=DEMO,
    )
    services.add_funding(
        project=moestuin,
        source=orgs["gemeente"],
        amount=Decimal("10000"),
        year=2024,
        status="spent",
        by=DEMO,
    )
    services.add_funding(
        project=moestuin,
        source=orgs["corporatie"],
        amount=Decimal("15000"),
        year=2024,
        status="spent",
        by=DEMO,
    )
    services.change_project_status(
        project=moestuin, status="running", on=dt.date(2024, 5, 1), by=DEMO
    )
    services.report_progress(
        project=moestuin,
        reported_on=dt.date(2025, 6, 30),
        progress_percent=70,
        narrative="Dertig bakken in gebruik; de politie ziet minder overlast op het veld.",
        outputs=[{"label": "Moestuinbakken", "value": 30, "unit": ""}],
        by=DEMO,
    )

    routes = services.create_project(
        approach=approach,
        title="Veilige looproutes",
        line=line_safe,
        owner_organisation=orgs["gemeente"],
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2028, 12, 31),
        budget=Decimal("300000"),
        goals=[safe],
        themes=["safety", "environment"],
        policy_drivers=[drivers["safe_district"]] if "safe_district" in drivers else [],
        by=DEMO,
    )
    services.add_funding(
        project=routes,
        source=orgs["gemeente"],
        amount=Decimal("200000"),
        year=2025,
        status="committed",
        by=DEMO,
    )
    services.add_funding(
        project=routes,
        source=orgs["corporatie"],
        amount=Decimal("100000"),
        year=2026,
        status="planned",
        by=DEMO,
    )

    # Owned by the corporatie, for which the demo partner acts (see the end).
    _partner_project(approach)

    festival = services.create_project(
        approach=approach,
        title="Zomerfestival",
        owner_organisation=orgs["bewoners"],
        start_date=dt.date(2025, 7, 1),
        end_date=dt.date(2025, 8, 31),
        budget=Decimal("8000"),
        themes=["cohesion"],
        by=DEMO,
    )
    services.add_funding(
        project=festival,
        source=orgs["gemeente"],
        amount=Decimal("8000"),
        year=2025,
        status="spent",
        by=DEMO,
    )

    services.add_money_flow(
        approach=approach,
        organisation=orgs["corporatie"],
        year=2025,
        theme="housing",
        amount=Decimal("1200000"),
        status="committed",
        description="Groot onderhoud van portiekflats (buiten de projecten)",
        by=DEMO,
    )
    services.add_money_flow(
        approach=approach,
        organisation=orgs["welzijn"],
        year=2025,
        theme="health",
        amount=Decimal("400000"),
        status="committed",
        description="Buurtteam (buiten de projecten)",
        by=DEMO,
    )

    # The demo partner acts for the invented corporatie.
    from django.contrib.auth import get_user_model

    partner = get_user_model().objects.filter(username="partner", is_demo=True).first()
    if partner is not None:
        organisation_services.link_user_to_organisation(
            user=partner, organisation=orgs["corporatie"], by=DEMO
        )
    _say(stdout, f"demo wijkaanpak: {DEMO_NAME} created")
    return approach
