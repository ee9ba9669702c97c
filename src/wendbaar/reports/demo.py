"""The Overvecht example's reports: the 2025 report, adopted — two voices per goal, an
honest "not yet" in each chapter, a partner's comment from the discussion — and the
2026 report as a draft. Idempotent. Runs after the monitor's analysis, so the frozen
2025 report holds the reference groups' figures."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction

from wendbaar.accounts.models import User
from wendbaar.agenda.demo import DEMO_NAME
from wendbaar.approaches.models import Approach
from wendbaar.areas.models import Area
from wendbaar.core.actors import SystemActor
from wendbaar.stories import services as story_services
from wendbaar.stories.constants import AuthorKind, CollectionMethod, Consent, StoryStatus
from wendbaar.stories.models import Story

from . import services
from .compose import period_of
from .constants import MeasurementKind as K
from .constants import Status
from .models import Report

DEMO = SystemActor("load_demo")
WORK, SAFE = "Meer bewoners aan het werk", "Een veiliger wijk"
# The stories demo's public ones, and two more told for this report's work chapter.
GARDEN = "Voorbeeld: de moestuin achter de flat"
DARK_PATH = "Voorbeeld: donker pad naar het station"
# (title, author kind, themes, date, quote, text)
EXTRA_STORIES = [
    (
        "Voorbeeld: via het werkcafé weer aan de slag",
        AuthorKind.RESIDENT,
        ["work"],
        dt.date(2025, 5, 22),
        "Ik durfde weer te solliciteren omdat iemand met me meeging.",
        "Dit is een verzonnen voorbeeld.\n\nNa twee jaar thuis vond een bewoner via het "
        "werkcafé een baan in de zorg. Het hielp dat een vrijwilliger meeging naar het "
        "eerste gesprek.",
    ),
    (
        "Voorbeeld: de jobcoach komt te laat",
        AuthorKind.PROFESSIONAL,
        ["work"],
        dt.date(2025, 9, 12),
        "Als iemand eindelijk komt, duurt het weken voor er een coach is.",
        "Dit is een verzonnen voorbeeld.\n\nEen medewerker van het wijkteam vertelde dat "
        "bewoners die zich melden lang wachten op een jobcoach, en dat sommigen dan "
        "afhaken.",
    ),
]

INTRODUCTION = (
    "Dit is een verzonnen voorbeeld van een voortgangsrapportage. Bewoners en partners "
    "vertellen eerst wat er in 2025 gebeurde; de cijfers staan in de bijlagen."
)
INTENTIONS = (
    "In 2026 willen we de wachttijd voor een jobcoach halveren en de verlichting van de "
    "looproutes afmaken. Het bewonersplatform beslist mee over het zomerfestival."
)
CLAIMS = {
    WORK: (
        [
            (
                "Het werkcafé hielp in 2025 twaalf bewoners aan werk; de meesten vonden "
                "het via een buur of vrijwilliger.",
                K.PROGRESS_MONITORING,
            ),
            (
                "Samen met de corporatie en het wijkteam loopt de aanmelding nu via één loket.",
                K.PROCESS_EVALUATION,
            ),
        ],
        [
            (
                "We bereiken gezinnen met schulden te laat: de wachttijd voor een jobcoach "
                "liep op tot zeven weken. Dit lukt nog niet.",
                K.DEVELOPMENT_RESEARCH,
            ),
        ],
    ),
    SAFE: (
        [
            (
                "Bewoners zeggen in de wijkschouw dat de portieken schoner en lichter zijn.",
                K.PROGRESS_MONITORING,
            ),
        ],
        [
            (
                "De verlichting van het fietspad langs het water is nog niet vervangen: de "
                "aanbesteding liep een half jaar uit.",
                K.PROGRESS_MONITORING,
            ),
            (
                "Of mensen zich veiliger voelen, weten we nog niet: de veiligheidsmonitor "
                "meet pas weer in 2026.",
                K.EFFECT_STUDY,
            ),
        ],
    ),
}
ADOPTED_ON = dt.date(2026, 3, 19)


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _stories(approach: Approach) -> dict[str, Story]:
    district = approach.areas.get()
    buurt = Area.objects.filter(parent=district).order_by("code").first() or district
    for title, kind, themes, day, quote, text in EXTRA_STORIES:
        if not Story.objects.filter(title=title, municipality_code=district.municipality_code):
            story_services.create_story(
                by=DEMO,
                municipality=approach.municipality,
                areas=[buurt],
                title=title,
                text=text,
                quote=quote,
                author_kind=kind,
                themes=themes,
                collected_on=day,
                collection_method=CollectionMethod.CONVERSATION,
                consent=Consent.PUBLIC,
            )
    titles = [GARDEN, DARK_PATH] + [s[0] for s in EXTRA_STORIES]
    return {
        s.title: s
        for s in Story.objects.filter(
            title__in=titles,
            municipality_code=district.municipality_code,
            status=StoryStatus.PUBLISHED,
            consent=Consent.PUBLIC,
        )
    }


def _adopted_2025(approach: Approach, stories: dict[str, Story], partner: User | None) -> Report:
    start, end = period_of(2025)
    report = services.create_report(approach=approach, period_start=start, period_end=end, by=DEMO)
    services.update_report(
        report=report,
        title=report.title,
        introduction=INTRODUCTION,
        intentions=INTENTIONS,
        by=DEMO,
    )
    voices = {
        WORK: [s[0] for s in EXTRA_STORIES],
        SAFE: [DARK_PATH, GARDEN],
    }
    for chapter in report.chapters.all():
        works, not_yet = CLAIMS.get(chapter.goal_title, ([], []))
        services.save_chapter(
            chapter=chapter,
            works=works,
            not_yet=not_yet,
            nothing_works=not works,
            nothing_fails=not not_yet,
            by=DEMO,
        )
        ids = [stories[t].pk for t in voices.get(chapter.goal_title, []) if t in stories]
        services.set_voices(report=report, chapter=chapter, story_ids=ids, by=DEMO)
    opening = [stories[t].pk for t in (GARDEN, EXTRA_STORIES[0][0], DARK_PATH) if t in stories]
    services.set_voices(report=report, story_ids=opening, by=DEMO)
    services.move_report(report=report, to=Status.REVIEW, by=DEMO)
    if partner is not None:
        services.add_comment(
            report=report,
            chapter=report.chapters.filter(goal_title=SAFE).first(),
            text="Noem ook dat de portiekschoonmaak in 2026 doorgaat; dat is toegezegd.",
            by=partner,
        )
    services.move_report(
        report=report, to=Status.ADOPTED, by=DEMO, note="Vastgesteld door de gemeenteraad."
    )
    Report.objects.filter(pk=report.pk).update(adopted_on=ADOPTED_ON)
    return report


def _draft_2026(approach: Approach) -> Report:
    start, end = period_of(2026)
    report = services.create_report(approach=approach, period_start=start, period_end=end, by=DEMO)
    work = report.chapters.filter(goal_title=WORK).first()
    if work is not None:
        services.save_chapter(
            chapter=work,
            works=[
                (
                    "De wachttijd voor een jobcoach is terug naar drie weken.",
                    K.PROGRESS_MONITORING,
                )
            ],
            by=DEMO,
        )
    return report


@transaction.atomic
def load_demo_reports(*, stdout: TextIO | None = None) -> dict[str, int]:
    approach = Approach.objects.filter(name=DEMO_NAME).first()
    if approach is None:
        _say(stdout, "demo reports: skipped, the example wijkaanpak is not loaded")
        return {"reports": 0}
    if approach.reports.exists():
        return {"reports": 0}
    stories = _stories(approach)
    partner = User.objects.filter(username="partner", is_demo=True).first()
    _adopted_2025(approach, stories, partner)
    _draft_2026(approach)
    _say(stdout, "demo reports: the 2025 report of Overvecht (adopted) and a 2026 draft")
    return {"reports": 2}
