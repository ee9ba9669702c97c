"""The initiatives dashboard bench (issue 13): a gemeente with 5,000 initiatives, the
dashboard rendered for a programmabureau user; server time p50/p95 against the target
p95 ≤ 150 ms. ``make bench`` runs it after the monitor's bench::

    python -m wendbaar.initiatives.bench [--initiatives 5000] [--requests 30]

Everything happens in a throw-away database (created, migrated, dropped), or with
``--database current`` in a transaction that is rolled back. The data is written with
``bulk_create`` in realistic proportions: every state, a trail of events, hand-overs
(a few initiatives handed over more than twice), support and rule conflicts.
Timing is reported, never asserted in tests.
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
INITIATIVES = 5_000
REQUESTS = 30
WARM_UP = 3
CODE = "GM9901"  # not a real CBS code: never mixed up with a real gemeente
DISTRICTS = 10
NEIGHBOURHOODS_PER_DISTRICT = 6
STAFF = 12
DEPARTMENTS = (
    "Verkeer",
    "Vergunningen",
    "Openbare ruimte",
    "Groen",
    "Vastgoed",
    "Subsidies",
    "Juridische zaken",
    "Evenementen",
)
# Status → share of the initiatives (of a gemeente a year or more into the promise).
STATUS_SHARES = (
    ("received", 0.06),
    ("owner_known", 0.09),
    ("in_conversation", 0.25),
    ("supported", 0.15),
    ("realised", 0.25),
    ("stopped", 0.10),
    ("not_possible", 0.10),
)
CLOSED = {"realised", "stopped", "not_possible"}


# --- the data ------------------------------------------------------------------------------


def _aware(day: dt.date, rng: random.Random) -> dt.datetime:
    from django.utils import timezone

    moment = dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60)))
    return timezone.make_aware(moment)


def build(count: int = INITIATIVES, *, seed: int = 13):
    """A gemeente with ``count`` initiatives; returns the programmabureau user."""
    from django.utils import timezone

    from wendbaar.accounts.models import User
    from wendbaar.accounts.services import assign_role
    from wendbaar.areas.constants import AreaLevel
    from wendbaar.areas.models import Area
    from wendbaar.core.actors import SYSTEM
    from wendbaar.core.workdays import add_working_days

    from .constants import EventKind, HandOverState, Source, SupportKind
    from .models import HandOver, Initiative, InitiativeEvent, RuleConflict, Support

    rng = random.Random(seed)
    gemeente, wijken, buurten = make_geography(
        Area,
        AreaLevel,
        CODE,
        "Benchstad",
        districts=DISTRICTS,
        per_district=NEIGHBOURHOODS_PER_DISTRICT,
    )
    places = wijken + buurten * 3  # most initiatives name a buurt
    bureau = User.objects.create_user("bench-programmabureau", "bureau@example.org", None)
    assign_role(user=bureau, role="programmabureau", municipality=gemeente, by=SYSTEM)
    staff = [
        User.objects.create_user(f"bench-staff-{i}", f"staff{i}@example.org", None)
        for i in range(STAFF)
    ]
    for i, user in enumerate(staff):
        assign_role(
            user=user,
            role="wijkmanager",
            municipality=gemeente,
            districts=[wijken[i % DISTRICTS]],
            by=SYSTEM,
        )

    today = timezone.localdate()
    statuses = [s for s, _share in STATUS_SHARES]
    weights = [share for _s, share in STATUS_SHARES]
    initiatives = []
    for i in range(count):
        status = rng.choices(statuses, weights)[0]
        # New ones are recent (a few overdue); the rest spread over a year and a half.
        age = rng.randrange(0, 20) if status == "received" else rng.randrange(15, 540)
        received_on = today - dt.timedelta(days=age)
        received_at = _aware(received_on, rng)
        has_owner = status != "received" and not (status in CLOSED and rng.random() < 0.05)
        owner_on = add_working_days(received_on, rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 6, 9)))
        answered = status not in ("received", "owner_known") or rng.random() < 0.3
        answer_on = add_working_days(owner_on, rng.choice((1, 2, 3, 4, 5, 6, 8, 10, 14, 20)))
        closed_on = answer_on + dt.timedelta(days=rng.randrange(10, 200))
        closed = status in CLOSED and closed_on <= today
        initiatives.append(
            Initiative(
                municipality_code=CODE,
                area=rng.choice(places),
                title=f"Initiatief {i}",
                what="Een idee van bewoners voor hun straat.",
                themes=["environment"],
                asks=["money"],
                source=Source.PUBLIC_FORM,
                status=status if (status not in CLOSED or closed) else "supported",
                owner=rng.choice(staff) if has_owner else None,
                owner_role="initiatiefmakelaar" if has_owner else "",
                received_at=received_at,
                triage_due=add_working_days(received_on, 3),
                answer_due=add_working_days(received_on, 10),
                owner_assigned_at=_aware(owner_on, rng) if has_owner else None,
                first_answer_at=_aware(answer_on, rng) if answered and has_owner else None,
                closed_at=_aware(closed_on, rng) if closed else None,
                close_reason="Afgerond." if closed else "",
            )
        )
    initiatives = Initiative.objects.bulk_create(initiatives, batch_size=1000)

    events, handovers, support, conflicts = [], [], [], []
    for ini in initiatives:
        events.append(
            InitiativeEvent(
                initiative=ini, at=ini.received_at, kind=EventKind.RECEIVED, status_to="received"
            )
        )
        if ini.owner_assigned_at:
            events.append(
                InitiativeEvent(
                    initiative=ini,
                    at=ini.owner_assigned_at,
                    kind=EventKind.OWNER_ASSIGNED,
                    actor=bureau,
                )
            )
        if ini.first_answer_at:
            events.append(
                InitiativeEvent(
                    initiative=ini,
                    at=ini.first_answer_at,
                    kind=EventKind.MESSAGE,
                    actor=ini.owner,
                    text="Een eerste antwoord.",
                )
            )
        if ini.owner_id is None:
            continue
        # Hand-overs: one in five handed over, one in forty more than twice.
        draw = rng.random()
        n = 3 if draw < 0.025 else 2 if draw < 0.07 else 1 if draw < 0.2 else 0
        for h in range(n):
            offered = ini.owner_assigned_at + dt.timedelta(days=2 + 5 * h)
            last_open = h == n - 1 and ini.closed_at is None and rng.random() < 0.2
            handovers.append(
                HandOver(
                    initiative=ini,
                    from_user=ini.owner,
                    to_user=rng.choice(staff),
                    to_department=rng.choice(DEPARTMENTS),
                    reason="Hoort bij een ander team.",
                    offered_at=offered,
                    accept_due=add_working_days(offered.date(), 2),
                    state=HandOverState.OFFERED
                    if last_open
                    else rng.choice(
                        (HandOverState.ACCEPTED, HandOverState.ACCEPTED, HandOverState.REFUSED)
                    ),
                    answered_at=None if last_open else offered + dt.timedelta(days=1),
                )
            )
        if ini.status in ("supported", "realised") or rng.random() < 0.05:
            kind = rng.choice(SupportKind.values)
            money = kind in (SupportKind.WIJKBUDGET, SupportKind.OTHER_MONEY)
            support.append(
                Support(
                    initiative=ini,
                    kind=kind,
                    description="Steun",
                    given_by="Wijkbureau",
                    given_on=min(today, ini.owner_assigned_at.date() + dt.timedelta(days=20)),
                    amount=Decimal(rng.randrange(50, 5000)) if money else None,
                )
            )
        if rng.random() < 0.06:
            conflicts.append(
                RuleConflict(
                    initiative=ini,
                    rule="Een regel die het idee tegenhoudt.",
                    department=rng.choice(DEPARTMENTS),
                    what_would_help="Een uitzondering.",
                    resolved_at=ini.closed_at if rng.random() < 0.4 else None,
                )
            )
    InitiativeEvent.objects.bulk_create(events, batch_size=2000)
    HandOver.objects.bulk_create(handovers, batch_size=2000)
    Support.objects.bulk_create(support, batch_size=2000)
    RuleConflict.objects.bulk_create(conflicts, batch_size=2000)
    return bureau


# --- the run -------------------------------------------------------------------------------


def measure(user, *, requests: int = REQUESTS) -> tuple[list[float], list[float], int]:
    """Render the dashboard ``WARM_UP`` times untimed, then ``requests`` times timed."""
    from django.urls import reverse

    client = bench_client(user)
    path = reverse("initiatives:dashboard", args=[CODE])
    return time_page(lambda: client.get(path, secure=True), requests=requests, warmup=WARM_UP)


def run(
    *, initiatives: int = INITIATIVES, requests: int = REQUESTS, database: str = "throwaway"
) -> PageTiming:
    return run_page_bench(
        database,
        suffix="-initiatives",
        build=lambda: build(initiatives),
        measure=lambda user: measure(user, requests=requests),
        title="Initiatives dashboard (issue 13)",
        page="dashboard",
        data=f"{initiatives:,} initiatives in {DISTRICTS} wijken",
        target_p95=TARGET_P95,
        warmup=WARM_UP,
    )


def main(argv: list[str] | None = None) -> int:
    return page_bench_main(__doc__, argv, run, initiatives=INITIATIVES, requests=REQUESTS)


if __name__ == "__main__":
    raise SystemExit(main())
