"""The werkplaats's exercises as data: the workbook's own texts (seeds/002, "Wijkgericht
werken: zo doen we dat"), Dutch first and English second.

The seed's question texts are data in both languages (``Text``), not translation strings:
they are the workbook's words, kept together so they can be checked against it. The
pages pick the reader's language with ``text_in``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_NAME_LENGTH = 40  # a first name, shown to the group when it chooses names
MAX_REASON_LENGTH = 500  # a slider's reason, a building block's tension
MAX_SENTENCE_LENGTH = 300  # the koppelkansen sentence
MAX_TEXT_LENGTH = 2000  # the werkagenda's paragraphs
MAX_PARTICIPANTS = 60  # per werkplaats: a room, not a crowd (abuse limit)
JOIN_CODE_LENGTH = 6
# No 0/O, 1/I/L: a code read from a projector and typed on a phone.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
POLL_SECONDS = 3  # the facilitator's screen asks for new answers this often


@dataclass(frozen=True)
class Text:
    nl: str
    en: str


def text_in(text: Text, language: str | None) -> str:
    return text.nl if (language or "nl").startswith("nl") else text.en


class Status(models.TextChoices):
    DRAFT = "draft", _("being prepared")
    OPEN = "open", _("open: participants can join")
    CLOSED = "closed", _("closed")


class Exercise(models.TextChoices):
    """The workbook's exercises, in its order (a werkplaats picks some and orders them)."""

    SLIDERS = "sliders", _("Five sliders")
    BLOCKS = "blocks", _("Seven building blocks")
    KOPPELKANSEN = "koppelkansen", _("Linking opportunities (koppelkansen)")
    INNOVATION = "innovation", _("Four parts of social innovation")
    COMPETENCES = "competences", _("Competence game")


class InnovationState(models.TextChoices):
    ALREADY = "already", _("already working on it")
    ATTENTION = "attention", _("needs attention")


@dataclass(frozen=True)
class Slider:
    key: str
    name: Text
    top: Text  # what a slider at the top looks like (table 1)
    questions: tuple[Text, ...]  # table 1's example questions


