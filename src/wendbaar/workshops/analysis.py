"""The werkplaats in figures: pure rules over plain data, no Django.

The rule the page shows, so every figure can be checked by hand:

**Five sliders** ("schuiven"). Every participant places each slider twice, 0-100: where
the gemeente is *now* and where it should go (*target*). 100 is the top of the slider:
own budget, a separate department, a cycle, structured attention (the workbook's table 1).
Per slider and per moment the page shows

* the **lowest** and **highest** answer and the **range** (highest - lowest); one answer
  has no range;
* the **median**: the middle answer when the answers are sorted; with an even number, the
  mean of the two middle ones (10, 20, 40, 90 → 30).

**"Hier zit spanning"** (tension): at least :data:`MIN_FOR_TENSION` participants answered
the slider and the range of *now* or of *target* is :data:`TENSION_RANGE` points or more.
Colleagues who place a slider far apart see the gemeente differently, and that explains
tensions in the work (workbook §1.4). The sliders with the widest range come first.

**Pioneer or deep-thinker** (§1.3). A participant's *structure* is the mean of their five
*now* answers; below 40 is **pioneer** (pushing wijkgericht werken on their own, looking
for more structure), 60 or more is **deep-thinker** (vision and structure exist, practice
meets thresholds), in between is **between**. Only a participant who answered all five
gets a profile. *Ambition* is the mean of (target - now) over the five. The team gets the
same rule over each slider's median now and median target, and only when at least two
participants answered all five: one person is no team.

**Movement** between two sessions: this session's median now - the previous one's.

**Building blocks**: each participant rates how strong a block is now (1-5) and may mark
it to work on first. Order: most "first" votes, then the weakest mean strength, then the
workbook's order.

**Competence game**: a participant names competences of a colleague (or of themselves).
A person *has* a competence when anyone named it; the count is how many different
participants named it. A person's best-person type is the type most of their distinct
competences belong to; a tie gives no type. The team lacks a type nobody in it is.

**SMART actions** for the lokale werkagenda (:func:`smart_problems`), per field:

* *what*: required; **vague** when it has fewer than 4 words, or when it uses a vague
  phrase (:data:`VAGUE_PHRASES`: verbeteren, meer, kijken naar, improve, look into, …)
  and fewer than 3 other words remain once the vague words and the small words
  (:data:`SMALL_WORDS`: de, het, met, voor, the, of, …) are left out. "De communicatie
  met bewoners verbeteren" is vague (communicatie, bewoners); "Maandelijks wijkspreekuur
  in het buurthuis starten" is not.
* *who*: required.
* *when*: required; not before today (**past**) and not more than
  :data:`MAX_YEARS_AHEAD` years after today (**too_far**: a werkagenda is for the coming
  period; the same date two years on is still allowed).
* *success*: required; fewer than 4 words is **not_observable**: say what you will see.

An answer given twice by the same participant counts once: the last one given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# --- vocabulary ------------------------------------------------------------------------

SLIDERS = (
    "internal_position",
    "process_internal",
    "process_residents",
    "governance_politics",
    "communication",
)
PIONEER, BETWEEN, DEEP_THINKER = "pioneer", "between", "deep_thinker"
PROFILE_KINDS = (PIONEER, BETWEEN, DEEP_THINKER)

#: A range of this many points or more on "now" or "target" is tension.
TENSION_RANGE = 30
#: One answer has no spread: tension needs at least this many.
MIN_FOR_TENSION = 2
#: Structure below this is a pioneer; at or above :data:`DEEP_THINKER_FROM` a deep-thinker.
PIONEER_BELOW = 40
DEEP_THINKER_FROM = 60
#: No team verdict from one person.
MIN_FOR_TEAM = 2

# Tension reasons (codes for the page's words).
TENSION_NONE, TENSION_NOW, TENSION_TARGET, TENSION_BOTH = "", "now", "target", "both"

INNOVATION_PARTS = ("new_knowledge", "new_doing", "new_framing", "new_organising")
ALREADY, ATTENTION = "already", "attention"


# --- sliders ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SliderAnswer:
    participant: int
    slider: str
    now: int
    target: int


@dataclass(frozen=True)
class Spread:
    count: int
    low: int | None
    high: int | None
    median: float | None
    range: int | None  # None with fewer than two answers: one answer has no spread


@dataclass(frozen=True)
class SliderResult:
    slider: str
    now: Spread
    target: Spread
    tension: bool
    tension_reason: str  # TENSION_NONE | TENSION_NOW | TENSION_TARGET | TENSION_BOTH

    @property
    def widest(self) -> int:
        """The larger of the two ranges (0 without any)."""
        return max(self.now.range or 0, self.target.range or 0)


def median(values: Sequence[float]) -> float | None:
    """The middle value; with an even count the mean of the two middle ones."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def spread(values: Sequence[int]) -> Spread:
    if not values:
        return Spread(0, None, None, None, None)
    low, high = min(values), max(values)
    return Spread(len(values), low, high, median(values), high - low if len(values) > 1 else None)


