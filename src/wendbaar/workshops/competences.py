"""The competence game ("competentiespel") of the werkplaats as data: pure, no Django.

The workbook (seeds/002, §3.1) plays a game of "meer dan veertig" competences: together
the participants decide which competence fits whom, then look at the team as a whole and
at who could best carry out each action of the lokale werkagenda. The competences of the
Zwijndrecht example are here word for word; the others fit wijkgericht werken.

Each competence carries the best-person type (``kind``) it is most typical of, following
the workbook's four descriptions of best persons (Van den Brink e.a. 2012). It is a
leaning, not a verdict: a team that lacks a type sees it, and talks about it.

Catalogue data from the Dutch seed is kept in both languages here; pick one with
:func:`label` and :func:`description`.
"""

from __future__ import annotations

from dataclasses import dataclass

# The best-person types, in the workbook's order.
EVERYDAY_DOERS = "everyday_doers"
FRONTLINE_WORKERS = "frontline_workers"
SOCIAL_ENTREPRENEURS = "social_entrepreneurs"
BRIDGE_BUILDERS = "bridge_builders"
KINDS = (EVERYDAY_DOERS, FRONTLINE_WORKERS, SOCIAL_ENTREPRENEURS, BRIDGE_BUILDERS)


@dataclass(frozen=True)
class BestPersonType:
    key: str
    nl: str
    en: str
    description_nl: str
    description_en: str


@dataclass(frozen=True)
class Competence:
    key: str  # ascii slug, stable: stored with every pick
    nl: str
    en: str
    kind: str  # the best-person type it is most typical of


BEST_PERSON_TYPES: tuple[BestPersonType, ...] = (
    BestPersonType(
        EVERYDAY_DOERS,
        "Alledaagse doeners",
        "Everyday doers",
        "Bevlogen personen die zich weinig aantrekken van de regels in hun omgeving. Meestal "
        "buiten de overheid en professionele organisaties, soms in het maatschappelijk "
        "middenveld of bij de overheid.",
        "Passionate people who care little about the rules around them. Mostly found outside "
        "government and professional organisations, sometimes in civil society or in "
        "government.",
    ),
    BestPersonType(
        FRONTLINE_WORKERS,
        "Frontliniewerkers",
        "Frontline workers",
        "Werken binnen professionele organisaties of overheden (zoals leerplichtambtenaren of "
        "de sociale dienst), maar dringen diep door in de dagelijkse leefwereld van bewoners "
        "of cliënten. Normatieve betrokkenheid gaat voor de bureaucratische of formele regel.",
        "Work inside professional organisations or government (such as school attendance "
        "officers or the social services), but reach deep into the daily lives of residents "
        "or clients. Moral commitment comes before the bureaucratic or formal rule.",
    ),
    BestPersonType(
        SOCIAL_ENTREPRENEURS,
        "Sociale ondernemers",
        "Social entrepreneurs",
        "Bevlogen en empathische mensen, bijvoorbeeld met een kleine eigen zaak. Meestal "
        "actief buiten professionele organisaties en overheden, met een breed netwerk en "
        "bewuste contacten met formele instanties.",
        "Passionate and empathetic people, for instance with a small business of their own. "
        "Mostly active outside professional organisations and government, with a broad "
        "network and deliberate contacts with formal institutions.",
    ),
    BestPersonType(
        BRIDGE_BUILDERS,
        "Bruggenbouwers",
        "Bridge builders",
        "Voortdurend bezig spanningen op te heffen tussen uiteenlopende groepen, tussen "
        "diensten en tussen domeinen. Ze helpen de maatschappelijke dialoog te starten, te "
        "verbeteren en in stand te houden; binnen en buiten professionele organisaties.",
        "Constantly easing tensions between different groups, between services and between "
        "domains. They help to start, improve and sustain the public dialogue; inside and "
        "outside professional organisations.",
    ),
)

_D, _F, _S, _B = EVERYDAY_DOERS, FRONTLINE_WORKERS, SOCIAL_ENTREPRENEURS, BRIDGE_BUILDERS

