"""Suggest koppelkansen: the policy drivers an initiative could be linked to, and why.

Pure (no Django), so it is quick to test with many texts. A driver is suggested for two
kinds of reason, each shown to the owner, so a suggestion is never a black box:

* a **theme** of the initiative that carries the driver (``THEME_DRIVERS``: the theme
  "sustainability" carries energietransitie and klimaatadaptatie…);
* a **keyword** of the driver found among the words of the initiative's title, what and
  why (``KEYWORDS`` for the national drivers; a gemeente's own driver has the words of
  its own name).

The score is the number of distinct reasons (each theme and each keyword counts once,
however often its words occur); suggestions come by score, then by name; a driver with
no reason is not suggested. The owner decides: nothing is linked without them.

How a keyword matches a word, after both are lower-cased and stripped of accents
("café" is "cafe"), is written in the keyword itself:

* ``groen``: the word itself or with a Dutch ending (``INFLECTIONS``): "groen",
  "groene", "groener" — not "groenland";
* ``groen*``: also at the start of a compound: "groenstrook", "groenvoorziening";
* ``*groen``: also at the end of a compound: "stadsgroen", "gevelgroen";
* ``*groen*``: anywhere in a word.

Some words begin like a keyword without meaning it (``FALSE_FRIENDS``: "groente" is not
green, a "boomerang" is not a tree); they never match that keyword.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# The keys of approaches.constants.DEFAULT_POLICY_DRIVERS (kept as text: this module has
# no Django; a test checks they agree).
ENERGY_TRANSITION = "energy_transition"
SAFE_DISTRICT = "safe_district"
HEALTHY_DISTRICT = "healthy_district"
CLIMATE_ADAPTATION = "climate_adaptation"

# Theme values of core.constants.Theme → the national drivers they carry. Work and
# education carry none of the four by themselves; their words may.
THEME_DRIVERS: dict[str, tuple[str, ...]] = {
    "sustainability": (ENERGY_TRANSITION, CLIMATE_ADAPTATION),
    "environment": (CLIMATE_ADAPTATION, HEALTHY_DISTRICT),
    "housing": (ENERGY_TRANSITION,),  # renovating homes is where insulation happens
    "safety": (SAFE_DISTRICT,),
    "health": (HEALTHY_DISTRICT,),
    # Seeds 002 §2.3: a vegetable garden brings cohesion, less loneliness, more safety.
    "cohesion": (SAFE_DISTRICT, HEALTHY_DISTRICT),
}

# Keywords per national driver: Dutch stems and a few English ones, lower case without
# accents, with the wildcards described above.
KEYWORDS: dict[str, tuple[str, ...]] = {
    ENERGY_TRANSITION: (
        "*energie*",
        "energy",
        "zonne",  # "zonne-energie" is two words
        "zonnepane*",
        "zonnedak*",
        "zonnecollector*",
        "zonneboiler*",
        "solar*",
        "*isolatie*",
        "*isoler*",
        "insulat*",
        "warmtepomp*",
        "*warmtenet*",
        "stadsverwarming",
        "aardgasvrij*",
        "*gasvrij*",
        "verduurza*",
        "duurza*",
        "sustainab*",
        "ledlamp*",
        "ledverlicht*",
        "laadpa*",
        "windmolen*",
        "windturbine*",
        "tochtstrip*",
        "*kierdicht*",
        "co2*",
    ),
    SAFE_DISTRICT: (
        "*veilig*",
        "safe*",
        "crimin*",
        "crime",
        "ondermijn*",
        "inbraak*",
        "inbrak*",
        "inbrek*",
        "overlast*",
        "geluidsoverlast*",
        "jongerenoverlast*",
        "drugsoverlast*",
        "hangjongeren",
        "buurtpreventie*",
        "*buurtwacht*",
        "buurtapp*",
        "politie*",
        "police",
        "wijkagent*",
        "handhav*",
        "boa",
        "vandal*",
        "graffiti*",
        "drugs*",
        "*verlichting",
        "*drempel*",
        "hardrijd*",
        "*verkeersbord*",
    ),
    HEALTHY_DISTRICT: (
        "*gezond*",
        "health*",
        "sport*",
        "buurtsport*",
        "bewegen",
        "beweeg*",
        "*speeltuin*",
        "speelplek*",
        "speelplaats*",
        "speelveld*",
        "speelruimte*",
        "speelgoed*",
        "spelen",
        "buitenspel*",
        "skate*",
        "fietscross*",
        "wandel*",
        "*moestuin*",
        "groente*",
        "*voedsel*",
        "eten",
        "maaltijd*",
        "kook*",
        "koken",
        "*eenzaam*",
        "lonel*",
        "ontmoet*",
        "*mantelzorg*",
        "*welzijn*",
        "rookvrij*",
        "luchtkwaliteit*",
        "fijnstof*",
        "opgroei*",
        "*groen*",
        "green*",
    ),
    CLIMATE_ADAPTATION: (
        "*klimaat*",
        "climate*",
        "*groen*",
        "green*",
        "*bloem*",
        "flower*",
        "*boom*",
        "bomen",
        "tree",
        "plant*",
        "beplant*",
        "geveltuin*",
        "tuin",
        "tegelwip*",
        "ontegel*",
        "versten*",
        "*regenwater*",
        "regenton*",
        "*wateroverlast*",
        "wadi*",
        "*waterberg*",
        "infiltra*",
        "hitte*",
        "schaduw*",
        "verkoel*",
        "droogte*",
        "biodivers*",
        "*insect*",
        "*vlinder*",
        "bijen*",
    ),
}

# Word beginnings that start like a keyword but mean something else.
FALSE_FRIENDS: dict[str, tuple[str, ...]] = {
    "groen": ("groente",),  # vegetables: a keyword of its own (healthy)
    "boom": ("boomerang",),
}

# Endings a keyword without a trailing ``*`` may still carry: plural, inflected adjective,
# comparative, diminutive.
INFLECTIONS = frozenset(
    {"", "e", "en", "n", "s", "er", "ere", "ste", "je", "jes", "tje", "tjes", "pje", "pjes"}
)

# Words of a gemeente's own driver's name that say nothing by themselves: "Kansrijke
# start" matches on "kansrijke", not on "we starten een moestuin".
# fmt: off
GENERIC_WORDS = frozenset({
    # articles, prepositions, conjunctions, pronouns
    "aan", "als", "bij", "de", "door", "een", "en", "het", "in", "met", "naar", "of", "om",
    "ons", "onze", "op", "te", "tot", "uit", "van", "voor", "wij", "zijn",
    "and", "for", "the", "with",
    # too general for a driver: every initiative is about these
    "aanpak", "beleid", "buurt", "buurten", "gemeente", "goed", "goede", "kans", "kansen",
    "nieuw", "nieuwe", "plan", "plannen", "programma", "samen", "stad", "start", "wijk",
    "wijken",
})
# fmt: on
MIN_NAME_WORD = 4  # shorter words of a name ("zo", "wij") are never keywords


@dataclass(frozen=True)
class InitiativeText:
    """What the suggestion reads of an initiative."""

    themes: tuple[str, ...]
    title: str
    what: str
    why: str = ""


@dataclass(frozen=True)
class Driver:
    """A candidate policy driver: ``ref`` identifies it for the caller (a primary key)."""

    key: str
    name: str
    ref: int | None = None


@dataclass(frozen=True)
class Reason:
    """Why a driver is suggested: a theme of the initiative that carries it, or one of
    its keywords with the initiative's words that matched it (as written, lower case)."""

    theme: str = ""
    keyword: str = ""
    words: tuple[str, ...] = ()

    @property
    def is_theme(self) -> bool:
        return bool(self.theme)


