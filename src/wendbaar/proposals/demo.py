"""Invented project proposals, marked "(voorbeeld)", for the example wijkaanpak Overvecht
(agenda's demo) and an example wijkaanpak Den Haag Zuidwest made here. Idempotent: a
proposal whose title the wijkaanpak already holds is not made again.

Every proposal goes its road through the services (``proposal_services``,
``assessment_services``) with demo users as ``by``: the partner and the wijkmanager
submit, the programme bureau advises, names assessors and decides, the wijkmanager and
an external assessor (a partner's person, made here) score. So the step history, the
advice rounds, the blind scoring and the project an approved proposal becomes are the
ones real use makes. Both wijkaanpakken use the framework shipped with Wendbaar.

Dates are relative to the day of loading. Services stamp "now"; after each call what it
stamped (step rows and their promised dates, the proposal's step dates, advice rounds,
assessors) is moved back to its day with ``QuerySet.update``, only here, so the history
reads as weeks of work and some promised dates have passed ("overdue"). The audit log
is append-only and keeps the real moment of loading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from wendbaar.accounts.constants import RoleSlug
from wendbaar.accounts.demo import DEMO_PASSWORD
from wendbaar.accounts.models import RoleAssignment, User
from wendbaar.accounts.services import assign_role
from wendbaar.agenda.demo import DEMO_NAME as OVERVECHT_NAME
from wendbaar.agenda.models import Goal, Project
from wendbaar.approaches import services as approach_services
from wendbaar.approaches.models import Approach, PolicyDriver
from wendbaar.approaches.selectors import setting_for
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.actors import SystemActor
from wendbaar.core.workdays import add_working_days, working_days_before
from wendbaar.monitor.selectors import indicator_codes
from wendbaar.organisations import services as organisation_services
from wendbaar.organisations.models import Organisation
from wendbaar.stories.constants import StoryStatus
from wendbaar.stories.models import Story

from . import assessment_services, proposal_services, rules, selectors
from .constants import DUE_SETTINGS, Decision, FinancingStatus, Rating, Step
from .models import AdviceRound, Assessor, Proposal, ProposalStep
from .proposal_services import Content, Cost, Financing, Result

DEMO = SystemActor("load_demo")

UTRECHT = "GM0344"
DEN_HAAG = "GM0518"
DEN_HAAG_NAME = "Wijkaanpak Den Haag Zuidwest (voorbeeld)"
# The wijken of Den Haag Zuidwest (stadsdeel Escamp), found by name; CBS codes if not.
ZUIDWEST = (("Moerwijk", "WK051836"), ("Morgenstond", "WK051834"), ("Bouwlust", "WK051833"))

# Titles the tests (and people reading the demo) look for.
CONCEPT_TITLE = "Jongerenraad Overvecht (voorbeeld)"
OVERDUE_TITLE = "Taalcafé in de bibliotheek (voorbeeld)"
CONVERSATION_TITLE = "Fietswerkplaats voor jongeren (voorbeeld)"
# The residents' initiative it grew from (initiatives' demo), as its draft is titled.
INITIATIVE_TITLE = "Voorbeeld: fietswerkplaats voor jongeren"
TWO_ROUNDS_TITLE = "Moestuinen en ontmoetingsplek aan de Tigrisdreef (voorbeeld)"
APPROVED_TITLE = "Buurtconciërge aan de Zambesidreef (voorbeeld)"
REJECTED_TITLE = "Camera's en hekken rond het winkelcentrum (voorbeeld)"
WITHDRAWN_TITLE = "Buurtkamer in de plint van de Vechtzoomflat (voorbeeld)"

# username: (first name, last name, role, gemeente, wijk names; empty = whole gemeente).
# The external assessor works for the welzijn organisation of the Overvecht example.
ASSESSOR = "beoordelaar"
NEW_USERS: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    ASSESSOR: ("Bram", "Beoordelaar", RoleSlug.PARTNER, UTRECHT, ()),
    "programmabureau-denhaag": ("Paula", "Programma", RoleSlug.PROGRAMME_BUREAU, DEN_HAAG, ()),
    "wijkmanager-denhaag": (
        "Wouter",
        "Wijk",
        RoleSlug.DISTRICT_MANAGER,
        DEN_HAAG,
        tuple(name for name, _code in ZUIDWEST),
    ),
    "partner-denhaag": ("Pepijn", "Partner", RoleSlug.PARTNER, DEN_HAAG, ()),
}
# Invented organisations of the Den Haag example (the Overvecht ones are agenda's).
DEN_HAAG_ORGANISATIONS = [
    ("gemeente", "Gemeente Den Haag (voorbeeld)", "municipality", ""),
    ("corporatie", "Woningcorporatie Zuidwest (voorbeeld)", "civil_society", "housing_corporation"),
    ("welzijn", "Welzijn Escamp (voorbeeld)", "civil_society", "welfare"),
]


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _month(today: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after today's (negative: before)."""
    index = today.year * 12 + today.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _money(value: int) -> Decimal:
    return Decimal(value)


# --- users -------------------------------------------------------------------------------


def _district(municipality_code: str, name: str, code: str = "") -> Area | None:
    """A wijk of the gemeente by (part of) its name, CBS's "Wijk 36 Moerwijk"; by its
    code when the name is not found."""
    by_name = (
        Area.objects.filter(
            level=AreaLevel.DISTRICT, municipality_code=municipality_code, name__icontains=name
        )
        .order_by("code")
        .first()
    )
    if by_name is not None or not code:
        return by_name
    return Area.objects.filter(code=code, level=AreaLevel.DISTRICT).first()


def _demo_user(username: str) -> User | None:
    """A demo user as accounts.demo makes them (its password), with its role; made and
    given the role only once, so a second load changes nothing. None when the areas of
    its role are not loaded."""
    first_name, last_name, role, municipality_code, district_names = NEW_USERS[username]
    municipality = Area.objects.filter(code=municipality_code).first()
    codes = dict(ZUIDWEST)
    districts = [_district(municipality_code, n, codes.get(n, "")) for n in district_names]
    if municipality is None or None in districts:
        return None
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@demo.wendbaar.invalid"}
    )
    if created:
        user.first_name, user.last_name = first_name, last_name
        user.is_demo, user.is_active, user.is_staff, user.is_superuser = True, True, False, False
        user.set_password(DEMO_PASSWORD)
        user.save()
    if not RoleAssignment.objects.filter(user=user, municipality=municipality).exists():
        assign_role(user=user, role=role, municipality=municipality, districts=districts, by=DEMO)
    return user