# Table 1 of the workbook: the five sliders, what the top of each looks like, and the
# example questions that help to place it. 0 is the bottom, 100 the top.
SLIDERS: tuple[Slider, ...] = (
    Slider(
        "internal_position",
        Text("Positionering intern", "Internal positioning"),
        Text(
            "Eigen budget; aparte afdeling gebiedsgericht; formele positie ten opzichte van "
            "sociale teams of sectoren met gebiedsgerichte accounthouders.",
            "An own budget; a separate area-based department; a formal position towards "
            "social teams or sectors with area-based account holders.",
        ),
        (
            Text(
                "Hoe zorg je voor budget als dat nodig is?",
                "How do you get budget when it is needed?",
            ),
            Text(
                "Waar staat gebiedsgericht werken in het organogram van je gemeente? "
                "Is dit bij anderen bekend?",
                "Where is area-based work in your municipality's organisation chart? "
                "Do others know?",
            ),
            Text(
                "Hoe gaat de samenwerking met het sociaal domein?",
                "How does the cooperation with the social domain work?",
            ),
        ),
    ),
    Slider(
        "process_internal",
        Text("Proces binnen de gemeente", "Process within the municipality"),
        Text(
            "Werkprocessen duidelijk voor gebiedsgericht werken; er is een gebiedscyclus; in "
            "beleidsplannen aandacht voor gebiedsgericht werken.",
            "Clear work processes for area-based work; there is an area cycle; policy plans "
            "pay attention to area-based work.",
        ),
        (
            Text(
                "Hoe bepalen jullie wat prioriteit heeft in een gebied?",
                "How do you decide what has priority in an area?",
            ),
            Text(
                "Maken jullie voor ieder gebied een plan? Hoe gaat het proces om tot dit plan "
                "te komen? Worden sectorale plannen samengevoegd?",
                "Do you make a plan for every area? How do you arrive at it? "
                "Are sector plans merged?",
            ),
            Text(
                "Hoe zijn de werkprocessen georganiseerd? Is dat voor iedere afdeling hetzelfde?",
                "How are the work processes organised? Is that the same for every department?",
            ),
        ),
    ),
    Slider(
        "process_residents",
        Text("Proces met bewoners", "Process with residents"),
        Text(
            "Verschillende methodieken beschikbaar; veel voorbeelden van burgerinitiatieven; "
            "gestructureerd aandacht voor het bewonersgeluid.",
            "Several methods available; many examples of residents' initiatives; structured "
            "attention to what residents say.",
        ),
        (
            Text("Bij wie komen geluiden van bewoners binnen?", "Who hears what residents say?"),
            Text(
                "Hoe zorgen jullie ervoor dat er iets met de geluiden gedaan wordt?",
                "How do you make sure something is done with it?",
            ),
            Text(
                "Hoe faciliteer je burgerinitiatieven?",
                "How do you support residents' initiatives?",
            ),
        ),
    ),
    Slider(
        "governance_politics",
        Text("Bestuur en politiek", "Governance and politics"),
        Text(
            "Wijkambtenaar dichtbij de politiek; wijkwethouders; gebiedscommissies; aandacht "
            "in het coalitieakkoord.",
            "District officials close to politics; district aldermen; area committees; "
            "attention in the coalition agreement.",
        ),
        (
            Text(
                "Hoe is de organisatie van bestuur en politiek?",
                "How are governance and politics organised?",
            ),
            Text(
                "Zijn er gebiedscommissies (of iets dergelijks)? Waar praten ze over mee?",
                "Are there area committees (or the like)? What do they have a say in?",
            ),
            Text(
                "Hoe kan een wijkambtenaar de politiek adviseren?",
                "How can a district official advise politics?",
            ),
        ),
    ),
    Slider(
        "communication",
        Text("Communicatie", "Communication"),
        Text(
            "Gebiedsgerichte communicatiestrategie; reguliere afstemming tussen gebiedsgericht "
            "en sectoren over communicatie; gespreksmethodieken met bewoners bekend.",
            "An area-based communication strategy; regular coordination on communication "
            "between area teams and sectors; conversation methods with residents known.",
        ),
        (
            Text(
                "Is er structurele gebiedsgerichte communicatie? Waarover? Wie doet dit?",
                "Is there structural area-based communication? About what? Who does it?",
            ),
            Text(
                "Weten bewoners bij wie ze waarvoor terecht kunnen? Hoe wordt dit gecommuniceerd?",
                "Do residents know whom to turn to for what? How is that communicated?",
            ),
            Text(
                "Hoe is de interne gebiedsgerichte communicatie?",
                "How is internal area-based communication?",
            ),
        ),
    ),
)
SLIDER_KEYS: tuple[str, ...] = tuple(s.key for s in SLIDERS)
SLIDER_BY_KEY = {s.key: s for s in SLIDERS}

SLIDER_TASK = Text(
    "Plaats elke schuif voor de situatie nu én de beoogde situatie, en schrijf op waarom je de "
    "schuif hier plaatst. Er is geen goed of fout. Verschillen met collega's verklaren vaak de "
    "spanningen die je ervaart.",
    "Place each slider for the situation now and the situation you aim for, and write down why. "
    "There is no right or wrong. Where colleagues differ often explains the tensions you feel.",
)