def _last_answers(answers: Iterable[SliderAnswer]) -> dict[tuple[int, str], SliderAnswer]:
    # A participant who moved a slider again: the last answer counts.
    return {(a.participant, a.slider): a for a in answers}


def _tension(now: Spread, target: Spread) -> str:
    if now.count < MIN_FOR_TENSION:
        return TENSION_NONE
    wide_now = (now.range or 0) >= TENSION_RANGE
    wide_target = (target.range or 0) >= TENSION_RANGE
    if wide_now and wide_target:
        return TENSION_BOTH
    return TENSION_NOW if wide_now else TENSION_TARGET if wide_target else TENSION_NONE


def slider_results(answers: Iterable[SliderAnswer], sliders: Sequence[str]) -> list[SliderResult]:
    """One result per slider, in the order of ``sliders``; a slider nobody answered is
    included with empty spreads. Answers to other sliders are ignored."""
    by_slider: dict[str, list[SliderAnswer]] = defaultdict(list)
    for a in _last_answers(answers).values():
        by_slider[a.slider].append(a)
    results = []
    for s in sliders:
        now = spread([a.now for a in by_slider[s]])
        target = spread([a.target for a in by_slider[s]])
        reason = _tension(now, target)
        results.append(SliderResult(s, now, target, reason != TENSION_NONE, reason))
    return results


def most_tension(results: Sequence[SliderResult]) -> list[str]:
    """The tension sliders, widest range first (the larger of now and target); a tie
    keeps the sliders' order."""
    tense = [r for r in results if r.tension]
    return [r.slider for r in sorted(tense, key=lambda r: -r.widest)]


def movement(
    previous: Sequence[SliderResult], current: Sequence[SliderResult]
) -> dict[str, float | None]:
    """Per slider of ``current``: its median now minus the previous session's (None when
    either has no median)."""
    before = {r.slider: r.now.median for r in previous}
    out: dict[str, float | None] = {}
    for r in current:
        was = before.get(r.slider)
        out[r.slider] = None if was is None or r.now.median is None else r.now.median - was
    return out


# --- pioneers and deep-thinkers --------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    kind: str  # PIONEER | BETWEEN | DEEP_THINKER
    structure: float  # mean of now
    ambition: float  # mean of target - now
    lowest: str  # the slider with the lowest now (ties: slider order)
    largest_step: str  # the slider with the largest target - now (ties: slider order)


def profile_kind(structure: float) -> str:
    if structure < PIONEER_BELOW:
        return PIONEER
    return DEEP_THINKER if structure >= DEEP_THINKER_FROM else BETWEEN


def profile(
    nows: Mapping[str, float], targets: Mapping[str, float], sliders: Sequence[str]
) -> Profile | None:
    """The profile of one set of answers; None unless every slider has a now and a target."""
    if not sliders or any(s not in nows or s not in targets for s in sliders):
        return None
    steps = [targets[s] - nows[s] for s in sliders]
    structure = sum(nows[s] for s in sliders) / len(sliders)
    # min/max return the first of equals: ties go to the earlier slider.
    lowest = min(sliders, key=lambda s: nows[s])
    largest = sliders[max(range(len(sliders)), key=lambda i: steps[i])]
    return Profile(profile_kind(structure), structure, sum(steps) / len(sliders), lowest, largest)


def _complete(answers: Iterable[SliderAnswer], sliders: Sequence[str]) -> dict[int, dict]:
    """Participant → {slider: answer}, only for participants who answered every slider."""
    by_person: dict[int, dict[str, SliderAnswer]] = defaultdict(dict)
    for a in _last_answers(answers).values():
        if a.slider in sliders:
            by_person[a.participant][a.slider] = a
    return {p: given for p, given in by_person.items() if len(given) == len(set(sliders))}


def participant_profiles(
    answers: Iterable[SliderAnswer], sliders: Sequence[str]
) -> dict[int, Profile]:
    """Participant → profile, for those who answered every slider (by participant)."""
    out = {}
    for p, given in sorted(_complete(answers, sliders).items()):
        nows = {s: a.now for s, a in given.items()}
        targets = {s: a.target for s, a in given.items()}
        out[p] = profile(nows, targets, sliders)
    return out