# --- a proposal's road, dated --------------------------------------------------------------


class _Road:
    """One example proposal, built step by step: each service call happens some working
    days ago, and what it stamped is dated to that moment (see the module docstring)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.now = timezone.now()
        self.ticks = 0
        self.proposal: Proposal | None = None

    def moment(self, days_ago: int) -> dt.datetime:
        # Quarter of an hour apart, so the history keeps its order within one day.
        self.ticks += 1
        when = timezone.make_aware(
            dt.datetime.combine(working_days_before(self.today, days_ago), dt.time(10, 0))
            + dt.timedelta(minutes=15 * self.ticks)
        )
        return min(when, self.now)

    def _due(self, step: str, day: dt.date) -> dt.date:
        setting = setting_for(self.proposal.approach.municipality, DUE_SETTINGS[step])
        return add_working_days(day, int(setting))

    def at(self, days_ago: int, call: Callable[..., Any], **kwargs: Any) -> Any:
        """Run ``call`` (a service) ``days_ago`` working days ago, then date what it
        stamped to that moment."""
        when = self.moment(days_ago)
        before = self._marks()
        if self.proposal is not None:
            kwargs.setdefault("proposal", self.proposal)
        result = call(**kwargs)
        if self.proposal is None:
            self.proposal = result
            Proposal.objects.filter(pk=result.pk).update(created_at=when)
        pk = self.proposal.pk
        day = timezone.localdate(when)
        for step in ProposalStep.objects.filter(proposal_id=pk, pk__gt=before["step"]):
            due = self._due(step.to_step, day) if step.due_on else None
            ProposalStep.objects.filter(pk=step.pk).update(at=when, due_on=due)
            Proposal.objects.filter(pk=pk).update(step_since=when, step_due=due)
        for name in ("submitted_at", "decided_at"):
            if before[name] is None:
                Proposal.objects.filter(pk=pk).exclude(**{name: None}).update(**{name: when})
        AdviceRound.objects.filter(proposal_id=pk, pk__gt=before["round"]).update(opened_at=when)
        AdviceRound.objects.filter(pk__in=before["open_rounds"]).exclude(closed_at=None).update(
            closed_at=when
        )
        Assessor.objects.filter(proposal_id=pk, pk__gt=before["assessor"]).update(named_at=when)
        Assessor.objects.filter(pk__in=before["scoring"]).exclude(submitted_at=None).update(
            submitted_at=when
        )
        self.proposal = Proposal.objects.get(pk=pk)
        return result

    def _marks(self) -> dict[str, Any]:
        if self.proposal is None:
            return {
                "step": 0,
                "round": 0,
                "assessor": 0,
                "open_rounds": [],
                "scoring": [],
                "submitted_at": None,
                "decided_at": None,
            }
        p = Proposal.objects.get(pk=self.proposal.pk)
        return {
            "step": p.steps.aggregate(m=Max("pk"))["m"] or 0,
            "round": p.rounds.aggregate(m=Max("pk"))["m"] or 0,
            "assessor": p.assessors.aggregate(m=Max("pk"))["m"] or 0,
            "open_rounds": list(p.rounds.filter(closed_at=None).values_list("pk", flat=True)),
            "scoring": list(p.assessors.filter(submitted_at=None).values_list("pk", flat=True)),
            "submitted_at": p.submitted_at,
            "decided_at": p.decided_at,
        }


def _scores(
    proposal: Proposal, effects: dict[str, tuple[str, str]], continuity: tuple[bool, str]
) -> list[rules.Score]:
    """A complete set of scores for the proposal's framework: ``effects`` maps an effect
    to (rating, rationale); an effect not named gets "none" with a plain rationale."""
    spec = selectors.spec_of(proposal.framework)
    out = []
    for c in spec.criteria:
        if c.kind == rules.EFFECTS:
            for e in c.effects:
                rating, rationale = effects.get(
                    e.key, (Rating.NONE, "Het voorstel zegt hier niets over.")
                )
                out.append(rules.Score("", c.key, e.key, rating=rating, rationale=rationale))
        elif c.kind == rules.YES_NO:
            answer, rationale = continuity
            out.append(rules.Score("", c.key, answer=answer, rationale=rationale))
        elif c.kind == rules.SCALE:
            out.append(rules.Score("", c.key, value=c.scale_max, rationale="Goed onderbouwd."))
    return out


def _draft_scores(
    proposal: Proposal, effects: dict[str, tuple[str, str]], continuity: tuple[bool, str]
) -> list[rules.Score]:
    """Only the effects named, and the continuity: what an assessor saves halfway."""
    return [
        s for s in _scores(proposal, effects, continuity) if s.effect in effects or not s.effect
    ]


S, M, N = Rating.SUBSTANTIAL, Rating.SOME, Rating.NONE


# --- the context of a wijkaanpak ---------------------------------------------------------------


@dataclass
class _Place:
    """What the examples of one wijkaanpak draw on."""

    approach: Approach
    today: dt.date
    users: dict[str, User]
    orgs: dict[str, Organisation]
    areas: dict[str, Area]
    goals: dict[str, Goal]
    projects: dict[str, Project]
    drivers: dict[str, PolicyDriver]
    stories: dict[str, Story]
    indicators: set[str]

    def road(self) -> _Road:
        return _Road(self.today)

    def start(self, months: int) -> dt.date:
        return _month(self.today, months)


def _common(approach: Approach) -> dict[str, Any]:
    return {
        "today": timezone.localdate(),
        "goals": {g.title: g for g in approach.goals.all()},
        "projects": {p.title: p for p in approach.projects.all()},
        "drivers": {d.key: d for d in PolicyDriver.objects.filter(municipality__isnull=True)},
        "indicators": indicator_codes(),
    }


# --- Overvecht ------------------------------------------------------------------------------


def _concept(place: _Place) -> None:
    """A draft of the wijkmanager: only he sees it."""
    place.road().at(
        3,
        proposal_services.create_proposal,
        approach=place.approach,
        by=place.users["wijkmanager"],
        is_example=True,
        content=Content(
            title=CONCEPT_TITLE,
            summary=(
                "Jongeren uit Overvecht praten en beslissen mee over wat de wijkaanpak voor "
                "hen doet, met een eigen klein budget. Nog een eerste opzet."
            ),
            areas=[place.areas["district"]],
            themes=["education", "cohesion"],
            effects={"ownership": "Jongeren beslissen zelf over een deel van het geld."},
        ),
    )


def _overdue(place: _Place) -> None:
    """Submitted, the bureau's answer is overdue; no continuity plan and 25 % co-funding."""
    road, wim = place.road(), place.users["wijkmanager"]
    road.at(
        16,
        proposal_services.create_proposal,
        approach=place.approach,
        by=wim,
        is_example=True,
        content=Content(
            title=OVERDUE_TITLE,
            summary=(
                "Twee ochtenden per week een taalcafé in de bibliotheek, waar bewoners "
                "Nederlands oefenen met vrijwilligers uit de buurt."
            ),
            problem=(
                "Veel bewoners spreken weinig Nederlands; ze vinden moeilijk werk en weten "
                "de hulp in de wijk niet te vinden."
            ),
            areas=[place.areas["district"]],
            themes=["work", "cohesion"],
            goals=[g for t, g in place.goals.items() if t == "Meer bewoners aan het werk"],
            start_date=place.start(2),
            end_date=place.start(14) - dt.timedelta(days=1),
            partners=[place.orgs["welzijn"]],
            effects={
                "social_cohesion": "Deelnemers en vrijwilligers leren elkaar kennen.",
                "access_to_services": "De vrijwilligers wijzen de weg naar het buurtteam.",
                "employment": "Beter Nederlands vergroot de kans op werk.",
            },
            results=[
                Result("output", "Taalcafé twee ochtenden per week open", "80 ochtenden"),
                Result("outcome", "Deelnemers voelen zich zekerder in het Nederlands", "60 %"),
            ],
            costs=[
                Cost("Coördinatie en begeleiding vrijwilligers", _money(16000)),
                Cost("Lesmateriaal en koffie", _money(3000)),
                Cost("Huur ruimte", _money(5000)),
            ],
            financing=[
                Financing(place.orgs["gemeente"], _money(18000), FinancingStatus.EXPECTED),
                Financing(place.orgs["welzijn"], _money(6000), FinancingStatus.EXPECTED),
            ],
        ),
    )
    road.at(14, proposal_services.submit_proposal, by=wim)


