"""Invented residents' initiatives in Utrecht and 's-Gravenhage, one or more in every
status, marked "Voorbeeld". Idempotent: an example initiative with the same title is not
made again.

Everything goes through ``services`` with the demo users as ``by`` (the wijkmanager in
Overvecht and Binnenstad, the programme bureau in all of Utrecht, the partner who
registers an idea told at a table and takes one over), so the trail, the audit log and
the mails are the ones real use makes. The initiators are invented people with
example.org addresses; the status mails go to the mail backend (files under
``var/mail/`` in ``make run``).

Dates are relative to the day of loading: each initiative came in some working days ago
and each step happens some working days after that. Services stamp "now"; a step's
stamps (trail entries, owner/answer/close moments, hand-overs, support, rule conflicts)
are then moved back to the step's day with ``QuerySet.update``, because otherwise every
initiative would have got its contact person and first answer today, weeks after it came
in, and the dashboard's medians and "answered within the promise" would be nonsense. The
audit log is append-only and keeps the real moment of loading.

Den Haag has only a reader among the demo users, so nobody there can triage: its one
example is the idea that came in today, still within the promise, without a contact
person. Issue #14 (project proposals) does not exist yet: the initiative that needs a
project carries an internal note saying it becomes a proposal when #14 lands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from wendbaar.accounts.models import User
from wendbaar.agenda.models import Goal, Project
from wendbaar.approaches.models import Approach, PolicyDriver
from wendbaar.areas.models import Area
from wendbaar.core.workdays import add_working_days, working_days_before
from wendbaar.organisations.models import Organisation

from . import services
from .constants import HANDOVER_ACCEPT_DAYS, Source
from .models import ConsentRequest, HandOver, Initiative, InitiativeEvent, RuleConflict, Support

UTRECHT = "GM0344"
DEN_HAAG = "GM0518"
# Buurten of Overvecht (WK034403) and Binnenstad (WK034406), the demo wijkmanager's wijken;
# Zuidwest (WK034408) is the programme bureau's alone; Schildersbuurt-Noord in Den Haag.
AREA_CODES = (
    UTRECHT,
    DEN_HAAG,
    "BU03440311",  # Taag- en Rubicondreef en omgeving
    "BU03440321",  # Zamenhofdreef en omgeving
    "BU03440331",  # Vechtzoom-zuid
    "BU03440332",  # Vechtzoom-noord, Klopvaart
    "BU03440341",  # Zambesidreef en omgeving
    "BU03440342",  # Tigrisdreef en omgeving
    "BU03440621",  # Wijk C
    "BU03440625",  # Lange Nieuwstraat en omgeving
    "WK034408",  # Zuidwest
    "BU05182916",  # Schildersbuurt-Noord
)
USERNAMES = ("wijkmanager", "programmabureau", "partner")
# The invented organisation the demo partner acts for (agenda's demo), when loaded.
PARTNER_ORGANISATION = "Woningcorporatie (voorbeeld)"
DEMO_APPROACH = "Voorbeeld: wijkaanpak Overvecht"

OVERDUE_TITLE = "Voorbeeld: bankjes bij de speeltuin"
TWICE_HANDED_OVER_TITLE = "Voorbeeld: een gereedschapskast voor de flat"
RULE_CONFLICT_TITLE = "Voorbeeld: zelfgemaakt verkeersbord voor spelende kinderen"
WIJKBUDGET_TITLE = "Voorbeeld: buurtfeest op het Zambesiplein"
PROPOSAL_TITLE = "Voorbeeld: fietswerkplaats voor jongeren"
RECEIVED_TITLE = "Voorbeeld: geveltuintjes in de Schildersbuurt"
TRAFFIC_RULE = "Zelfgemaakte verkeersborden zijn niet toegestaan op de openbare weg"


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


class _Timeline:
    """One example initiative, built step by step: each service call happens some working
    days after the initiative came in, and what it stamped is dated to that moment."""

    def __init__(self, initiative: Initiative, received_on: dt.date) -> None:
        self.initiative = initiative
        self.received_on = received_on
        self.now = timezone.now()
        self.steps = 0

    def day(self, days: int) -> dt.date:
        return add_working_days(self.received_on, days)

    def moment(self, days: int) -> dt.datetime:
        # Quarter of an hour apart, so the trail keeps its order within one day.
        self.steps += 1
        when = timezone.make_aware(
            dt.datetime.combine(self.day(days), dt.time(10, 0))
            + dt.timedelta(minutes=15 * self.steps)
        )
        return min(when, self.now)

    def at(self, days: int, call: Callable[..., Any], **kwargs: Any) -> Any:
        """Run ``call`` (a service) on this initiative ``days`` working days after it
        came in, then date what it stamped to that day (see the module docstring)."""
        when = self.moment(days)
        pk = self.initiative.pk
        before = Initiative.objects.values("owner_assigned_at", "first_answer_at", "closed_at").get(
            pk=pk
        )
        last_event = self.initiative.events.aggregate(m=Max("pk"))["m"] or 0
        last_handover = self.initiative.handovers.aggregate(m=Max("pk"))["m"] or 0
        last_support = self.initiative.support.aggregate(m=Max("pk"))["m"] or 0
        last_conflict = self.initiative.rule_conflicts.aggregate(m=Max("pk"))["m"] or 0
        last_request = self.initiative.consent_requests.aggregate(m=Max("pk"))["m"] or 0
        waiting = list(
            self.initiative.handovers.filter(answered_at=None).values_list("pk", flat=True)
        )
        asked = list(
            self.initiative.consent_requests.filter(answered_at=None).values_list("pk", flat=True)
        )
        if not {"handover", "request"} & kwargs.keys():
            kwargs["initiative"] = self.initiative
        result = call(**kwargs)

        after = Initiative.objects.values(*before).get(pk=pk)
        stamped = {f: when for f, value in after.items() if value and value != before[f]}
        if stamped:
            Initiative.objects.filter(pk=pk).update(**stamped)
        InitiativeEvent.objects.filter(initiative_id=pk, pk__gt=last_event).update(at=when)
        HandOver.objects.filter(initiative_id=pk, pk__gt=last_handover).update(
            offered_at=when,
            accept_due=add_working_days(timezone.localdate(when), HANDOVER_ACCEPT_DAYS),
        )
        HandOver.objects.filter(pk__in=waiting).exclude(answered_at=None).update(answered_at=when)
        Support.objects.filter(initiative_id=pk, pk__gt=last_support).update(recorded_at=when)
        RuleConflict.objects.filter(initiative_id=pk, pk__gt=last_conflict).update(recorded_at=when)
        ConsentRequest.objects.filter(initiative_id=pk, pk__gt=last_request).update(asked_at=when)
        ConsentRequest.objects.filter(pk__in=asked).exclude(answered_at=None).update(
            answered_at=when
        )
        self.initiative.refresh_from_db()
        return result


class _Demo:
    def __init__(self, areas: dict[str, Area], users: dict[str, User]) -> None:
        self.areas = areas
        self.users = users
        self.today = timezone.localdate()
        self.made: list[Initiative] = []

    def submit(self, *, days_ago: int, area: str, by: User | None = None, **fields: Any):
        """The initiative came in ``days_ago`` working days ago (0: just now)."""
        received_on = working_days_before(self.today, days_ago)
        received_at = (
            timezone.make_aware(dt.datetime.combine(received_on, dt.time(9, 0)))
            if days_ago
            else None
        )
        area_obj = self.areas[area]
        municipality = self.areas[area_obj.municipality_code]
        initiative = services.submit_initiative(
            municipality=municipality,
            area=area_obj,
            by=by,
            is_example=True,
            received_at=received_at,
            language="nl",
            consent=True,
            **fields,
        ).initiative
        if received_at is not None:
            # Written "now" by the service; the idea came in on received_at.
            initiative.events.update(at=received_at)
        self.made.append(initiative)
        return _Timeline(initiative, received_on)


def _exists(title: str) -> bool:
    return Initiative.objects.filter(is_example=True, title=title).exists()


# --- the examples, one function each ---------------------------------------------------------


def _overdue(demo: _Demo) -> None:
    """A contact person was assigned in time, but the first answer never came: overdue
    on any day the demo is loaded, so it heads the wijkmanager's work list."""
    wijkmanager, bureau = demo.users["wijkmanager"], demo.users["programmabureau"]
    run = demo.submit(
        days_ago=15,
        area="BU03440342",
        by=wijkmanager,
        source=Source.PHONE,
        title=OVERDUE_TITLE,
        what="Twee bankjes naast de speeltuin, zodat ouders en grootouders kunnen zitten.",
        why="Nu staan ouders een uur lang; ouderen komen daardoor niet mee.",
        themes=["environment", "cohesion"],
        asks=["money", "permit"],
        group="Ouders van de speeltuin aan de Tigrisdreef (voorbeeld)",
        name="Kees Voorbeeld",
        phone="06-00000001",
    )
    run.at(2, services.assign_owner, by=bureau, owner=wijkmanager, role="wijkmanager Overvecht")