def profile_counts(answers: Iterable[SliderAnswer], sliders: Sequence[str]) -> dict[str, int]:
    """How many participants are pioneer, between and deep-thinker (all three keys)."""
    counts = Counter(p.kind for p in participant_profiles(answers, sliders).values())
    return {k: counts[k] for k in PROFILE_KINDS}


def team_profile(answers: Iterable[SliderAnswer], sliders: Sequence[str]) -> Profile | None:
    """The profile rule over each slider's median now and median target (the medians the
    page shows, from every answer); None unless at least :data:`MIN_FOR_TEAM` participants
    answered every slider."""
    answers = list(answers)
    if len(_complete(answers, sliders)) < MIN_FOR_TEAM:
        return None
    results = slider_results(answers, sliders)
    nows = {r.slider: r.now.median for r in results}
    targets = {r.slider: r.target.median for r in results}
    return profile(nows, targets, sliders)


# --- building blocks -------------------------------------------------------------------


@dataclass(frozen=True)
class BlockAnswer:
    participant: int
    block: str
    strength: int  # 1..5: how strong the block is now
    first: bool  # work on this one first


@dataclass(frozen=True)
class BlockResult:
    block: str
    count: int
    mean_strength: float | None
    first_votes: int


def block_ranking(answers: Iterable[BlockAnswer], blocks: Sequence[str]) -> list[BlockResult]:
    """Most "first" votes first, then the weakest mean strength (no answers last), then
    the order of ``blocks``. Answers to other blocks are ignored."""
    by_block: dict[str, list[BlockAnswer]] = defaultdict(list)
    for a in {(a.participant, a.block): a for a in answers}.values():
        by_block[a.block].append(a)
    results = []
    for b in blocks:
        given = by_block[b]
        mean = sum(a.strength for a in given) / len(given) if given else None
        results.append(BlockResult(b, len(given), mean, sum(1 for a in given if a.first)))
    # sorted() is stable: equal blocks keep the order of ``blocks``.
    return sorted(
        results,
        key=lambda r: (-r.first_votes, r.mean_strength is None, r.mean_strength or 0),
    )


# --- social innovation -----------------------------------------------------------------


@dataclass(frozen=True)
class InnovationAnswer:
    participant: int
    part: str
    state: str  # ALREADY | ATTENTION


def innovation_counts(
    answers: Iterable[InnovationAnswer], parts: Sequence[str]
) -> list[tuple[str, int, int]]:
    """(part, already, attention) per part, in the order of ``parts``."""
    counts: Counter[tuple[str, str]] = Counter(
        (a.part, a.state) for a in {(a.participant, a.part): a for a in answers}.values()
    )
    return [(p, counts[p, ALREADY], counts[p, ATTENTION]) for p in parts]


# --- the competence game ---------------------------------------------------------------


@dataclass(frozen=True)
class Pick:
    by: int  # the participant who names it
    subject: int  # the participant it is named of; by == subject: an own strength
    competence: str


@dataclass(frozen=True)
class PersonCompetences:
    participant: int
    # (competence key, how many participants named it, named by themselves);
    # most named first, then key.
    competences: tuple[tuple[str, int, bool], ...]
    kinds: dict[str, int]  # best-person type → distinct competences of that type
    kind: str | None  # the type with most; None on a tie or without competences

    def has(self, competence: str) -> bool:
        return any(key == competence for key, _n, _own in self.competences)

    def named(self, competence: str) -> int:
        return next((n for key, n, _own in self.competences if key == competence), 0)


def person_competences(
    picks: Iterable[Pick], kind_of: Mapping[str, str], participants: Sequence[int]
) -> list[PersonCompetences]:
    """Each participant's competences, in the order of ``participants`` (one without
    picks is included, empty). A competence missing from ``kind_of`` (no longer in the
    catalogue) is listed but counts for no type. Picks of others are ignored."""
    namers: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for p in picks:
        namers[p.subject][p.competence].add(p.by)
    out = []
    for person in participants:
        named = namers.get(person, {})
        rows = sorted(
            ((key, len(by), person in by) for key, by in named.items()),
            key=lambda row: (-row[1], row[0]),
        )
        counts = Counter(kind_of[key] for key in named if key in kind_of)
        kinds = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        top = [k for k, n in kinds.items() if n == max(kinds.values())] if kinds else []
        out.append(PersonCompetences(person, tuple(rows), kinds, top[0] if len(top) == 1 else None))
    return out