def _in_conversation(place: _Place) -> None:
    """The idea from the residents' initiatives, now a proposal; one advice round open."""
    road, petra, bureau = place.road(), place.users["partner"], place.users["programmabureau"]
    # The initiatives demo turned the idea into a draft (initiatives.services.
    # propose_project); its author completes it here. Without that demo, Petra starts it.
    draft = place.approach.proposals.filter(
        step=Step.CONCEPT, title=INITIATIVE_TITLE, initiatives__isnull=False
    ).first()
    author = draft.submitted_by if draft is not None else petra
    if draft is not None:
        road.proposal = draft
        start: dict[str, Any] = {"call": proposal_services.revise_proposal, "by": author}
    else:
        start = {
            "call": proposal_services.create_proposal,
            "approach": place.approach,
            "by": petra,
            "organisation": place.orgs["corporatie"],
            "is_example": True,
        }
    road.at(
        12,
        **start,
        content=Content(
            title=CONVERSATION_TITLE,
            summary=(
                "Een werkplaats in een lege bergruimte van de corporatie, waar jongeren "
                "fietsen leren repareren en buren hun fiets goedkoop laten maken."
            ),
            problem=(
                "Jongeren en jongerenwerkers kwamen met dit idee aan de wijktafel (een "
                "bewonersinitiatief): jongeren zoeken werkervaring, veel buren hebben een "
                "kapotte fiets in de schuur."
            ),
            areas=[place.areas.get("zamenhof", place.areas["district"])],
            themes=["work", "education"],
            goals=[g for t, g in place.goals.items() if t == "Meer bewoners aan het werk"],
            start_date=place.start(3),
            end_date=place.start(27) - dt.timedelta(days=1),
            continuity_plan=(
                "Na twee jaar draagt de werkplaats zichzelf voor de helft met reparaties; "
                "de corporatie blijft de ruimte gratis geven."
            ),
            effects={
                "employment": "Jongeren doen werkervaring op en halen een certificaat.",
                "ownership": "Jongeren runnen de werkplaats samen met een begeleider.",
                "positive_image": "Jongeren zijn zichtbaar bezig voor de buurt.",
            },
            results=[
                Result("output", "Jongeren met werkervaring in de werkplaats", "20 per jaar"),
                Result("outcome", "Jongeren daarna aan een opleiding of baan", "12"),
            ],
            costs=[
                Cost("Begeleider (0,5 fte, twee jaar)", _money(48000)),
                Cost("Gereedschap en inrichting", _money(12000)),
                Cost("Onderdelen", _money(5000)),
            ],
            financing=[
                Financing(place.orgs["corporatie"], _money(15000), FinancingStatus.COMMITTED),
                Financing(place.orgs["welzijn"], _money(10000), FinancingStatus.EXPECTED),
                Financing(place.orgs["gemeente"], _money(40000), FinancingStatus.EXPECTED),
            ],
        ),
    )
    road.at(10, proposal_services.submit_proposal, by=author)
    road.at(
        4,
        proposal_services.open_advice_round,
        by=bureau,
        advice=(
            "Een sterk plan dat past bij het doel 'Meer bewoners aan het werk'. Twee punten: "
            "de cofinanciering is 38 %, net onder de 40 % van het kader. En het Werkcafé "
            "begeleidt al jongeren naar werk: sluit daar aan, dan hoeft de werkplaats de "
            "begeleiding niet alleen te betalen."
        ),
        partners=[place.orgs["welzijn"]],
        projects=[p for t, p in place.projects.items() if t == "Werkcafé in het wijkcentrum"],
    )