def _twice_handed_over(demo: _Demo) -> None:
    """From the wijkmanager to the programme bureau (wijkbudgetten) to the partner whose
    building it is: two hand-overs, each with a reason, each accepted."""
    wijkmanager, bureau = demo.users["wijkmanager"], demo.users["programmabureau"]
    partner = demo.users["partner"]
    run = demo.submit(
        days_ago=9,
        area="BU03440311",
        title=TWICE_HANDED_OVER_TITLE,
        what=(
            "Een kast in de hal met gereedschap dat buren van elkaar lenen: een boor, een "
            "trap, een steekkar."
        ),
        why="Niet iedereen hoeft alles zelf te kopen, en je leert je buren kennen.",
        themes=["cohesion", "sustainability"],
        asks=["materials", "space"],
        group="Bewoners van de Rubicondreef (voorbeeld)",
        name="Anna Voorbeeld",
        email="anna.voorbeeld@example.org",
    )
    run.at(1, services.assign_owner, by=wijkmanager, owner=wijkmanager, role="wijkmanager")
    run.at(
        2,
        services.send_message,
        by=wijkmanager,
        text="Dank voor uw idee! We kijken wie u het beste kan helpen aan een kast en een plek.",
    )
    first = run.at(
        3,
        services.offer_handover,
        by=wijkmanager,
        to_user=bureau,
        role="initiatiefmakelaar",
        department="Programmabureau, wijkbudgetten",
        reason="Het programmabureau beheert het wijkbudget waaruit de kast betaald kan worden.",
    )
    run.at(4, services.accept_handover, handover=first, by=bureau)
    organisation = Organisation.objects.filter(
        municipality__code=UTRECHT, name=PARTNER_ORGANISATION
    ).first()
    second = run.at(
        6,
        services.offer_handover,
        by=bureau,
        to_user=partner,
        role="buurtconsulent",
        organisation=organisation,
        reason=(
            "De kast komt in de hal van een flat van de corporatie; hun buurtconsulent "
            "regelt de plek en de sleutels."
        ),
    )
    run.at(7, services.accept_handover, handover=second, by=partner)
    run.at(
        8,
        services.change_status,
        by=partner,
        status="in_conversation",
        text="We maken een afspraak om de hal samen te bekijken.",
    )