@dataclass(frozen=True)
class TeamCompetences:
    competences: tuple[tuple[str, int], ...]  # (key, persons who have it); most first, then key
    kinds: dict[str, int]  # best-person type → persons whose type it is (every type)
    missing: tuple[str, ...]  # types nobody in the team is, in the workbook's order


def team_competences(
    people: Sequence[PersonCompetences], kinds_order: Sequence[str]
) -> TeamCompetences:
    having = Counter(key for person in people for key, _n, _own in person.competences)
    persons_of = Counter(person.kind for person in people if person.kind)
    return TeamCompetences(
        competences=tuple(sorted(having.items(), key=lambda kv: (-kv[1], kv[0]))),
        kinds={k: persons_of[k] for k in kinds_order},
        missing=tuple(k for k in kinds_order if not persons_of[k]),
    )


def who_for(people: Sequence[PersonCompetences], competence: str) -> list[int]:
    """The participants who have ``competence``, most named first (ties: ``people`` order):
    who could carry out an action that needs it."""
    having = [p for p in people if p.has(competence)]
    return [p.participant for p in sorted(having, key=lambda p: -p.named(competence))]


# --- SMART actions ---------------------------------------------------------------------

MIN_WHAT_WORDS = 4
#: Besides a vague phrase, this many words must say what concretely.
MIN_OBJECT_WORDS = 3
MIN_SUCCESS_WORDS = 4
MAX_YEARS_AHEAD = 2

#: Words and phrases that say "do something" without saying what (Dutch and English).
VAGUE_PHRASES: tuple[str, ...] = (
    "aandacht besteden aan",
    "aandacht voor",
    "kijken naar",
    "nadenken over",
    "verbeteren",
    "versterken",
    "optimaliseren",
    "stimuleren",
    "bevorderen",
    "onderzoeken",
    "verkennen",
    "vergroten",
    "verhogen",
    "meer",
    "beter",
    "pay attention to",
    "look into",
    "look at",
    "think about",
    "improve",
    "strengthen",
    "optimise",
    "optimize",
    "stimulate",
    "promote",
    "enhance",
    "explore",
    "increase",
    "more",
    "better",
)
#: Articles, prepositions and conjunctions: they carry no object.
SMALL_WORDS = frozenset(
    {
        # Dutch
        *("de", "het", "een", "en", "of", "met", "van", "voor", "aan", "in", "op", "om"),
        *("te", "tot", "bij", "naar", "over", "door", "uit", "als"),
        # English
        *("the", "a", "an", "and", "or", "with", "of", "for", "to", "in", "on", "at", "by"),
        *("from", "about", "into", "as"),
    }
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_VAGUE = [tuple(p.split()) for p in VAGUE_PHRASES]

REQUIRED, VAGUE, PAST, TOO_FAR, NOT_OBSERVABLE = (
    "required",
    "vague",
    "past",
    "too_far",
    "not_observable",
)


def words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


def _without_vague(tokens: list[str]) -> tuple[list[str], bool]:
    """The tokens left once every vague phrase is taken out, and whether there was one."""
    left, found, i = [], False, 0
    while i < len(tokens):
        phrase = next((p for p in _VAGUE if tuple(tokens[i : i + len(p)]) == p), None)
        if phrase:
            found, i = True, i + len(phrase)
        else:
            left.append(tokens[i])
            i += 1
    return left, found


def is_vague(what: str) -> bool:
    tokens = words(what)
    if len(tokens) < MIN_WHAT_WORDS:
        return True
    left, found = _without_vague(tokens)
    return found and len([w for w in left if w not in SMALL_WORDS]) < MIN_OBJECT_WORDS


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def smart_problems(
    what: str, who: str, when: dt.date | None, success: str, today: dt.date
) -> list[tuple[str, str]]:
    """(field, code) per problem, in the order what, who, when, success; empty: SMART
    enough for the werkagenda."""
    problems = []
    if not (what or "").strip():
        problems.append(("what", REQUIRED))
    elif is_vague(what):
        problems.append(("what", VAGUE))
    if not (who or "").strip():
        problems.append(("who", REQUIRED))
    if when is None:
        problems.append(("when", REQUIRED))
    elif when < today:
        problems.append(("when", PAST))
    elif when > _years_later(today, MAX_YEARS_AHEAD):
        problems.append(("when", TOO_FAR))
    if not (success or "").strip():
        problems.append(("success", REQUIRED))
    elif len(words(success)) < MIN_SUCCESS_WORDS:
        problems.append(("success", NOT_OBSERVABLE))
    return problems