def _tigrisdreef(place: _Place, version: int) -> Content:
    """The proposal as written in round ``version`` (1: first submission, 3: after the
    second advice): co-funding 30 % → 40 % → 42 %, a continuity plan from version 3."""
    orgs = place.orgs
    financing = [Financing(orgs["corporatie"], _money(27000), FinancingStatus.COMMITTED)]
    effects = {
        "social_cohesion": "Buren tuinieren samen en ontmoeten elkaar op het plein.",
        "positive_image": "Een verwaarloosd veld wordt een groene plek om trots op te zijn.",
    }
    results = [Result("output", "Moestuinen en een ontmoetingsplek aangelegd")]
    if version >= 2:
        financing.append(Financing(orgs["welzijn"], _money(9000), FinancingStatus.COMMITTED))
        effects["ownership"] = "Een bewonersgroep beheert de tuinen en verdeelt de bakken."
    if version >= 3:
        financing.append(Financing(orgs["school"], _money(2000), FinancingStatus.EXPECTED))
        results = [
            Result("output", "Moestuinbakken aangelegd", "40 bakken", place.start(6)),
            Result("output", "Vaste tuinders uit de buurt", "60 bewoners", place.start(12)),
            Result(
                "outcome",
                "Bewoners van de buurt die zeggen hun buren te kennen",
                "+10 procentpunt",
                place.start(24),
            ),
        ]
    cost = 90000
    programme = cost - sum(int(f.amount) for f in financing)
    financing.append(Financing(orgs["gemeente"], _money(programme), FinancingStatus.EXPECTED))
    area = place.areas.get("tigrisdreef", place.areas["district"])
    return Content(
        title=TWO_ROUNDS_TITLE,
        summary=(
            "Op het braakliggende veld aan de Tigrisdreef leggen bewoners moestuinen en een "
            "ontmoetingsplek aan, naar het voorbeeld van de moestuin aan de Zambesidreef."
        ),
        problem=(
            "Het veld trekt overlast en bewoners kennen elkaar weinig. De moestuin achter de "
            "flat aan de Zambesidreef laat zien dat buren elkaar daar wel vinden."
        ),
        indicator_codes=[c for c in ("crimes_per_1000",) if c in place.indicators],
        stories=list(place.stories.values()),
        areas=[area],
        themes=["cohesion", "environment", "safety"],
        goals=[g for t, g in place.goals.items() if t == "Een veiliger wijk"],
        policy_drivers=[d for k, d in place.drivers.items() if k == "healthy_district"],
        combined_message=(
            "Groen op het veld maakt de buurt gezonder en veiliger en brengt buren samen."
        ),
        start_date=place.start(3),
        end_date=place.start(27) - dt.timedelta(days=1),
        continuity_plan=(
            "Na twee seizoenen beheert de bewonersgroep de tuinen; de corporatie houdt het "
            "veld beschikbaar en betaalt water en hekwerk uit haar leefbaarheidsbudget."
            if version >= 3
            else ""
        ),
        partners=[orgs["welzijn"], orgs["bewoners"]] + ([orgs["school"]] if version >= 3 else []),
        effects=effects,
        results=results,
        costs=[
            Cost("Aanleg tuinen, bakken en bankjes", _money(55000)),
            Cost("Begeleiding tuinders (twee seizoenen)", _money(35000)),
        ],
        financing=financing,
    )


def _two_rounds(place: _Place) -> None:
    """Advice, resubmission, advice again, resubmission; now in assessment, overdue:
    the wijkmanager has submitted his scores, the external assessor not yet."""
    road, petra = place.road(), place.users["partner"]
    bureau, wim, bram = (place.users[u] for u in ("programmabureau", "wijkmanager", ASSESSOR))
    road.at(
        70,
        proposal_services.create_proposal,
        approach=place.approach,
        by=petra,
        organisation=place.orgs["corporatie"],
        is_example=True,
        content=_tigrisdreef(place, 1),
    )
    road.at(66, proposal_services.submit_proposal, by=petra)
    road.at(
        60,
        proposal_services.open_advice_round,
        by=bureau,
        advice=(
            "Een sterk idee, en de Buurtmoestuin laat zien dat het werkt. Maar de "
            "cofinanciering is 30 % (het kader vraagt 40 %), en het voorstel noemt twee "
            "effecten waar het kader er drie substantieel vraagt. Praat met de "
            "welzijnsorganisatie over de begeleiding van de tuinders."
        ),
        partners=[place.orgs["welzijn"]],
        projects=[p for t, p in place.projects.items() if t == "Buurtmoestuin"],
    )
    road.at(48, proposal_services.revise_proposal, by=petra, content=_tigrisdreef(place, 2))
    road.at(
        45,
        proposal_services.submit_proposal,
        by=petra,
        note=(
            "De welzijnsorganisatie levert de begeleiding (€ 9.000 aan uren); de "
            "cofinanciering is nu 40 %. Eigenaarschap toegevoegd: een bewonersgroep "
            "beheert de tuinen."
        ),
    )
    road.at(
        40,
        proposal_services.open_advice_round,
        by=bureau,
        advice=(
            "Dank, de cofinanciering haalt nu precies de 40 %. Wat nog ontbreekt: wat "
            "gebeurt er als het programmageld na twee jaar stopt? En maak de resultaten "
            "meetbaar: hoeveel bakken, hoeveel tuinders, wat verandert er in de buurt."
        ),
    )
    road.at(33, proposal_services.revise_proposal, by=petra, content=_tigrisdreef(place, 3))
    road.at(
        30,
        proposal_services.submit_proposal,
        by=petra,
        note=(
            "Continuïteitsplan toegevoegd (bewonersgroep en corporatie). Resultaten "
            "meetbaar gemaakt. De school draagt € 2.000 bij aan gereedschap (42 %)."
        ),
    )
    road.at(25, assessment_services.name_assessor, by=bureau, user=wim)
    road.at(25, assessment_services.name_assessor, by=bureau, user=bram)
    road.at(22, assessment_services.start_assessment, by=bureau)
    road.at(
        12,
        assessment_services.save_scores,
        by=wim,
        submit=True,
        scores=_scores(
            road.proposal,
            {
                "social_cohesion": (S, "De Buurtmoestuin laat zien dat buren elkaar vinden."),
                "positive_image": (S, "Het veld is nu een plek die bewoners mijden."),
                "ownership": (S, "De bewonersgroep beheert en verdeelt de bakken zelf."),
                "safety": (M, "Meer mensen op het veld; geen maatregel tegen overlast."),
            },
            (True, "Bewonersgroep en corporatie nemen het over; water en hek zijn geregeld."),
        ),
    )
    # Two effects scored, kept as a draft: the wijkmanager's scores stay hidden from him.
    road.at(
        5,
        assessment_services.save_scores,
        by=bram,
        private_note="Nog navragen of de school de bijdrage al heeft toegezegd.",
        scores=_draft_scores(
            road.proposal,
            {
                "social_cohesion": (S, "Sterk: samen tuinieren verbindt."),
                "ownership": (M, "De bewonersgroep moet nog worden gevormd."),
            },
            (True, "Het plan is concreet genoeg."),
        ),
    )