def _blocked_by_rule(demo: _Demo) -> None:
    """A home-made traffic sign the department of traffic does not allow (Zwijndrecht,
    seeds/002): the rule conflict goes on the programme bureau's log."""
    wijkmanager = demo.users["wijkmanager"]
    run = demo.submit(
        days_ago=12,
        area="BU03440332",
        by=wijkmanager,
        source=Source.TABLE,
        title=RULE_CONFLICT_TITLE,
        what=(
            "Kinderen uit de straat hebben een bord geschilderd dat automobilisten vraagt "
            "langzaam te rijden. Ze willen het bij het grasveld ophangen."
        ),
        why="Auto's rijden hard door de straat waar de kinderen spelen.",
        themes=["safety", "cohesion"],
        asks=["permit"],
        group="Kinderen en ouders van de Klopvaart (voorbeeld)",
        name="Marieke Voorbeeld",
        email="marieke.voorbeeld@example.org",
    )
    run.at(1, services.assign_owner, by=wijkmanager, owner=wijkmanager, role="wijkmanager")
    run.at(
        2,
        services.change_status,
        by=wijkmanager,
        status="in_conversation",
        text="Mooi idee; we vragen de afdeling Verkeer of het bord mag hangen.",
    )
    run.at(
        5,
        services.record_rule_conflict,
        by=wijkmanager,
        rule=TRAFFIC_RULE,
        department="Verkeer",
        what_would_help=(
            "Een proef waarin een zelfgemaakt bord naast een officieel bord mag hangen, of "
            "een vaste plek op het hek van het grasveld, buiten de weg."
        ),
    )
    run.at(
        6,
        services.send_message,
        by=wijkmanager,
        text=(
            "Verkeer staat zelfgemaakte borden op de weg niet toe. We zoeken met u een "
            "plek buiten de weg, en we hebben de regel voorgelegd aan het programmabureau."
        ),
    )


