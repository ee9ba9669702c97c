"""Similar projects and proposals: "possible overlap or partner". Pure, no Django.

A transparent, additive score from 0 to 1; every point of it comes with a :class:`Reason`
(a ``code`` and its ``params``, with the ``points`` it adds), so the page can say why two
items look alike. The weights are the constants below; at most they add up to 1.

* **Place** (0.3 at most): the same area (the same buurt, or the same wijk) ``same_area``
  0.3; otherwise areas in the same wijk ``same_district`` 0.2 — a buurt and the wijk it
  lies in, or two buurten of one wijk.
* **Theme** (0.2 times the Jaccard index) ``shared_theme``: the themes both have over
  the themes either has. Both on "green" and nothing else: 0.2; "green" shared of
  "green" and "meeting": 0.1.
* **Goal** (0.25 times the Jaccard index) ``shared_goal``: the same, over the goals of the
  agenda they serve.
* **Period** (0.1) ``overlapping_period``: the periods share at least one day (both ends
  count; no end is open-ended). Without a start, or with an end before the start, the
  period is unknown and adds nothing.
* **Text** (0.15 times the text similarity) ``similar_text``: the words both texts use over the
  words either uses (Jaccard). Words are lowercased without accents, of at least four
  letters, without very common words ("voor", "wijk", "bewoners", "project", "the", …),
  and a plural ending is cut off ("moestuinen" is "moestuin").

The sum is capped at 1. An item is listed when it scores at least ``minimum`` (0.25) **and**
it shares a place, a theme or a goal, or its text is at least half the same
(:data:`TEXT_ON_ITS_OWN`). Text alone thus adds at most 0.15: two items with a few
common words are never listed for that, nor for running at the same time — a period
makes a match stronger, it does not make one. An item is never similar to itself.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

# --- vocabulary ------------------------------------------------------------------------

PROPOSAL, PROJECT = "proposal", "project"

SAME_AREA = "same_area"
SAME_DISTRICT = "same_district"
SHARED_THEME = "shared_theme"
SHARED_GOAL = "shared_goal"
OVERLAPPING_PERIOD = "overlapping_period"
SIMILAR_TEXT = "similar_text"
CODES = (SAME_AREA, SAME_DISTRICT, SHARED_THEME, SHARED_GOAL, OVERLAPPING_PERIOD, SIMILAR_TEXT)

# Reasons that relate two items by what they are about. A shared period does not: many
# projects run in the same year.
_SUBSTANTIVE = frozenset({SAME_AREA, SAME_DISTRICT, SHARED_THEME, SHARED_GOAL})

# --- weights (the maximum of each adds up to 1) ----------------------------------------

WEIGHT_SAME_AREA = 0.3
WEIGHT_SAME_DISTRICT = 0.2
WEIGHT_THEME = 0.2  # times the Jaccard index of the themes
WEIGHT_GOAL = 0.25  # times the Jaccard index of the goals
WEIGHT_PERIOD = 0.1
WEIGHT_TEXT = 0.15  # times the text similarity

#: A text at least this similar is a reason to list an item on its own (with a
#: ``minimum`` low enough: text alone adds at most ``WEIGHT_TEXT``).
TEXT_ON_ITS_OWN = 0.5
MINIMUM = 0.25
LIMIT = 5
SHOWN_WORDS = 5  # shared words a ``similar_text`` reason names
MIN_WORD_LENGTH = 4

# Scores and points are rounded to this many decimals, so float noise (0.1 + 0.15) never
# decides whether an item reaches the minimum.
_DECIMALS = 4

# --- words -----------------------------------------------------------------------------

# Words any two texts here share without being about the same thing. Shorter than four
# letters ("de", "het", "een", "van", "met", "and", "for") is dropped anyway. Compared with
# the word and with its stem, so "wijken" and "bewoners" go too.
_STOPWORD_TEXT = """
    voor door naar over niet wordt worden werd waren zijn deze maar onze hebben heeft
    kunnen zullen willen moet moeten meer veel alle alles ander andere omdat waar wanneer
    samen elkaar waarin tussen zoals zodat nieuw nieuwe goed gaan gaat komen komt maken
    maakt doen doet ieder iedere iedereen onder tegen binnen zelf hier daar daarom daarbij
    daarnaast verder tijdens vanuit graag heel zeer weer jaar jaren
    wijk buurt bewoner wijkbewoner buurtbewoner project mens gemeente activiteit
    initiatief initiatieven wijkaanpak plan plannen doel
    with from this that they their them there these those will would have been being
    into about more also what which when where your other some such than then were does
    each only very resident neighbourhood neighborhood district people area areas city
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script
_VOWELS = frozenset("aeiouy")


