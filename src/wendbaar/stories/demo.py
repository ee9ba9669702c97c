"""Demo stories and signals for Utrecht (Overvecht WK034403, Binnenstad WK034406).

Invented examples, marked "Voorbeeld:" and attributed to no real person or
organisation. Idempotent: run it again and nothing is added twice.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction

from wendbaar.areas.models import Area

from .constants import (
    AuthorKind,
    CollectionMethod,
    Consent,
    SignalDirection,
    StorySource,
    StoryStatus,
)
from .models import Signal, Story
from .sanitising import sanitise_story_html
from .services import default_story_retention

MUNICIPALITY = "GM0344"

# (title, area codes, author kind, themes, method, consent, status, date, quote, text)
STORIES = [
    (
        "Voorbeeld: de moestuin achter de flat",
        ["BU03440341"],
        AuthorKind.RESIDENT,
        ["cohesion", "sustainability"],
        CollectionMethod.CONVERSATION,
        Consent.PUBLIC,
        StoryStatus.PUBLISHED,
        dt.date(2024, 5, 14),
        "Sinds de moestuin groet iedereen elkaar.",
        "Dit is een verzonnen voorbeeld.\n\nEen groep bewoners begon een moestuin op het "
        "grasveld achter de flat. Nu staan er elke zaterdag buren te wieden die elkaar eerst "
        "niet kenden.",
    ),
    (
        "Voorbeeld: donker pad naar het station",
        ["BU03440322"],
        AuthorKind.RESIDENT,
        ["safety", "environment"],
        CollectionMethod.DISTRICT_WALK,
        Consent.PUBLIC,
        StoryStatus.PUBLISHED,
        dt.date(2024, 10, 3),
        "Na zessen loop ik liever om.",
        "Dit is een verzonnen voorbeeld.\n\nTijdens de wijkschouw vertelden bewoners dat het "
        "fietspad langs het water 's avonds slecht verlicht is.",
    ),
    (
        "Voorbeeld: wachtlijst bij de schuldhulp",
        ["WK034403"],
        AuthorKind.PROFESSIONAL,
        ["work", "health"],
        CollectionMethod.MEETING,
        Consent.INTERNAL,
        StoryStatus.PUBLISHED,
        dt.date(2025, 2, 20),
        "Mensen komen pas als de deurwaarder al is geweest.",
        "Dit is een verzonnen voorbeeld.\n\nEen hulpverlener vertelde in het wijkoverleg dat "
        "gezinnen laat aankloppen en dat de wachttijd oploopt.",
    ),
    (
        "Voorbeeld: ondernemers ruimen samen op",
        ["BU03440611"],
        AuthorKind.ENTREPRENEUR,
        ["environment"],
        CollectionMethod.SURVEY,
        Consent.PUBLIC,
        StoryStatus.PUBLISHED,
        dt.date(2025, 4, 8),
        "Een schone straat trekt klanten.",
        "Dit is een verzonnen voorbeeld.\n\nWinkeliers spraken af om op maandagochtend "
        "samen het plein schoon te maken.",
    ),
    (
        "Voorbeeld: een verhaal dat nog gemodereerd wordt",
        ["BU03440321"],
        AuthorKind.RESIDENT,
        ["housing"],
        CollectionMethod.ONLINE_FORM,
        Consent.PUBLIC,
        StoryStatus.SUBMITTED,
        dt.date(2025, 6, 1),
        "",
        "Dit is een verzonnen voorbeeld.\n\nDe lift in onze flat staat al weken stil.",
    ),
]

# (area code, theme, direction, date, sentence)
SIGNALS = [
    (
        "BU03440322",
        "safety",
        SignalDirection.CONCERN,
        dt.date(2024, 2, 12),
        "Voorbeeld: meer meldingen van overlast bij het winkelcentrum.",
    ),
    (
        "BU03440322",
        "safety",
        SignalDirection.CONCERN,
        dt.date(2024, 9, 30),
        "Voorbeeld: bewoners durven 's avonds niet over het pad langs het water.",
    ),
    (
        "BU03440341",
        "cohesion",
        SignalDirection.POSITIVE,
        dt.date(2024, 6, 2),
        "Voorbeeld: de buurtmoestuin trekt nieuwe vrijwilligers.",
    ),
    (
        "BU03440341",
        "sustainability",
        SignalDirection.LEVER,
        dt.date(2024, 11, 15),
        "Voorbeeld: tuinders willen ook regenwater opvangen; kans voor klimaatadaptatie.",
    ),
    (
        "WK034403",
        "work",
        SignalDirection.CONCERN,
        dt.date(2025, 1, 20),
        "Voorbeeld: langere wachttijd bij de schuldhulp in de wijk.",
    ),
    (
        "WK034403",
        "health",
        SignalDirection.CONCERN,
        dt.date(2025, 3, 5),
        "Voorbeeld: meer eenzame ouderen in beeld bij de wijkverpleging.",
    ),
    (
        "BU03440611",
        "environment",
        SignalDirection.POSITIVE,
        dt.date(2025, 4, 10),
        "Voorbeeld: ondernemers houden het plein samen schoon.",
    ),
]


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def load_demo_stories(stdout: TextIO | None = None) -> dict[str, int]:
    codes = {MUNICIPALITY} | {c for s in STORIES for c in s[1]} | {s[0] for s in SIGNALS}
    areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
    missing = sorted(codes - set(areas))
    if missing:
        _say(stdout, f"demo stories skipped: areas not loaded ({', '.join(missing)})")
        return {"stories": 0, "signals": 0}
    stories = signals = 0
    for title, area_codes, kind, themes, method, consent, status, day, quote, text in STORIES:
        if Story.objects.filter(title=title, municipality_code=MUNICIPALITY).exists():
            continue
        story = Story.objects.create(
            title=title,
            text=sanitise_story_html(text),
            quote=quote,
            author_kind=kind,
            municipality_code=MUNICIPALITY,
            themes=themes,
            collected_on=day,
            collection_method=method,
            consent=consent,
            retention_until=default_story_retention(day),
            status=status,
            source=StorySource.PUBLIC_FORM
            if method == CollectionMethod.ONLINE_FORM
            else StorySource.STAFF,
        )
        story.areas.set([areas[c] for c in area_codes])
        stories += 1
    for code, theme, direction, day, sentence in SIGNALS:
        _obj, created = Signal.objects.get_or_create(
            area=areas[code],
            sentence=sentence,
            observed_on=day,
            defaults={
                "municipality_code": MUNICIPALITY,
                "theme": theme,
                "direction": direction,
            },
        )
        signals += created
    _say(stdout, f"demo stories: {stories} stories and {signals} signals added")

    from .soft_indicators import monitor_available, write_soft_indicator_observations

    if monitor_available():
        result = write_soft_indicator_observations(municipality_code=MUNICIPALITY)
        _say(stdout, f"soft indicators from signals: {result}")
    return {"stories": stories, "signals": signals}