def _wijkbudget(demo: _Demo) -> None:
    """Supported with money from the wijkbudget."""
    wijkmanager = demo.users["wijkmanager"]
    run = demo.submit(
        days_ago=20,
        area="BU03440341",
        title=WIJKBUDGET_TITLE,
        what="Een buurtfeest op het plein met muziek, eten uit alle keukens en een springkussen.",
        why="Veel nieuwe buren; een feest is een makkelijke eerste kennismaking.",
        themes=["cohesion"],
        asks=["money", "permit", "materials"],
        group="Buurtfeestcommissie Zambesidreef (voorbeeld)",
        name="Youssef Voorbeeld",
        email="youssef.voorbeeld@example.org",
    )
    run.at(1, services.assign_owner, by=wijkmanager, owner=wijkmanager, role="wijkmanager")
    run.at(
        3,
        services.send_message,
        by=wijkmanager,
        text="Leuk plan! Stuur ons een begroting, dan kijken we wat het wijkbudget kan doen.",
    )
    run.at(4, services.change_status, by=wijkmanager, status="in_conversation")
    run.at(
        8,
        services.record_support,
        by=wijkmanager,
        kind="wijkbudget",
        amount=Decimal("750.00"),
        description="Bijdrage voor de huur van tenten, geluid en het springkussen",
        given_by="Wijkbudget Overvecht (gemeente, voorbeeld)",
        given_on=run.day(8),
    )
    run.at(
        8,
        services.change_status,
        by=wijkmanager,
        status="supported",
        text="Het wijkbudget draagt € 750 bij; de evenementenvergunning regelen we samen.",
    )
    # With the initiators' consent, the feast becomes part of the programme's festival.
    festival = Project.objects.filter(
        approach__name=DEMO_APPROACH,
        approach__municipality__code=UTRECHT,
        title="Zomerfestival",
    ).first()
    if festival is not None:
        request = run.at(
            10,
            services.ask_consent,
            by=wijkmanager,
            kind="merge",
            project=festival,
            reason=(
                "Het Zomerfestival van de wijkaanpak zoekt een plek in de wijk. Als uw "
                "buurtfeest daar deel van wordt, krijgt het een podium en hulp bij de "
                "vergunning. Het blijft uw feest."
            ),
        )
        run.at(
            11,
            services.answer_consent,
            request=request,
            agree=True,
            answer="Prima, als wij het programma van ons plein zelf blijven maken.",
        )


def _realised(demo: _Demo) -> None:
    wijkmanager = demo.users["wijkmanager"]
    run = demo.submit(
        days_ago=45,
        area="BU03440625",
        by=wijkmanager,
        source=Source.EMAIL,
        title="Voorbeeld: bloembakken in de Lange Nieuwstraat",
        what="Bloembakken langs de gevels, die de bewoners zelf vullen en water geven.",
        why="De straat is stenig en heet in de zomer.",
        themes=["environment", "sustainability"],
        asks=["materials", "permit"],
        group="Bewoners van de Lange Nieuwstraat (voorbeeld)",
        name="Sanne Voorbeeld",
        email="sanne.voorbeeld@example.org",
    )
    run.at(2, services.assign_owner, by=wijkmanager, owner=wijkmanager, role="wijkmanager")
    run.at(4, services.send_message, by=wijkmanager, text="Goed idee; we komen langs om te kijken.")
    run.at(5, services.change_status, by=wijkmanager, status="in_conversation")
    run.at(
        10,
        services.record_support,
        by=wijkmanager,
        kind="materials",
        description="Zes plantenbakken en potgrond",
        given_by="Stadsbeheer (gemeente, voorbeeld)",
        given_on=run.day(10),
    )
    run.at(10, services.change_status, by=wijkmanager, status="supported")
    run.at(
        30,
        services.change_status,
        by=wijkmanager,
        status="realised",
        text="De bakken staan er en bloeien; de bewoners houden ze bij.",
    )