def _approved(place: _Place) -> None:
    """Assessed by both, approved: now a project of the programme with its money."""
    road, petra = place.road(), place.users["partner"]
    bureau, wim, bram = (place.users[u] for u in ("programmabureau", "wijkmanager", ASSESSOR))
    road.at(
        60,
        proposal_services.create_proposal,
        approach=place.approach,
        by=petra,
        organisation=place.orgs["corporatie"],
        is_example=True,
        content=Content(
            title=APPROVED_TITLE,
            summary=(
                "Een bewoner uit de buurt wordt buurtconciërge van de flats aan de "
                "Zambesidreef: aanspreekpunt, oog en oor, en de weg naar hulp."
            ),
            problem=(
                "Bewoners melden vervuiling en overlast in en rond de flats, en weten niet "
                "bij wie ze terecht kunnen."
            ),
            areas=[place.areas.get("zambesi", place.areas["district"])],
            themes=["safety", "work", "cohesion"],
            goals=[g for t, g in place.goals.items() if t == "Een veiliger wijk"],
            policy_drivers=[d for k, d in place.drivers.items() if k == "safe_district"],
            start_date=place.start(-1),
            end_date=place.start(23) - dt.timedelta(days=1),
            continuity_plan=(
                "Na twee jaar neemt de corporatie de conciërge op in de servicekosten van de "
                "flats; de gemeente betaalt dan niet meer mee."
            ),
            partners=[place.orgs["welzijn"], place.orgs["politie"]],
            effects={
                "safety": "Een vast gezicht in de flats; overlast wordt eerder gemeld.",
                "employment": "Een bewoner met een uitkering krijgt een betaalde baan.",
                "social_cohesion": "De conciërge brengt buren samen bij kleine klussen.",
                "access_to_services": "De conciërge verwijst naar het buurtteam.",
            },
            results=[
                Result("output", "Buurtconciërge in dienst", "1 fte"),
                Result("outcome", "Minder meldingen van vervuiling rond de flats", "-25 %"),
            ],
            costs=[
                Cost("Loonkosten conciërge (twee jaar)", _money(70000)),
                Cost("Opleiding en begeleiding", _money(5000)),
                Cost("Gereedschap en materiaal", _money(10000)),
            ],
            financing=[
                Financing(place.orgs["corporatie"], _money(30000), FinancingStatus.COMMITTED),
                Financing(place.orgs["welzijn"], _money(8000), FinancingStatus.EXPECTED),
                Financing(place.orgs["gemeente"], _money(47000), FinancingStatus.COMMITTED),
            ],
        ),
    )
    road.at(55, proposal_services.submit_proposal, by=petra)
    road.at(52, assessment_services.name_assessor, by=bureau, user=wim)
    road.at(52, assessment_services.name_assessor, by=bureau, user=bram)
    road.at(50, assessment_services.start_assessment, by=bureau)
    continuity = (True, "Servicekosten van de corporatie na twee jaar; schriftelijk bevestigd.")
    road.at(
        42,
        assessment_services.save_scores,
        by=wim,
        submit=True,
        scores=_scores(
            road.proposal,
            {
                "safety": (S, "Werkt in vergelijkbare flats in de Binnenstad."),
                "employment": (S, "Een betaalde baan voor een bewoner."),
                "social_cohesion": (S, "Klussen met buren staan in het plan."),
                "access_to_services": (M, "Verwijzen is goed, maar niet de kern."),
            },
            continuity,
        ),
    )
    road.at(
        40,
        assessment_services.save_scores,
        by=bram,
        submit=True,
        scores=_scores(
            road.proposal,
            {
                "safety": (S, "Een vast gezicht in de flats doet veel."),
                "employment": (S, "Werk voor een bewoner uit de buurt."),
                "social_cohesion": (M, "Hangt af van wie de conciërge wordt."),
                "access_to_services": (S, "De welzijnsorganisatie leidt de conciërge op."),
            },
            continuity,
        ),
    )
    road.at(
        35,
        assessment_services.decide,
        by=bureau,
        decision=Decision.APPROVED,
        reasons=(
            "Beide beoordelaars zien een substantiële bijdrage aan veiligheid en "
            "werkgelegenheid en een derde effect; de cofinanciering is 45 %; de "
            "corporatie neemt de kosten na twee jaar over."
        ),
    )