def _plain(text: str) -> str:
    """Lowercase without accents: "Café" is "cafe", "ĳ" is "ij"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """A crude Dutch (and English) plural strip, each step only when at least four
    letters remain: first -s after e or after a consonant other than s ("ambities"
    ambitie, "bewoners" bewoner; "huis" and "campus" stay), then -en, a doubled consonant
    undone ("tuinen" tuin, "plekken" plek). A singular in -en loses it too, the same way
    its plural in -ens does: "keuken" and "keukens" are both keuk, "garden" and "gardens"
    gard. Only compared, never shown."""
    if word.endswith("s") and len(word) > MIN_WORD_LENGTH:
        before = word[-2]
        if before == "e" or (before not in _VOWELS and before != "s"):
            word = word[:-1]
    if word.endswith("en"):
        base = word[:-2]
        if len(base) >= 2 and base[-1] == base[-2] and base[-1] not in _VOWELS:
            base = base[:-1]
        if len(base) >= MIN_WORD_LENGTH:
            return base
    return word


def word_forms(text: str) -> dict[str, str]:
    """The text's words that count, as {stem: the first form the text uses}."""
    forms: dict[str, str] = {}
    for word in _WORD.findall(_plain(text)):
        if len(word) < MIN_WORD_LENGTH or not any(ch.isalpha() for ch in word):
            continue  # short words and numbers (years, house numbers) say little
        base = stem(word)
        if word in STOPWORDS or base in STOPWORDS:
            continue
        forms.setdefault(base, word)
    return forms


def text_words(text: str) -> frozenset[str]:
    return frozenset(word_forms(text))


def jaccard(a: frozenset, b: frozenset) -> float:
    """Shared over either; 0 when both are empty."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def text_similarity(a: str, b: str) -> float:
    """Jaccard over the two texts' words (:func:`word_forms`): 0 to 1, symmetric."""
    return jaccard(text_words(a), text_words(b))


# --- periods ---------------------------------------------------------------------------


def period_overlap(
    a_start: dt.date | None,
    a_end: dt.date | None,
    b_start: dt.date | None,
    b_end: dt.date | None,
) -> tuple[dt.date, dt.date | None] | None:
    """The first and last day both periods share (None last day: both open-ended), or
    None when they share none or either period is unknown (no start, end before start)."""
    if a_start is None or b_start is None:
        return None
    if (a_end is not None and a_end < a_start) or (b_end is not None and b_end < b_start):
        return None
    first = max(a_start, b_start)
    ends = [e for e in (a_end, b_end) if e is not None]
    last = min(ends) if ends else None
    if last is not None and last < first:
        return None
    return first, last


# --- items and matches -----------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A project or proposal as the score reads it. ``district_ids`` are the wijken its
    areas lie in: a buurt's wijk, or the wijk itself."""

    kind: str  # PROPOSAL or PROJECT
    id: int
    title: str
    text: str = ""
    area_ids: frozenset[int] = frozenset()
    district_ids: frozenset[int] = frozenset()
    themes: frozenset[str] = frozenset()
    goal_ids: frozenset[int] = frozenset()
    start: dt.date | None = None
    end: dt.date | None = None  # None: open-ended

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass(frozen=True)
class Reason:
    """Why two items look alike: a code in :data:`CODES` and its params, always with the
    ``points`` it adds to the score."""

    code: str
    params: dict = field(default_factory=dict)

    @property
    def points(self) -> float:
        return self.params.get("points", 0.0)