@dataclass(frozen=True)
class Suggestion:
    driver: Driver
    reasons: tuple[Reason, ...]

    @property
    def score(self) -> int:
        return len(self.reasons)

    @property
    def themes(self) -> tuple[str, ...]:
        return tuple(r.theme for r in self.reasons if r.is_theme)

    @property
    def words(self) -> tuple[str, ...]:
        """Every word of the initiative that matched a keyword, once, in order."""
        seen: dict[str, None] = {}
        for reason in self.reasons:
            seen.update(dict.fromkeys(reason.words))
        return tuple(seen)


def normalise(text: str) -> str:
    """Lower case without accents: "Café Één" → "cafe een"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


_WORD = re.compile(r"\w+")


def words_of(text: str) -> list[tuple[str, str]]:
    """The words of ``text`` as (normalised, as written in lower case) pairs; hyphens,
    apostrophes and punctuation separate words ("zonne-energie" is two)."""
    return [(normalise(w), w.lower()) for w in _WORD.findall(text) if not w.isdigit()]


def _stem(keyword: str) -> str:
    return keyword.strip("*")


def matches(keyword: str, word: str) -> bool:
    """Whether the normalised ``word`` carries ``keyword`` (rules in the module's doc)."""
    stem = _stem(keyword)
    if not stem:
        return False
    anywhere_before, anything_after = keyword.startswith("*"), keyword.endswith("*")
    friends = FALSE_FRIENDS.get(stem, ())
    start = word.find(stem) if anywhere_before else (0 if word.startswith(stem) else -1)
    while start != -1:
        rest = word[start + len(stem) :]
        if not any(word.startswith(friend, start) for friend in friends) and (
            anything_after or rest in INFLECTIONS
        ):
            return True
        start = word.find(stem, start + 1) if anywhere_before else -1
    return False


def name_keywords(name: str) -> tuple[str, ...]:
    """The keywords of a driver's own name: each telling word, without a Dutch ending,
    matched as a whole word with its endings ("Kansrijke start" → ``kansrijk``)."""
    keywords: dict[str, None] = {}
    for word, _written in words_of(name):
        if word in GENERIC_WORDS or len(word) < MIN_NAME_WORD:
            continue
        for ending in ("en", "e", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= MIN_NAME_WORD:
                word = word[: -len(ending)]
                break
        keywords[word] = None
    return tuple(keywords)


def keywords_for(driver: Driver) -> tuple[str, ...]:
    """The driver's keywords: the table's for a national driver, then those of its name
    (for a gemeente's own driver, the name is all there is)."""
    table = KEYWORDS.get(driver.key, ())
    # A word of the name the table already covers ("energietransitie" by "*energie*")
    # would count the same word twice.
    extra = tuple(k for k in name_keywords(driver.name) if not any(matches(t, k) for t in table))
    return table + extra


def themes_for(driver: Driver) -> tuple[str, ...]:
    """The themes that carry ``driver`` (none for a gemeente's own driver)."""
    return tuple(theme for theme, keys in THEME_DRIVERS.items() if driver.key in keys)


def reasons_for(initiative: InitiativeText, driver: Driver) -> tuple[Reason, ...]:
    """Why ``driver`` fits ``initiative``: its themes first, then its keywords in the
    table's order, each with the words that matched it."""
    reasons = [
        Reason(theme=theme)
        for theme in dict.fromkeys(initiative.themes)
        if driver.key in THEME_DRIVERS.get(theme, ())
    ]
    words = words_of(" ".join((initiative.title, initiative.what, initiative.why)))
    for keyword in keywords_for(driver):
        found = tuple(dict.fromkeys(written for word, written in words if matches(keyword, word)))
        if found:
            reasons.append(Reason(keyword=_stem(keyword), words=found))
    return tuple(reasons)


def suggest(initiative: InitiativeText, drivers: Iterable[Driver]) -> list[Suggestion]:
    """The drivers with at least one reason, the most reasons first, then by name."""
    suggestions = [Suggestion(driver, reasons_for(initiative, driver)) for driver in drivers]
    return sorted(
        (s for s in suggestions if s.score),
        key=lambda s: (-s.score, normalise(s.driver.name), s.driver.key),
    )