def _rejected(place: _Place) -> None:
    """Assessed by the bureau and the external assessor, rejected with reasons."""
    road, wim = place.road(), place.users["wijkmanager"]
    bureau, bram = place.users["programmabureau"], place.users[ASSESSOR]
    road.at(
        45,
        proposal_services.create_proposal,
        approach=place.approach,
        by=wim,
        is_example=True,
        content=Content(
            title=REJECTED_TITLE,
            summary=(
                "Camera's en hekken rond het winkelcentrum, zodat er 's avonds minder overlast is."
            ),
            problem="Ondernemers melden meer overlast bij het winkelcentrum.",
            areas=[place.areas["district"]],
            themes=["safety"],
            goals=[g for t, g in place.goals.items() if t == "Een veiliger wijk"],
            start_date=place.start(1),
            end_date=place.start(37) - dt.timedelta(days=1),
            continuity_plan="Het onderhoud betaalt de gemeente uit het programma.",
            effects={
                "safety": "Camera's schrikken af en helpen de politie.",
                "positive_image": "Een opgeruimd en veilig winkelcentrum.",
            },
            results=[Result("output", "Camera's geplaatst", "8")],
            costs=[
                Cost("Camera's en aansluiting", _money(95000)),
                Cost("Hekwerk", _money(30000)),
                Cost("Onderhoud (drie jaar)", _money(15000)),
            ],
            financing=[Financing(place.orgs["gemeente"], _money(140000), FinancingStatus.EXPECTED)],
        ),
    )
    road.at(43, proposal_services.submit_proposal, by=wim)
    road.at(38, assessment_services.name_assessor, by=bureau, user=bureau)
    road.at(38, assessment_services.name_assessor, by=bureau, user=bram)
    road.at(37, assessment_services.start_assessment, by=bureau)
    continuity = (False, "Het onderhoud blijft op het programma drukken.")
    for days, who, cohesion in ((30, bureau, M), (28, bram, N)):
        road.at(
            days,
            assessment_services.save_scores,
            by=who,
            submit=True,
            scores=_scores(
                road.proposal,
                {
                    "safety": (S, "Camera's helpen bij overlast op deze plek."),
                    "positive_image": (M, "Hekken maken de plek ook onvriendelijker."),
                    "social_cohesion": (cohesion, "Bewoners en ondernemers doen niet mee."),
                },
                continuity,
            ),
        )
    road.at(
        24,
        assessment_services.decide,
        by=bureau,
        decision=Decision.REJECTED,
        reasons=(
            "Afgewezen. Beide beoordelaars zien een substantiële bijdrage aan één van de "
            "zes effecten (veiligheid); het kader vraagt er drie. Er is geen "
            "cofinanciering (0 %, minimaal 40 %) en het onderhoud blijft op het programma "
            "drukken. Breng de vraag in bij het project 'Veilige looproutes' en bij de "
            "politie en de ondernemers."
        ),
    )


def _withdrawn(place: _Place) -> None:
    road, petra = place.road(), place.users["partner"]
    road.at(
        32,
        proposal_services.create_proposal,
        approach=place.approach,
        by=petra,
        organisation=place.orgs["corporatie"],
        is_example=True,
        content=Content(
            title=WITHDRAWN_TITLE,
            summary="Een buurtkamer in de lege winkelruimte onder de Vechtzoomflat.",
            areas=[place.areas.get("vechtzoom", place.areas["district"])],
            themes=["cohesion"],
            start_date=place.start(1),
            effects={
                "social_cohesion": "Een plek om elkaar te ontmoeten.",
                "ownership": "Bewoners openen en sluiten de kamer zelf.",
            },
            costs=[Cost("Inrichting", _money(20000))],
            financing=[
                Financing(place.orgs["corporatie"], _money(8000), FinancingStatus.COMMITTED),
                Financing(place.orgs["gemeente"], _money(12000), FinancingStatus.EXPECTED),
            ],
        ),
    )
    road.at(30, proposal_services.submit_proposal, by=petra)
    road.at(
        26,
        proposal_services.withdraw_proposal,
        by=petra,
        reason=(
            "De corporatie verkoopt de winkelruimte aan een zorgaanbieder. We zoeken een "
            "andere plek en dienen dan opnieuw in."
        ),
    )


OVERVECHT: list[tuple[str, Callable[[_Place], None]]] = [
    (CONCEPT_TITLE, _concept),
    (OVERDUE_TITLE, _overdue),
    (CONVERSATION_TITLE, _in_conversation),
    (TWO_ROUNDS_TITLE, _two_rounds),
    (APPROVED_TITLE, _approved),
    (REJECTED_TITLE, _rejected),
    (WITHDRAWN_TITLE, _withdrawn),
]
# Buurten of Overvecht the examples are for, by name (the wijk itself when not loaded).
OVERVECHT_BUURTEN = {
    "tigrisdreef": "Tigrisdreef",
    "zamenhof": "Zamenhofdreef",
    "zambesi": "Zambesidreef",
    "vechtzoom": "Vechtzoom-noord",
}
STORY_TITLES = ("Voorbeeld: de moestuin achter de flat",)


def _overvecht(stdout: TextIO | None) -> list[Proposal]:
    approach = Approach.objects.filter(name=OVERVECHT_NAME).first()
    if approach is None:
        _say(stdout, "demo proposals Overvecht: skipped, the example wijkaanpak is not loaded")
        return []
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=("partner", "wijkmanager", "programmabureau"), is_demo=True
        )
    }
    assessor = _demo_user(ASSESSOR) if len(users) == 3 else None
    if assessor is None:
        _say(stdout, "demo proposals Overvecht: skipped, demo users not loaded")
        return []
    users[ASSESSOR] = assessor
    orgs = {
        key: Organisation.objects.get(municipality=approach.municipality, name=name)
        for key, name in (
            ("gemeente", "Gemeente (voorbeeld)"),
            ("corporatie", "Woningcorporatie (voorbeeld)"),
            ("welzijn", "Welzijnsorganisatie (voorbeeld)"),
            ("school", "Basisschool (voorbeeld)"),
            ("politie", "Politieteam (voorbeeld)"),
            ("bewoners", "Bewonersplatform (voorbeeld)"),
        )
    }
    # Both act for their organisation (the partner already does, from agenda's demo).
    organisation_services.link_user_to_organisation(
        user=users["partner"], organisation=orgs["corporatie"], by=DEMO
    )
    organisation_services.link_user_to_organisation(
        user=assessor, organisation=orgs["welzijn"], by=DEMO
    )
    district = approach.areas.get()
    areas = {"district": district}
    for key, name in OVERVECHT_BUURTEN.items():
        buurt = Area.objects.filter(parent=district, name__icontains=name).order_by("code").first()
        if buurt is not None:
            areas[key] = buurt
    place = _Place(
        approach=approach,
        users=users,
        orgs=orgs,
        areas=areas,
        stories={
            s.title: s
            for s in Story.objects.filter(
                title__in=STORY_TITLES,
                municipality_code=UTRECHT,
                status=StoryStatus.PUBLISHED,
            )
        },
        **_common(approach),
    )
    return _build(place, OVERVECHT, stdout)