@dataclass(frozen=True)
class Match:
    item: Item
    score: float  # 0 to 1: the sum of the reasons' points, capped at 1
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


def _points(value: float) -> float:
    return round(value, _DECIMALS)


def _reasons(target: Item, other: Item, target_forms: dict[str, str]) -> tuple[list[Reason], float]:
    """The reasons ``other`` resembles ``target``, in the order of :data:`CODES`, and
    their text similarity."""
    out: list[Reason] = []
    if areas := target.area_ids & other.area_ids:
        out.append(Reason(SAME_AREA, {"areas": tuple(sorted(areas)), "points": WEIGHT_SAME_AREA}))
    elif districts := target.district_ids & other.district_ids:
        params = {"districts": tuple(sorted(districts)), "points": WEIGHT_SAME_DISTRICT}
        out.append(Reason(SAME_DISTRICT, params))
    if themes := target.themes & other.themes:
        share = jaccard(target.themes, other.themes)
        params = {
            "themes": tuple(sorted(themes)),
            "jaccard": round(share, 2),
            "points": _points(WEIGHT_THEME * share),
        }
        out.append(Reason(SHARED_THEME, params))
    if goals := target.goal_ids & other.goal_ids:
        share = jaccard(target.goal_ids, other.goal_ids)
        params = {
            "goals": tuple(sorted(goals)),
            "jaccard": round(share, 2),
            "points": _points(WEIGHT_GOAL * share),
        }
        out.append(Reason(SHARED_GOAL, params))
    if overlap := period_overlap(target.start, target.end, other.start, other.end):
        first, last = overlap
        days = (last - first).days + 1 if last is not None else None  # None: open-ended
        params = {"start": first, "end": last, "days": days, "points": WEIGHT_PERIOD}
        out.append(Reason(OVERLAPPING_PERIOD, params))
    other_words = text_words(other.text)
    similarity = jaccard(frozenset(target_forms), other_words)
    if shared := target_forms.keys() & other_words:
        # Named as the target's text writes them, so the words are recognisable there.
        words = sorted(target_forms[w] for w in shared)
        params = {
            "words": tuple(words[:SHOWN_WORDS]),
            "count": len(shared),
            "score": round(similarity, 2),
            "points": _points(WEIGHT_TEXT * similarity),
        }
        out.append(Reason(SIMILAR_TEXT, params))
    return out, similarity


def similar(
    target: Item,
    candidates: Iterable[Item],
    *,
    limit: int = LIMIT,
    minimum: float = MINIMUM,
) -> list[Match]:
    """The ``limit`` candidates most like ``target``, best first (equal scores by title):
    those scoring at least ``minimum`` that share a place, theme or goal or have a text at
    least :data:`TEXT_ON_ITS_OWN` similar. The target itself (same kind and id) and a
    candidate given twice are skipped."""
    if limit < 1:
        return []
    target_forms = word_forms(target.text)
    seen = {target.key}
    matches: list[Match] = []
    for other in candidates:
        if other.key in seen:
            continue
        seen.add(other.key)
        reasons, text = _reasons(target, other, target_forms)
        related = any(r.code in _SUBSTANTIVE for r in reasons) or text >= TEXT_ON_ITS_OWN
        score = min(1.0, _points(sum(r.points for r in reasons)))
        if related and score >= minimum:
            matches.append(Match(other, score, tuple(reasons)))
    matches.sort(key=lambda m: (-m.score, m.item.title.casefold(), m.item.kind, m.item.id))
    return matches[:limit]