def _question_answered(demo: _Demo) -> None:
    """A question to the initiators, answered through their status link."""
    wijkmanager = demo.users["wijkmanager"]
    run = demo.submit(
        days_ago=6,
        area="BU03440621",
        title="Voorbeeld: huiswerkklas in het buurthuis",
        what="Twee middagen per week huiswerkbegeleiding door studenten uit de buurt.",
        why="Thuis is er vaak geen rustige plek om te leren.",
        themes=["education"],
        asks=["space", "contacts"],
        group="Studenten en ouders uit Wijk C (voorbeeld)",
        name="Fatma Voorbeeld",
        email="fatma.voorbeeld@example.org",
    )
    run.at(1, services.assign_owner, by=wijkmanager, owner=wijkmanager, role="wijkmanager")
    question = run.at(
        2,
        services.send_message,
        by=wijkmanager,
        question=True,
        text="Hoeveel kinderen verwacht u, en op welke middagen?",
    )
    run.at(
        3,
        services.reply_from_initiators,
        reply_to=question,
        text="Ongeveer twaalf kinderen, op dinsdag en donderdag na school.",
    )
    run.at(
        4,
        services.change_status,
        by=wijkmanager,
        status="in_conversation",
        text="We vragen het buurthuis naar een lokaal op dinsdag en donderdag.",
    )
    # A new aim, proposed; nothing changes until the initiators agree.
    run.at(
        5,
        services.ask_consent,
        by=wijkmanager,
        kind="aim",
        new_title="Voorbeeld: huiswerkklas in het buurthuis en de bibliotheek",
        new_what=(
            "Twee middagen per week huiswerkbegeleiding door studenten uit de buurt: op "
            "dinsdag in het buurthuis, op donderdag in de bibliotheek."
        ),
        reason=(
            "Het buurthuis heeft alleen op dinsdag een lokaal vrij; de bibliotheek biedt de "
            "donderdag aan. Gaat u akkoord met twee plekken?"
        ),
    )


def _stopped(demo: _Demo) -> None:
    bureau = demo.users["programmabureau"]
    run = demo.submit(
        days_ago=30,
        area="WK034408",
        title="Voorbeeld: repaircafé in de bibliotheek",
        what="Eens per maand een repaircafé waar vrijwilligers kapotte spullen maken.",
        themes=["sustainability", "cohesion"],
        asks=["space"],
        group="Vrijwilligers uit Kanaleneiland (voorbeeld)",
        name="Henk Voorbeeld",
        email="henk.voorbeeld@example.org",
    )
    run.at(2, services.assign_owner, by=bureau, owner=bureau, role="initiatiefmakelaar")
    run.at(3, services.send_message, by=bureau, text="We vragen de bibliotheek om een ruimte.")
    run.at(4, services.change_status, by=bureau, status="in_conversation")
    run.at(
        15,
        services.change_status,
        by=bureau,
        status="stopped",
        text=(
            "De groep stopt voorlopig: de vrijwilligers hebben dit jaar geen tijd. U kunt "
            "het altijd weer oppakken; dan zoeken we samen verder."
        ),
    )


def _not_possible(demo: _Demo) -> None:
    wijkmanager = demo.users["wijkmanager"]
    run = demo.submit(
        days_ago=25,
        area="BU03440331",
        title="Voorbeeld: zwemsteiger in de Vecht",
        what="Een steiger om vanaf de oever in de Vecht te zwemmen.",
        themes=["health", "environment"],
        asks=["permit", "money"],
        group="Zwemmers van Vechtzoom (voorbeeld)",
        name="Pieter Voorbeeld",
        email="pieter.voorbeeld@example.org",
    )
    run.at(1, services.assign_owner, by=wijkmanager, owner=wijkmanager, role="wijkmanager")
    run.at(
        6,
        services.change_status,
        by=wijkmanager,
        status="not_possible",
        text=(
            "Op deze plek varen boten en wordt de waterkwaliteit niet gecontroleerd; "
            "zwemmen is hier niet veilig. We wijzen u graag de officiële zwemplekken."
        ),
    )