def _build(
    place: _Place, examples: list[tuple[str, Callable[[_Place], None]]], stdout: TextIO | None
) -> list[Proposal]:
    made = []
    for title, build in examples:
        if place.approach.proposals.filter(title=title).exists():
            continue
        # One transaction per example: a failure leaves no half-built proposal.
        with transaction.atomic():
            build(place)
        made.append(place.approach.proposals.get(title=title))
    name = place.approach.name
    _say(
        stdout,
        f"demo proposals {name}: {len(made)} added" if made else f"demo proposals {name}: exists",
    )
    return made


# --- Den Haag Zuidwest -------------------------------------------------------------------------


def _dh_submitted(place: _Place) -> None:
    road, pepijn = place.road(), place.users["partner-denhaag"]
    road.at(
        4,
        proposal_services.create_proposal,
        approach=place.approach,
        by=pepijn,
        organisation=place.orgs["corporatie"],
        is_example=True,
        content=Content(
            title="Taalles voor ouders op de basisschool (voorbeeld)",
            summary=(
                "Ouders leren Nederlands op de school van hun kinderen, terwijl de kinderen "
                "in de klas zitten."
            ),
            areas=[place.areas["Morgenstond"]],
            themes=["education", "cohesion"],
            start_date=place.start(2),
            end_date=place.start(14) - dt.timedelta(days=1),
            continuity_plan=(
                "De school neemt de lessen daarna op in haar ouderprogramma, betaald uit "
                "de onderwijsachterstandsmiddelen."
            ),
            effects={
                "social_cohesion": "Ouders leren elkaar kennen op het schoolplein.",
                "access_to_services": "Ouders vinden de weg naar school en wijkteam.",
                "employment": "Beter Nederlands helpt bij het vinden van werk.",
            },
            costs=[Cost("Docent en materiaal", _money(30000))],
            financing=[
                Financing(place.orgs["corporatie"], _money(6000), FinancingStatus.COMMITTED),
                Financing(place.orgs["welzijn"], _money(6500), FinancingStatus.EXPECTED),
                Financing(place.orgs["gemeente"], _money(17500), FinancingStatus.EXPECTED),
            ],
        ),
    )
    road.at(3, proposal_services.submit_proposal, by=pepijn)


def _dh_conversation(place: _Place) -> None:
    road, pepijn, bureau = place.road(), place.users["partner-denhaag"], place.users["bureau"]
    road.at(
        15,
        proposal_services.create_proposal,
        approach=place.approach,
        by=pepijn,
        organisation=place.orgs["corporatie"],
        is_example=True,
        content=Content(
            title="Klussen met buren in Bouwlust (voorbeeld)",
            summary="Een klussendienst waarin buren elkaar helpen met kleine reparaties.",
            areas=[place.areas["Bouwlust"]],
            themes=["housing", "cohesion"],
            start_date=place.start(3),
            effects={
                "social_cohesion": "Buren helpen elkaar.",
                "ownership": "Bewoners plannen de klussen zelf.",
            },
            costs=[Cost("Coördinator en gereedschap", _money(40000))],
            financing=[
                Financing(place.orgs["corporatie"], _money(12000), FinancingStatus.COMMITTED),
                Financing(place.orgs["gemeente"], _money(28000), FinancingStatus.EXPECTED),
            ],
        ),
    )
    road.at(13, proposal_services.submit_proposal, by=pepijn)
    road.at(
        6,
        proposal_services.open_advice_round,
        by=bureau,
        advice=(
            "Goed idee. De cofinanciering is 30 %, onder de 40 %, en er staat geen plan "
            "voor na de subsidie. Praat met Welzijn Escamp over vrijwilligers en "
            "begeleiding."
        ),
        partners=[place.orgs["welzijn"]],
    )


def _dh_assessed(title: str, decision: str, days_ago: int) -> Callable[[_Place], None]:
    """A proposal of the Den Haag partner, assessed by the wijkmanager and the bureau and
    decided, begun ``days_ago`` working days ago."""

    def build(place: _Place) -> None:
        road, pepijn = place.road(), place.users["partner-denhaag"]
        bureau, wouter = place.users["bureau"], place.users["wijkmanager-denhaag"]
        road.at(
            days_ago,
            proposal_services.create_proposal,
            approach=place.approach,
            by=pepijn,
            organisation=place.orgs["corporatie"],
            is_example=True,
            content=_DH_ASSESSED[title](place),
        )
        road.at(days_ago - 3, proposal_services.submit_proposal, by=pepijn)
        road.at(days_ago - 8, assessment_services.name_assessor, by=bureau, user=wouter)
        road.at(days_ago - 8, assessment_services.name_assessor, by=bureau, user=bureau)
        road.at(days_ago - 10, assessment_services.start_assessment, by=bureau)
        for later, who in ((20, wouter), (22, bureau)):
            road.at(
                days_ago - later,
                assessment_services.save_scores,
                by=who,
                submit=True,
                scores=_scores(road.proposal, *_DH_SCORES[title]),
            )
        road.at(
            days_ago - 28,
            assessment_services.decide,
            by=bureau,
            decision=decision,
            **_DH_DECISIONS[title],
        )

    return build


DH_APPROVED_TITLE = "Huiskamer van de wijk in Moerwijk (voorbeeld)"
DH_REJECTED_TITLE = "Nieuwe entreedeuren voor de portiekflats (voorbeeld)"