COMPETENCES: tuple[Competence, ...] = (
    # Alledaagse doeners: bevlogen, praktisch, niet bang voor regels of fouten.
    Competence("enthusing", "Enthousiasmeren", "Enthusing others", _D),
    Competence("inspiring_colleagues", "Collega's inspireren", "Inspiring colleagues", _D),
    Competence("hands_on", 'Goede doener, "hands on"', 'A good doer, "hands on"', _D),
    Competence("practical", "Praktisch", "Practical", _D),
    Competence("mood_maker", "Sfeermaker, werkt aanstekelijk", "Lifts the mood, infectious", _D),
    Competence("courage", "Lef", "Courage", _D),
    Competence("dares_to_fail", "Fouten durven maken", "Dares to make mistakes", _D),
    Competence("just_do_it", "Heeft lef: toch doen!", "Bold: does it anyway!", _D),
    Competence("creative_with_rules", "Creatief met regels", "Creative with rules", _D),
    Competence("perseverance", "Doorzetten", "Perseverance", _D),
    Competence("improvising", "Improviseren", "Improvising", _D),
    # Frontliniewerkers: dichtbij de leefwereld van bewoners, normatief betrokken.
    Competence(
        "speaks_residents_language",
        "Spreekt de taal van bewoners",
        "Speaks the residents' language",
        _F,
    ),
    Competence("empathy", "Inlevingsvermogen", "Empathy", _F),
    Competence("listening", "Luisteren", "Listening", _F),
    Competence(
        "puts_people_in_the_spotlight",
        "Ziet mensen die zich inzetten en zet ze in het zonnetje",
        "Notices people who commit themselves and puts them in the spotlight",
        _F,
    ),
    Competence("careful", "Zorgvuldig", "Careful", _F),
    Competence("approachable", "Laagdrempelig en benaderbaar", "Approachable", _F),
    Competence(
        "coffee_with_residents",
        "Gaat op de koffie bij bewoners",
        "Drops in on residents for coffee",
        _F,
    ),
    Competence("spotting_signals", "Signalen oppikken", "Picking up signals", _F),
    Competence("reliable", "Betrouwbaar: doet wat hij zegt", "Reliable: does what they say", _F),
    Competence("patient", "Geduldig", "Patient", _F),
    Competence(
        "knows_the_neighbourhood",
        "Kent de wijk en haar mensen",
        "Knows the neighbourhood and its people",
        _F,
    ),
    # Sociale ondernemers: breed netwerk, ziet kansen, regelt middelen.
    Competence(
        "finding_the_right_people",
        "De juiste personen zoeken bij elke uitdaging",
        "Finding the right people for every challenge",
        _S,
    ),
    Competence("networking", "Netwerken", "Networking", _S),
    Competence(
        "open_to_opportunities",
        "Staat open voor kansen en mogelijkheden ondanks kaders",
        "Open to opportunities despite the frameworks",
        _S,
    ),
    Competence("solution_oriented", "Denkt oplossingsgericht", "Solution-oriented", _S),
    Competence("negotiating", "Onderhandelen", "Negotiating", _S),
    Competence("organising", "Organiseren", "Organising", _S),
    Competence("enterprising", "Ondernemend", "Enterprising", _S),
    Competence("pitching", "Pitchen", "Pitching an idea", _S),
    Competence(
        "finding_resources",
        "Geld en middelen vinden",
        "Finding money and resources",
        _S,
    ),
    Competence(
        "spotting_linking_opportunities", "Ziet koppelkansen", "Spots linking opportunities", _S
    ),
    Competence("decisive", "Besluitvaardig", "Decisive", _S),
    # Bruggenbouwers: verbinden groepen, diensten en domeinen; houden de dialoog gaande.
    Competence("connecting", "Verbinden", "Connecting", _B),
    Competence("conflict_handling", "Conflicthantering", "Handling conflict", _B),
    Competence("politically_sensitive", "Bestuurlijk sensitief", "Politically sensitive", _B),
    Competence(
        "writing_for_administrators",
        "Schrijven voor bestuur",
        "Writing for administrators",
        _B,
    ),
    Competence("keeps_overview", "Bewaart het overzicht", "Keeps the overview", _B),
    Competence("structure", "Structuur", "Structure", _B),
    Competence("transparent", "Transparant", "Transparent", _B),
    Competence("team_player", "Teamplayer", "Team player", _B),
    Competence(
        "presenting_analysing",
        "Presenteren en analyseren",
        "Presenting and analysing",
        _B,
    ),
    Competence("reading_data", "Data lezen", "Reading data", _B),
    Competence("leading_dialogue", "Gesprekken leiden", "Leading a dialogue", _B),
    Competence("mediating", "Bemiddelen tussen groepen", "Mediating between groups", _B),
    Competence(
        "thinking_across_domains",
        "Denkt over domeinen heen",
        "Thinks across domains",
        _B,
    ),
    Competence(
        "chafing_and_confronting",
        "Durft te schuren en te confronteren",
        "Dares to chafe and confront",
        _B,
    ),
)

BY_KEY: dict[str, Competence] = {c.key: c for c in COMPETENCES}
TYPES_BY_KEY: dict[str, BestPersonType] = {t.key: t for t in BEST_PERSON_TYPES}
#: competence key → best-person type, the mapping ``analysis.person_competences`` takes.
KIND_OF: dict[str, str] = {c.key: c.kind for c in COMPETENCES}


def _dutch(language: str) -> bool:
    return (language or "").lower().startswith("nl")


def label(item: Competence | BestPersonType, language: str) -> str:
    """The name in ``language``: Dutch for "nl", "nl-nl", …; English otherwise."""
    return item.nl if _dutch(language) else item.en


def description(t: BestPersonType, language: str) -> str:
    return t.description_nl if _dutch(language) else t.description_en