def _becomes_proposal(demo: _Demo) -> None:
    """Needs a project: linked to the demo wijkaanpak's goal, then turned into a draft
    project proposal for that wijkaanpak (when it is loaded)."""
    bureau, partner = demo.users["programmabureau"], demo.users["partner"]
    run = demo.submit(
        days_ago=14,
        area="BU03440321",
        by=partner,
        source=Source.TABLE,
        title=PROPOSAL_TITLE,
        what=(
            "Een werkplaats waar jongeren fietsen leren repareren en buurtbewoners hun fiets "
            "goedkoop laten maken."
        ),
        why="Jongeren zoeken werkervaring; veel buren hebben een kapotte fiets in de schuur.",
        themes=["work", "education"],
        asks=["space", "money", "contacts"],
        group="Jongerenwerkers en jongeren van de Zamenhofdreef (voorbeeld)",
    )
    run.at(1, services.assign_owner, by=bureau, owner=bureau, role="initiatiefmakelaar")
    run.at(
        2, services.send_message, by=bureau, text="Sterk plan; we nodigen u uit voor een gesprek."
    )
    goals = Goal.objects.filter(
        approach__name=DEMO_APPROACH,
        approach__municipality__code=UTRECHT,
        title="Meer bewoners aan het werk",
    )
    drivers = PolicyDriver.objects.filter(municipality=None, key="healthy_district")
    if goals.exists() or drivers.exists():
        run.at(
            2,
            services.link_koppelkansen,
            by=bureau,
            drivers=drivers,
            goals=goals,
            combined_message=(
                "Jongeren doen werkervaring op en de buurt komt vaker in beweging op de fiets."
            ),
        )
    # It needs a project: the wijkmanager makes it a draft proposal for the wijkaanpak,
    # which the proposals demo then completes, submits and discusses.
    approach = Approach.objects.filter(name=DEMO_APPROACH, municipality__code=UTRECHT).first()
    if approach is not None:
        run.at(
            2,
            services.propose_project,
            by=demo.users["wijkmanager"],
            approach=approach,
        )
    run.at(3, services.change_status, by=bureau, status="in_conversation")


def _received(demo: _Demo) -> None:
    """Came in today through the public form: no contact person yet, within the promise."""
    demo.submit(
        days_ago=0,
        area="BU05182916",
        title=RECEIVED_TITLE,
        what="Geveltuintjes langs de huizen: een tegel eruit, planten erin.",
        why="Groen koelt de straat en bewoners raken aan de praat.",
        themes=["environment", "sustainability"],
        asks=["permit", "materials"],
        group="Buren van de Schildersbuurt (voorbeeld)",
        name="Noor Voorbeeld",
        email="noor.voorbeeld@example.org",
    )


EXAMPLES: list[tuple[str, Callable[[_Demo], None]]] = [
    (OVERDUE_TITLE, _overdue),
    (TWICE_HANDED_OVER_TITLE, _twice_handed_over),
    (RULE_CONFLICT_TITLE, _blocked_by_rule),
    (WIJKBUDGET_TITLE, _wijkbudget),
    ("Voorbeeld: bloembakken in de Lange Nieuwstraat", _realised),
    ("Voorbeeld: huiswerkklas in het buurthuis", _question_answered),
    ("Voorbeeld: repaircafé in de bibliotheek", _stopped),
    ("Voorbeeld: zwemsteiger in de Vecht", _not_possible),
    (PROPOSAL_TITLE, _becomes_proposal),
    (RECEIVED_TITLE, _received),
]


def load_demo_initiatives(*, stdout: TextIO | None = None) -> list[Initiative]:
    """Make the example initiatives that do not exist yet; return those made."""
    areas = {a.code: a for a in Area.objects.filter(code__in=AREA_CODES)}
    missing = sorted(set(AREA_CODES) - set(areas))
    if missing:
        _say(stdout, f"demo initiatives skipped: areas not loaded ({', '.join(missing)})")
        return []
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES, is_demo=True)}
    # Without their roles the services refuse them (and nobody may own an initiative).
    lacking = sorted(n for n in USERNAMES if not services.works_in(users.get(n), UTRECHT))
    if lacking:
        _say(stdout, f"demo initiatives skipped: demo users without a role ({', '.join(lacking)})")
        return []
    demo = _Demo(areas, users)
    for title, build in EXAMPLES:
        if _exists(title):
            continue
        # One transaction per example: a failure leaves no half-built initiative.
        with transaction.atomic():
            build(demo)
    _say(stdout, f"demo initiatives: {len(demo.made)} added")
    return demo.made