_DH_ASSESSED: dict[str, Callable[[_Place], Content]] = {
    DH_APPROVED_TITLE: lambda place: Content(
        title=DH_APPROVED_TITLE,
        summary=(
            "Een huiskamer in de plint van een flat in Moerwijk: koffie, spreekuren van het "
            "wijkteam en activiteiten die bewoners zelf organiseren."
        ),
        problem="Eenzaamheid onder ouderen en weinig plekken om elkaar te ontmoeten.",
        areas=[place.areas["Moerwijk"]],
        themes=["cohesion", "health"],
        start_date=place.start(-1),
        end_date=place.start(35) - dt.timedelta(days=1),
        continuity_plan=(
            "Na drie jaar draagt Welzijn Escamp de huiskamer met vrijwilligers; de "
            "corporatie rekent geen huur."
        ),
        partners=[place.orgs["welzijn"]],
        effects={
            "social_cohesion": "Bewoners ontmoeten elkaar dagelijks.",
            "access_to_services": "Spreekuren van het wijkteam in de huiskamer.",
            "ownership": "Bewoners maken het programma zelf.",
        },
        results=[
            Result("output", "Huiskamer vijf dagen per week open", "250 dagen per jaar"),
            Result("outcome", "Bezoekers die zich minder eenzaam voelen", "50 %"),
        ],
        costs=[
            Cost("Inrichting", _money(25000)),
            Cost("Opbouwwerker (drie jaar, 0,4 fte)", _money(95000)),
        ],
        financing=[
            Financing(place.orgs["corporatie"], _money(30000), FinancingStatus.COMMITTED),
            Financing(place.orgs["welzijn"], _money(20000), FinancingStatus.EXPECTED),
            Financing(place.orgs["gemeente"], _money(70000), FinancingStatus.COMMITTED),
        ],
    ),
    DH_REJECTED_TITLE: lambda place: Content(
        title=DH_REJECTED_TITLE,
        summary="Nieuwe, afsluitbare entreedeuren voor twaalf portiekflats in Morgenstond.",
        problem="Bewoners melden onbekenden in de portieken en overlast 's nachts.",
        areas=[place.areas["Morgenstond"]],
        themes=["housing", "safety"],
        start_date=place.start(2),
        continuity_plan="De corporatie onderhoudt de deuren als de rest van het gebouw.",
        effects={
            "safety": "Alleen bewoners en hun bezoek komen de portieken in.",
            "positive_image": "Nette entrees geven de flats een betere uitstraling.",
        },
        costs=[Cost("Twaalf entreedeuren met intercom", _money(160000))],
        financing=[
            Financing(place.orgs["corporatie"], _money(40000), FinancingStatus.COMMITTED),
            Financing(place.orgs["gemeente"], _money(120000), FinancingStatus.EXPECTED),
        ],
    ),
}
_DH_SCORES: dict[str, tuple[dict[str, tuple[str, str]], tuple[bool, str]]] = {
    DH_APPROVED_TITLE: (
        {
            "social_cohesion": (S, "Een vaste plek om elkaar te ontmoeten ontbreekt nu."),
            "access_to_services": (S, "Het wijkteam komt naar de bewoners toe."),
            "ownership": (S, "Bewoners maken het programma zelf."),
            "positive_image": (M, "Een levendige plint helpt de straat."),
        },
        (True, "Welzijn Escamp neemt het over; geen huur."),
    ),
    DH_REJECTED_TITLE: (
        {
            "safety": (S, "Afsluitbare deuren houden onbekenden buiten."),
            "positive_image": (M, "Nettere entrees, maar verder verandert er niets."),
        },
        (True, "De corporatie onderhoudt de deuren."),
    ),
}
_DH_DECISIONS: dict[str, dict[str, str]] = {
    DH_APPROVED_TITLE: {
        "reasons": (
            "Substantiële bijdrage aan drie effecten (sociale cohesie, toegang tot "
            "voorzieningen, eigenaarschap); cofinanciering 42 %."
        ),
        "conditions": (
            "Welzijn Escamp bevestigt de bijdrage van € 20.000 schriftelijk vóór de start; "
            "na een jaar een tussenevaluatie met de bewoners."
        ),
    },
    DH_REJECTED_TITLE: {
        "reasons": (
            "Afgewezen. Nieuwe entreedeuren zijn onderhoud van de corporatie zelf, geen "
            "project van de wijkaanpak. De beoordelaars zien een substantiële bijdrage aan "
            "één van de zes effecten (veiligheid), het kader vraagt er drie; de "
            "cofinanciering is 25 % (minimaal 40 %). Het gesprek over veilige portieken "
            "voeren we graag verder in de wijkagenda."
        ),
    },
}


def _den_haag(stdout: TextIO | None) -> list[Proposal]:
    municipality = Area.objects.filter(code=DEN_HAAG).first()
    districts = {name: _district(DEN_HAAG, name, code) for name, code in ZUIDWEST}
    if municipality is None or None in districts.values():
        _say(stdout, "demo proposals Den Haag: skipped, Den Haag Zuidwest not loaded")
        return []
    users = {u: _demo_user(u) for u in NEW_USERS if u.endswith("-denhaag")}
    if None in users.values():
        _say(stdout, "demo proposals Den Haag: skipped, demo users could not be made")
        return []
    users["bureau"] = users["programmabureau-denhaag"]
    orgs: dict[str, Organisation] = {}
    for key, name, kind, subtype in DEN_HAAG_ORGANISATIONS:
        orgs[key] = Organisation.objects.filter(
            municipality=municipality, name=name
        ).first() or organisation_services.create_organisation(
            name=name, kind=kind, subtype=subtype, municipality=municipality, by=DEMO
        )
    organisation_services.link_user_to_organisation(
        user=users["partner-denhaag"], organisation=orgs["corporatie"], by=DEMO
    )
    approach = Approach.objects.filter(name=DEN_HAAG_NAME).first()
    if approach is None:
        approach = approach_services.create_approach(
            name=DEN_HAAG_NAME,
            summary=(
                "Een verzonnen voorbeeld: gemeente, corporatie en welzijn werken "
                "samen aan Moerwijk, Morgenstond en Bouwlust."
            ),
            municipality=municipality,
            areas=list(districts.values()),
            start_year=2024,
            end_year=2040,
            is_published=True,
            is_example=True,
            budget_holder=orgs["gemeente"],
            by=DEMO,
        )
    place = _Place(
        approach=approach,
        users=users,
        orgs=orgs,
        areas=districts,
        stories={},
        **_common(approach),
    )
    examples = [
        (
            DH_APPROVED_TITLE,
            _dh_assessed(DH_APPROVED_TITLE, Decision.APPROVED_WITH_CONDITIONS, 58),
        ),
        (DH_REJECTED_TITLE, _dh_assessed(DH_REJECTED_TITLE, Decision.REJECTED, 50)),
        ("Klussen met buren in Bouwlust (voorbeeld)", _dh_conversation),
        ("Taalles voor ouders op de basisschool (voorbeeld)", _dh_submitted),
    ]
    return _build(place, examples, stdout)


def load_demo_proposals(stdout: TextIO | None = None) -> list[Proposal]:
    """Make the example proposals that do not exist yet; return those made."""
    return _overvecht(stdout) + _den_haag(stdout)
