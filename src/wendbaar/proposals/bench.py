"""The portfolio bench (issue 14): a wijkaanpak with 200 proposals and 150 projects, its
portfolio page rendered for a programmabureau user; server time p50/p95 against the
target p95 ≤ 150 ms. ``make bench`` runs it after the other benches::

    python -m wendbaar.proposals.bench [--proposals 200] [--projects 150] [--requests 30]

Everything happens in a throw-away database (created, migrated, dropped), or with
``--database current`` in a transaction that is rolled back. The data is written with
``bulk_create`` in realistic proportions: proposals in every step (a third of the
decided ones approved and now a project), each with three effects, cost and financing
lines, one or two goals and a buurt; projects short and long, small and large, some
follow-ups, with funding of the budget holder and of partners. The framework is the one
shipped with Wendbaar (data migration). Timing is reported, never asserted in tests.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from wendbaar.core.bench import (
    PageTiming,
    bench_client,
    make_geography,
    page_bench_main,
    run_page_bench,
    time_page,
)

TARGET_P95 = 0.150  # seconds
PROPOSALS = 200
PROJECTS = 150
REQUESTS = 30
WARM_UP = 3
CODE = "GM9902"  # not a real CBS code (the initiatives bench uses GM9901)
DISTRICTS = 3
NEIGHBOURHOODS_PER_DISTRICT = 5
GOALS = 6
PARTIES = 8
# Step → share of the proposals (of a programme a year or two under way).
STEP_SHARES = (
    ("concept", 0.08),
    ("submitted", 0.15),
    ("in_conversation", 0.17),
    ("in_assessment", 0.12),
    ("decided", 0.40),
    ("withdrawn", 0.08),
)
EFFECT_KEYS = (
    "social_cohesion",
    "positive_image",
    "access_to_services",
    "safety",
    "employment",
    "ownership",
)


# --- the data ------------------------------------------------------------------------------


def build(proposals: int = PROPOSALS, projects: int = PROJECTS, *, seed: int = 14):
    """A wijkaanpak with ``proposals`` proposals and ``projects`` projects; returns the
    programmabureau user and the wijkaanpak."""
    from django.utils import timezone

    from wendbaar.accounts.models import User
    from wendbaar.accounts.services import assign_role
    from wendbaar.agenda.models import Funding, Goal, Project
    from wendbaar.approaches import services as approach_services
    from wendbaar.areas.constants import AreaLevel
    from wendbaar.areas.models import Area
    from wendbaar.core.actors import SYSTEM
    from wendbaar.core.workdays import add_working_days
    from wendbaar.organisations import services as organisation_services

    from .models import CostLine, FinancingLine, IntendedEffect, Proposal
    from .selectors import current_for

    rng = random.Random(seed)
    gemeente, wijken, buurten = make_geography(
        Area,
        AreaLevel,
        CODE,
        "Portfoliostad",
        districts=DISTRICTS,
        per_district=NEIGHBOURHOODS_PER_DISTRICT,
    )
    parties = [
        organisation_services.create_organisation(
            name=f"Partij {i}", kind="civil_society", municipality=gemeente, by=SYSTEM
        )
        for i in range(PARTIES)
    ]
    holder = organisation_services.create_organisation(
        name="Gemeente Portfoliostad", kind="municipality", municipality=gemeente, by=SYSTEM
    )
    approach = approach_services.create_approach(
        name="Wijkaanpak Portfoliostad",
        municipality=gemeente,
        areas=wijken,
        start_year=2024,
        end_year=2034,
        budget_holder=holder,
        by=SYSTEM,
    )
    bureau = User.objects.create_user("bench-portfolio-bureau", "bureau@example.org", None)
    assign_role(user=bureau, role="programmabureau", municipality=gemeente, by=SYSTEM)
    goals = Goal.objects.bulk_create(
        Goal(approach=approach, title=f"Doel {g}", order=g) for g in range(GOALS)
    )
    framework = current_for(gemeente)
    today = timezone.localdate()

    # Projects: two in five short and small (a carousel forms), a few follow-ups.
    project_rows = []
    for i in range(projects):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 900))
        short = rng.random() < 0.4
        days = rng.randrange(60, 330) if short else rng.randrange(400, 1500)
        end = None if not short and rng.random() < 0.1 else start + dt.timedelta(days=days)
        budget = rng.randrange(3_000, 24_000) if short else rng.randrange(30_000, 400_000)
        project_rows.append(
            Project(
                approach=approach,
                title=f"Project {i}",
                start_date=start,
                end_date=end,
                budget=Decimal(budget),
                status=rng.choice(("planned", "running", "running", "completed", "stopped")),
            )
        )
    project_rows = Project.objects.bulk_create(project_rows, batch_size=500)
    for p in project_rows[100:]:
        if rng.random() < 0.3:
            p.follow_up_of = rng.choice(project_rows[:100])
    Project.objects.bulk_update(project_rows, ["follow_up_of"], batch_size=500)
    Project.goals.through.objects.bulk_create(
        Project.goals.through(project_id=p.pk, goal_id=g.pk)
        for p in project_rows
        for g in rng.sample(goals, rng.choice((0, 1, 1, 2)))
    )
    fundings = []
    for p in project_rows:
        share = Decimal(rng.choice((0, 10, 25, 40, 55))) / 100
        other = (p.budget * share).quantize(Decimal("1"))
        year = p.start_date.year
        fundings.append(
            Funding(
                project=p, source=holder, amount=p.budget - other, year=year, status="committed"
            )
        )
        if other:
            fundings.append(
                Funding(
                    project=p, source=rng.choice(parties), amount=other, year=year, status="planned"
                )
            )
    Funding.objects.bulk_create(fundings, batch_size=1000)

    # Proposals in every step; a third of the decided ones approved, each its own project.
    steps = [s for s, _share in STEP_SHARES]
    weights = [share for _s, share in STEP_SHARES]
    free_projects = iter(project_rows)
    proposal_rows = []
    for i in range(proposals):
        step = rng.choices(steps, weights)[0]
        since_day = today - dt.timedelta(days=rng.randrange(0, 60))
        since = timezone.make_aware(dt.datetime.combine(since_day, dt.time(10)))
        decision = ""
        project = None
        if step == "decided":
            decision = rng.choice(("approved", "approved", "conditions", "rejected"))
            if decision != "rejected" and rng.random() < 0.5:
                project = next(free_projects, None)
        due = None
        if step in ("submitted", "in_assessment"):
            due = add_working_days(since_day, 10 if step == "submitted" else 20)
        start = today + dt.timedelta(days=rng.randrange(-200, 300))
        proposal_rows.append(
            Proposal(
                approach=approach,
                title=f"Voorstel {i}",
                summary="Een voorstel uit de wijk.",
                step=step,
                step_since=since,
                step_due=due,
                start_date=start,
                end_date=start + dt.timedelta(days=rng.choice((120, 300, 700, 1100))),
                framework=framework if step != "concept" else None,
                submitted_at=since if step != "concept" else None,
                decision=decision,
                decision_reasons="Zo besloten." if decision else "",
                project=project,
                submitted_by=bureau,
            )
        )
    proposal_rows = Proposal.objects.bulk_create(proposal_rows, batch_size=500)
    effects, costs, financing, proposal_goals, proposal_areas = [], [], [], [], []
    for p in proposal_rows:
        for key in rng.sample(EFFECT_KEYS, 3):
            effects.append(IntendedEffect(proposal=p, effect_key=key, how="Zo."))
        amounts = [Decimal(rng.randrange(2_000, 60_000)) for _ in range(rng.randrange(1, 4))]
        costs += [CostLine(proposal=p, description="Post", amount=a) for a in amounts]
        total = sum(amounts)
        other = (total * Decimal(rng.choice((0, 20, 35, 45, 60))) / 100).quantize(Decimal("1"))
        financing.append(
            FinancingLine(proposal=p, party=holder, amount=total - other, status="expected")
        )
        if other:
            financing.append(
                FinancingLine(
                    proposal=p, party=rng.choice(parties), amount=other, status="committed"
                )
            )
        proposal_goals += [
            Proposal.goals.through(proposal_id=p.pk, goal_id=g.pk)
            for g in rng.sample(goals, rng.choice((1, 1, 2)))
        ]
        proposal_areas.append(
            Proposal.areas.through(proposal_id=p.pk, area_id=rng.choice(buurten + wijken).pk)
        )
    IntendedEffect.objects.bulk_create(effects, batch_size=1000)
    CostLine.objects.bulk_create(costs, batch_size=1000)
    FinancingLine.objects.bulk_create(financing, batch_size=1000)
    Proposal.goals.through.objects.bulk_create(proposal_goals, batch_size=1000)
    Proposal.areas.through.objects.bulk_create(proposal_areas, batch_size=1000)
    return bureau, approach


# --- the run -------------------------------------------------------------------------------


def measure(user, approach, *, requests: int = REQUESTS) -> tuple[list[float], list[float], int]:
    """Render the portfolio ``WARM_UP`` times untimed, then ``requests`` times timed."""
    from django.urls import reverse

    client = bench_client(user)
    path = reverse("proposals:portfolio", args=[approach.pk])
    return time_page(lambda: client.get(path, secure=True), requests=requests, warmup=WARM_UP)


def run(
    *,
    proposals: int = PROPOSALS,
    projects: int = PROJECTS,
    requests: int = REQUESTS,
    database: str = "throwaway",
) -> PageTiming:
    return run_page_bench(
        database,
        suffix="-portfolio",
        build=lambda: build(proposals, projects),
        measure=lambda built: measure(*built, requests=requests),  # (user, approach)
        title="Portfolio of a wijkaanpak (issue 14)",
        page="portfolio",
        data=f"{proposals:,} proposals and {projects:,} projects in one wijkaanpak",
        target_p95=TARGET_P95,
        warmup=WARM_UP,
    )


def main(argv: list[str] | None = None) -> int:
    return page_bench_main(
        __doc__, argv, run, proposals=PROPOSALS, projects=PROJECTS, requests=REQUESTS
    )


if __name__ == "__main__":
    raise SystemExit(main())