PROFILE_TEXTS = {
    "pioneer": Text(
        "Pioniers: enthousiaste ambtenaren die het wijkgericht werken op eigen houtje een stap "
        "verder brengen en binnen de organisatie tegen grenzen aanlopen. Zij zoeken een "
        "duidelijkere structuur en willen de meerwaarde van wijkgericht werken laten zien.",
        "Pioneers: enthusiastic officials who take area-based work a step further on their own "
        "and run into the organisation's limits. They look for a clearer structure and want to "
        "show the added value of area-based work.",
    ),
    "between": Text(
        "Tussen pionier en doordenker: een deel van de structuur staat, een deel nog niet. "
        "Kijk per schuif waar de grootste stap zit.",
        "Between pioneer and deep-thinker: part of the structure is there, part is not. Look "
        "per slider where the largest step lies.",
    ),
    "deep_thinker": Text(
        "Doordenkers: er is al een visie en een structuur, maar in de praktijk lopen jullie "
        "tegen drempels aan. Het gaat om aanscherpen en doorontwikkelen van de organisatie.",
        "Deep-thinkers: there is a vision and a structure, but in practice you hit thresholds. "
        "The work is sharpening and developing the organisation further.",
    ),
}

BLOCKS_TASK = Text(
    "Bespreek de spanningen waar je nu tegenaan loopt. Zoek verklaringen aan de hand van de "
    "bouwstenen: bespreek iedere steen systematisch. Kies tenslotte de bouwsteen waar je als "
    "eerste aan wilt werken.",
    "Discuss the tensions you run into now. Look for explanations in the building blocks, "
    "one by one. Finally choose the block you want to work on first.",
)

KOPPELKANSEN_TASK = Text(
    "Welke dragers van wijkvernieuwing zie je in de eigen gemeente of wijk? Waar steken "
    "partners of de politiek hun energie in? Verbind dat met de eigen ambitie en schrijf de "
    "gecombineerde boodschap in één zin.",
    "Which carriers of neighbourhood renewal do you see in your municipality or wijk? Where do "
    "partners or politics put their energy? Link that to your own ambition and write the "
    "combined message in one sentence.",
)
KOPPELKANSEN_EXAMPLE = Text(
    "In onze wijk moet geïnvesteerd worden in een buurtcentrum met activiteiten voor kinderen "
    "om te voorkomen dat zij op straat in aanraking komen met kleine criminaliteit.",
    "Our wijk needs a community centre with activities for children, so that they do not come "
    "into contact with petty crime on the street.",
)


@dataclass(frozen=True)
class InnovationPart:
    key: str
    name: Text


INNOVATION_PARTS: tuple[InnovationPart, ...] = (
    InnovationPart("new_knowledge", Text("Nieuwe kennis", "New knowledge")),
    InnovationPart("new_doing", Text("Nieuwe manier van doen", "A new way of doing")),
    InnovationPart("new_framing", Text("Nieuwe manier van kaderen", "A new way of framing")),
    InnovationPart(
        "new_organising", Text("Nieuwe manier van organiseren", "A new way of organising")
    ),
)
INNOVATION_KEYS = tuple(p.key for p in INNOVATION_PARTS)
INNOVATION_TASK = Text(
    "Verken op welke van de vier onderdelen de casus al aan de slag is en welk onderdeel nog "
    "aandacht behoeft, ervan uitgaande dat je continu met de vier delen bezig kunt zijn.",
    "Explore which of the four parts the case is already working on and which still needs "
    "attention, knowing you can work on all four all the time.",
)

COMPETENCES_TASK = Text(
    "Kies je eigen sterke punten en benoem die van je collega's. Waar ligt de kracht van het "
    "team? Wie kan volgens het spel een actie het beste uitvoeren?",
    "Pick your own strengths and name your colleagues'. Where does the team's strength lie? "
    "Who, according to the game, is best placed for an action?",
)
MAX_PICKS_PER_SUBJECT = 8  # competences one participant names for one person

# Each exercise's task, as the workbook words it: on the phones and on the shared screen.
TASKS: dict[str, Text] = {
    Exercise.SLIDERS: SLIDER_TASK,
    Exercise.BLOCKS: BLOCKS_TASK,
    Exercise.KOPPELKANSEN: KOPPELKANSEN_TASK,
    Exercise.INNOVATION: INNOVATION_TASK,
    Exercise.COMPETENCES: COMPETENCES_TASK,
}
