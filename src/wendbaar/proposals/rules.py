"""Assessing project proposals against a framework: pure rules over plain data, no Django.

A framework is data (per gemeente, versioned): criteria of four kinds.

* ``EFFECTS``: the proposal must contribute *substantially* to at least ``min_substantial``
  of the criterion's effects (The Hague: 3 of 6 societal effects). Assessors rate each
  effect none / some / substantial.
* ``THRESHOLD``: computed from the proposal, never scored: ``metric`` at or above
  ``minimum`` (The Hague: co-funding share ≥ 0.40).
* ``YES_NO``: assessors answer yes or no, always with an explanation (verduurzaming).
* ``SCALE``: assessors give an integer ``scale_min``..``scale_max``; informative only
  (``met`` is None: a scale has no pass mark here).

Combining independent assessors — the rule the page shows, so nobody has to trust it:

* **An effect** gets the **median** of its ratings on the ordinal scale
  none < some < substantial. With an even number of ratings it is the **lower** of the two
  middle ones: a cautious rule — one enthusiastic assessor against one doubtful one does
  not make an effect substantial. An effect nobody rated is *unrated*; an effects
  criterion is then only decided when the unrated effects can no longer change it.
* **A yes/no criterion** is yes when more than half of the assessors said yes; a tie is
  no, flagged ``tie``.
* **A scale criterion** shows the mean (one decimal, half up) and the lowest and highest.
* **Disagreement** is flagged, for the page to show the assessors side by side: ratings of
  one effect two steps apart (none and substantial), a split yes/no, a scale spread ≥ 2.

The co-funding share is other parties' money over the proposal's **cost**, not over the
financing entered — the same rule as ``agenda.money.co_funding_share`` (unknown, with the
reason ``"no_cost"``, without a cost or with cost 0; never shown as 0 or 100 %).

Scores with a problem (``score_problems``) are left out of the assessment and listed in
it. Nothing here decides: an :class:`Assessment` says what the framework's criteria say
about the proposal, and a person decides.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
ONE = Decimal("1")

# --- vocabulary ------------------------------------------------------------------------

# Kinds of criteria (``constants.CriterionKind`` holds the same strings for Django).
EFFECTS, THRESHOLD, YES_NO, SCALE = "effects", "threshold", "yes_no", "scale"
KINDS = (EFFECTS, THRESHOLD, YES_NO, SCALE)

# Ratings of an effect, lowest first: the order is the ordinal scale the median uses.
NONE, SOME, SUBSTANTIAL = "none", "some", "substantial"
RATINGS = (NONE, SOME, SUBSTANTIAL)
_RANK = {r: i for i, r in enumerate(RATINGS)}

# Metrics a threshold criterion can compute from the proposal.
COFUNDING_SHARE = "cofunding_share"

# Why a share is unknown. ``NO_COST`` is agenda.money's code for the same reason.
NO_COST = "no_cost"  # no cost (none or zero): nothing to divide by
FINANCING_INVALID = "financing_invalid"  # negative amounts or financing above the cost

#: A continuity plan needs at least this many words. A word or two ("ja", "n.v.t.",
#: "volgt later") is not a plan; five is the shortest sentence that says who carries on
#: with what ("De bewonersvereniging neemt het over").
MIN_CONTINUITY_WORDS = 5
CONTINUITY_CHECK = "continuity_present"

# Keys end up in URLs and in SlugFields: Django's slug characters.
_KEY = re.compile(r"^[-a-zA-Z0-9_]+$")


@dataclass(frozen=True)
class Problem:
    """Something wrong with a framework, the financing or a score: a ``code`` and its
    ``params`` that the Django layer turns into words. ``criterion`` is the key of the
    criterion it concerns and ``field`` the attribute (of the criterion, the facts or the
    score), where either applies."""

    code: str
    params: dict = field(default_factory=dict)
    criterion: str = ""
    field: str = ""


# --- the framework ---------------------------------------------------------------------


@dataclass(frozen=True)
class EffectSpec:
    key: str
    label: str


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    label: str
    kind: str
    effects: tuple[EffectSpec, ...] = ()
    min_substantial: int = 0  # EFFECTS: at least this many substantial
    metric: str = ""  # THRESHOLD: what is computed (``COFUNDING_SHARE``)
    minimum: Decimal | None = None  # THRESHOLD: a fraction, 0.40 is 40 %
    scale_min: int = 1  # SCALE
    scale_max: int = 5


@dataclass(frozen=True)
class FrameworkSpec:
    name: str
    version: int
    criteria: tuple[CriterionSpec, ...]

    def criterion(self, key: str) -> CriterionSpec | None:
        return next((c for c in self.criteria if c.key == key), None)


def framework_problems(spec: FrameworkSpec) -> list[Problem]:
    """Everything wrong with a framework, each named; an empty list means valid."""
    out: list[Problem] = []
    if not spec.name.strip():
        out.append(Problem("name_blank", field="name"))
    if not spec.criteria:
        out.append(Problem("framework_empty", field="criteria"))
    keys = Counter(c.key for c in spec.criteria)
    for key in (k for k, n in keys.items() if n > 1):
        out.append(Problem("duplicate_criterion", {"criterion": key}, key, "key"))
    for c in spec.criteria:
        out.extend(_criterion_problems(c))
    return out


def _criterion_problems(c: CriterionSpec) -> list[Problem]:
    out: list[Problem] = []

    def problem(code: str, field_name: str, **params: object) -> None:
        out.append(Problem(code, {"criterion": c.key, **params}, c.key, field_name))

    if not _KEY.match(c.key):
        problem("key_invalid", "key", key=c.key)
    if not c.label.strip():
        problem("label_blank", "label")
    if c.kind not in KINDS:
        problem("unknown_kind", "kind", kind=c.kind, known=KINDS)
        return out
    if c.kind != EFFECTS and c.effects:
        problem("effects_not_expected", "effects", kind=c.kind)
    if c.kind == EFFECTS:
        if not c.effects:
            problem("effects_missing", "effects")
        counts = Counter(e.key for e in c.effects)
        for key in (k for k, n in counts.items() if n > 1):
            problem("duplicate_effect", "effects", effect=key)
        for e in c.effects:
            if not _KEY.match(e.key):
                problem("effect_key_invalid", "effects", effect=e.key)
            if not e.label.strip():
                problem("effect_label_blank", "effects", effect=e.key)
        if c.min_substantial < 1:
            problem("needed_below_one", "min_substantial", needed=c.min_substantial)
        elif c.effects and c.min_substantial > len(c.effects):
            problem(
                "needed_too_many", "min_substantial", needed=c.min_substantial, of=len(c.effects)
            )
    elif c.kind == THRESHOLD:
        if c.metric not in METRICS:
            problem("unknown_metric", "metric", metric=c.metric, known=tuple(METRICS))
        if c.minimum is None:
            problem("minimum_missing", "minimum")
        elif not ZERO <= c.minimum <= ONE:
            problem("minimum_out_of_range", "minimum", minimum=c.minimum)
    elif c.kind == SCALE and c.scale_min >= c.scale_max:
        problem("scale_range_invalid", "scale_max", scale_min=c.scale_min, scale_max=c.scale_max)
    return out


class InvalidFramework(ValueError):
    """Assessing against a framework with problems: a programming error, since a
    framework is checked before it is saved."""

    def __init__(self, problems: list[Problem]):
        super().__init__(", ".join(p.code for p in problems))
        self.problems = problems


# --- the proposal's facts and its money ------------------------------------------------


@dataclass(frozen=True)
class ProposalFacts:
    """What the rules read of a proposal. The financing lines are split into the
    programme's own money and other parties' money."""

    cost_total: Decimal | None
    programme_money: Decimal = ZERO
    other_money: Decimal = ZERO
    continuity_plan: str = ""
    intended_effects: frozenset[str] = frozenset()

    @property
    def financing(self) -> Decimal:
        return self.programme_money + self.other_money


@dataclass(frozen=True)
class Share:
    """A fraction from 0 to 1, or None when unknown, with ``reason`` saying why (``NO_COST``)."""

    value: Decimal | None
    reason: str = ""

    @property
    def percent(self) -> Decimal | None:
        """The share in percent with one decimal, rounded *down*: 39.99 % shows as 39.9,
        so a shown figure never seems to reach a minimum the exact share misses."""
        if self.value is None:
            return None
        return (self.value * 100).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)


def cofunding_share(facts: ProposalFacts) -> Share:
    """Other parties' money over the proposal's cost (agenda.money's rule): €40k of
    others on a €90k proposal is 0.444…, however much of the rest is financed yet.
    Unknown without a cost or with cost 0 (or below): never 0 or 100 %."""
    cost = facts.cost_total
    if cost is None or cost <= 0:
        return Share(None, NO_COST)
    return Share(facts.other_money / cost)


METRICS: dict[str, Callable[[ProposalFacts], Share]] = {COFUNDING_SHARE: cofunding_share}


def financing_problems(facts: ProposalFacts) -> list[Problem]:
    """Negative amounts, and financing above the cost. Financing below the cost is not a
    problem (the rest is still being found). Without a cost (none or 0) there is nothing
    to be above, as in agenda.money's ``exceeds_budget``."""
    out = [
        Problem("negative_amount", {"amount": amount}, field=name)
        for name, amount in (
            ("cost_total", facts.cost_total),
            ("programme_money", facts.programme_money),
            ("other_money", facts.other_money),
        )
        if amount is not None and amount < 0
    ]
    cost = facts.cost_total
    if cost is not None and cost > 0 and facts.financing > cost:
        out.append(
            Problem(
                "financing_above_cost",
                {"financing": facts.financing, "cost": cost, "excess": facts.financing - cost},
                field="cost_total",
            )
        )
    return out


def continuity_words(text: str) -> int:
    """Words in a text: whitespace-separated pieces with a letter or digit in them
    ("n.v.t." is one word, a lone dash none)."""
    return sum(1 for piece in text.split() if any(ch.isalnum() for ch in piece))


# --- scores ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """One assessor's score of one criterion (and, for effects, one effect): a
    ``rating`` (EFFECTS), an ``answer`` (YES_NO) or a ``value`` (SCALE)."""

    assessor: str
    criterion: str
    effect: str = ""
    rating: str | None = None
    answer: bool | None = None
    value: int | None = None
    rationale: str = ""


_EXPECTED = {EFFECTS: "rating", YES_NO: "answer", SCALE: "value"}


def _score_problems(spec: FrameworkSpec, s: Score) -> list[Problem]:
    out: list[Problem] = []

    def problem(code: str, field_name: str, **params: object) -> None:
        base = {"assessor": s.assessor, "criterion": s.criterion, "effect": s.effect}
        out.append(Problem(code, {**base, **params}, s.criterion, field_name))

    if not s.assessor.strip():
        problem("assessor_missing", "assessor")
    c = spec.criterion(s.criterion)
    if c is None:
        problem("unknown_criterion", "criterion")
        return out
    if c.kind not in _EXPECTED:
        problem("criterion_computed", "criterion", kind=c.kind)
        return out
    if c.kind == EFFECTS and not s.effect:
        problem("effect_missing", "effect")
    elif s.effect and s.effect not in {e.key for e in c.effects}:
        problem("unknown_effect", "effect")
    expected = _EXPECTED[c.kind]
    for given in _EXPECTED.values():
        if given != expected and getattr(s, given) is not None:
            problem("wrong_kind", given, kind=c.kind, expected=expected, given=given)
    got = getattr(s, expected)
    if got is None:
        problem("score_missing", expected, kind=c.kind, expected=expected)
    elif c.kind == EFFECTS and got not in RATINGS:
        problem("unknown_rating", "rating", rating=got, known=RATINGS)
    elif c.kind == YES_NO and not isinstance(got, bool):
        problem("invalid_answer", "answer", answer=got)
    elif c.kind == SCALE and (isinstance(got, bool) or not isinstance(got, int)):
        problem("invalid_value", "value", value=got)
    elif c.kind == SCALE and not c.scale_min <= got <= c.scale_max:
        problem("value_out_of_range", "value", value=got, min=c.scale_min, max=c.scale_max)
    if c.kind == YES_NO and not s.rationale.strip():
        problem("rationale_missing", "rationale")
    return out


def _score_key(s: Score) -> tuple[str, str, str]:
    return (s.assessor, s.criterion, s.effect)


def _checked_scores(
    spec: FrameworkSpec, scores: Iterable[Score]
) -> tuple[list[Score], list[Problem]]:
    """The scores without problems, and the problems. Two scores by one assessor for the
    same criterion+effect both stay out: nothing says which one counts."""
    scores = list(scores)
    problems: list[Problem] = []
    valid: list[Score] = []
    counts = Counter(_score_key(s) for s in scores)
    for (assessor, criterion, effect), n in counts.items():
        if n > 1:
            problems.append(
                Problem(
                    "duplicate_score",
                    {"assessor": assessor, "criterion": criterion, "effect": effect, "count": n},
                    criterion,
                    "assessor",
                )
            )
    for s in scores:
        own = _score_problems(spec, s)
        problems.extend(own)
        if not own and counts[_score_key(s)] == 1:
            valid.append(s)
    return valid, problems


def score_problems(spec: FrameworkSpec, scores: Iterable[Score]) -> list[Problem]:
    """Everything wrong with the scores, each named; an empty list means all count."""
    return _checked_scores(spec, scores)[1]


# --- combining assessors ---------------------------------------------------------------


def combined_rating(ratings: Sequence[str]) -> str | None:
    """The median on none < some < substantial; with an even count the lower of the two
    middle ones. None without ratings."""
    if not ratings:
        return None
    ordered = sorted(ratings, key=_RANK.__getitem__)
    return ordered[(len(ordered) - 1) // 2]


def ratings_disagree(ratings: Sequence[str]) -> bool:
    """Two assessors two steps apart: one says none, another substantial."""
    ranks = [_RANK[r] for r in ratings]
    return bool(ranks) and max(ranks) - min(ranks) >= 2


@dataclass(frozen=True)
class Answers:
    yes: int
    no: int

    @property
    def met(self) -> bool | None:
        """Yes when more than half said yes; None without answers."""
        if not self.yes + self.no:
            return None
        return self.yes > self.no

    @property
    def tie(self) -> bool:
        return self.yes == self.no > 0

    @property
    def disagreement(self) -> bool:
        return self.yes > 0 and self.no > 0


def combined_answers(answers: Sequence[bool]) -> Answers:
    return Answers(yes=sum(1 for a in answers if a), no=sum(1 for a in answers if not a))


#: A scale spread at least this wide is a disagreement.
SCALE_DISAGREEMENT = 2


@dataclass(frozen=True)
class ScaleSummary:
    count: int
    mean: Decimal | None  # one decimal, half up
    low: int | None
    high: int | None

    @property
    def disagreement(self) -> bool:
        return self.count > 0 and self.high - self.low >= SCALE_DISAGREEMENT


def scale_summary(values: Sequence[int]) -> ScaleSummary:
    if not values:
        return ScaleSummary(0, None, None, None)
    mean = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return ScaleSummary(len(values), mean, min(values), max(values))


# --- the assessment --------------------------------------------------------------------


@dataclass(frozen=True)
class EffectResult:
    effect: str
    label: str
    ratings: tuple[tuple[str, str], ...]  # (assessor, rating), by assessor
    combined: str | None  # None: nobody rated it
    disagreement: bool
    intended: bool  # the submitter said the proposal aims at it


@dataclass(frozen=True)
class CriterionResult:
    """What one criterion says about the proposal. ``met`` None: not decided by the rules
    (a scale is informative, a share is unknown, there are no scores yet, unrated effects
    could still change it). ``code`` + ``params`` are for the page's words; ``scores`` are
    the ones counted, with their rationales, for the side-by-side view."""

    key: str
    label: str
    kind: str
    met: bool | None
    code: str
    params: dict = field(default_factory=dict)
    effects: tuple[EffectResult, ...] = ()
    scores: tuple[Score, ...] = ()
    disagreement: bool = False
    tie: bool = False


@dataclass(frozen=True)
class CheckResult:
    """A check the rules always run, outside any framework."""

    key: str
    met: bool
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    """``all_met``: every criterion the rules could decide is met; None when they could
    decide none yet (no scores, no cost), so an unassessed proposal never reads as "all
    met". Read it with ``unknown``: the criteria still open. ``informative`` are the
    scale criteria, never decided. ``checks_not_met`` are the computed checks outside
    the framework; they do not count in ``all_met``."""

    all_met: bool | None
    not_met: tuple[str, ...]
    unknown: tuple[str, ...]
    informative: tuple[str, ...]
    checks_not_met: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.unknown


@dataclass(frozen=True)
class Assessment:
    framework: str
    version: int
    criteria: tuple[CriterionResult, ...]
    checks: tuple[CheckResult, ...]
    share: Share
    problems: tuple[Problem, ...]  # financing, scores (left out), intended effects
    assessors: tuple[str, ...]
    summary: Summary

    def result(self, key: str) -> CriterionResult | None:
        return next((r for r in self.criteria if r.key == key), None)


def continuity_check(facts: ProposalFacts) -> CheckResult:
    words = continuity_words(facts.continuity_plan)
    params = {"words": words, "minimum": MIN_CONTINUITY_WORDS}
    if words == 0:
        return CheckResult(CONTINUITY_CHECK, False, "continuity_missing", params)
    if words < MIN_CONTINUITY_WORDS:
        return CheckResult(CONTINUITY_CHECK, False, "continuity_too_short", params)
    return CheckResult(CONTINUITY_CHECK, True, "continuity_present", params)


def _effects_result(c: CriterionSpec, facts: ProposalFacts, scores: list[Score]) -> CriterionResult:
    by_effect: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s in scores:
        by_effect[s.effect].append((s.assessor, s.rating))
    effects = []
    for e in c.effects:
        pairs = tuple(sorted(by_effect[e.key]))
        ratings = [r for _, r in pairs]
        effects.append(
            EffectResult(
                effect=e.key,
                label=e.label,
                ratings=pairs,
                combined=combined_rating(ratings),
                disagreement=ratings_disagree(ratings),
                intended=e.key in facts.intended_effects,
            )
        )
    substantial = tuple(e.effect for e in effects if e.combined == SUBSTANTIAL)
    unrated = tuple(e.effect for e in effects if e.combined is None)
    disagreements = tuple(e.effect for e in effects if e.disagreement)
    needed = c.min_substantial
    params = {
        "count": len(substantial),
        "needed": needed,
        "of": len(c.effects),
        "substantial": substantial,
        "unrated": unrated,
        "intended_not_substantial": tuple(
            e.effect for e in effects if e.intended and e.combined in (NONE, SOME)
        ),
        "disagreements": disagreements,
        "assessors": len({s.assessor for s in scores}),
    }
    if not scores:
        met, code = None, "no_scores"
    elif len(substantial) >= needed:
        met, code = True, "effects_met"
    elif len(substantial) + len(unrated) >= needed:
        met, code = None, "effects_incomplete"  # the unrated effects can still decide it
    else:
        met, code = False, "effects_not_met"
    return CriterionResult(
        c.key,
        c.label,
        c.kind,
        met,
        code,
        params,
        effects=tuple(effects),
        scores=tuple(scores),
        disagreement=bool(disagreements),
    )


def _threshold_result(
    c: CriterionSpec, facts: ProposalFacts, financing: list[Problem]
) -> CriterionResult:
    share = METRICS[c.metric](facts)
    minimum = c.minimum
    params: dict = {"metric": c.metric, "share": share.value, "minimum": minimum}
    if c.metric == COFUNDING_SHARE:
        params |= {"other": facts.other_money, "cost": facts.cost_total}
    if share.value is None:
        return CriterionResult(
            c.key, c.label, c.kind, None, "threshold_unknown", params | {"reason": share.reason}
        )
    if financing:
        # A share from inconsistent figures would read as a verdict: fix the financing first.
        params |= {"reason": FINANCING_INVALID, "problems": tuple(p.code for p in financing)}
        return CriterionResult(c.key, c.label, c.kind, None, "threshold_unknown", params)
    met = share.value >= minimum
    return CriterionResult(
        c.key, c.label, c.kind, met, "threshold_met" if met else "threshold_not_met", params
    )


def _yes_no_result(c: CriterionSpec, scores: list[Score]) -> CriterionResult:
    answers = combined_answers([s.answer for s in scores])
    params = {
        "yes": answers.yes,
        "no": answers.no,
        "tie": answers.tie,
        "disagreement": answers.disagreement,
    }
    code = {None: "no_scores", True: "answer_yes", False: "answer_no"}[answers.met]
    return CriterionResult(
        c.key,
        c.label,
        c.kind,
        answers.met,
        code,
        params,
        scores=tuple(scores),
        disagreement=answers.disagreement,
        tie=answers.tie,
    )


def _scale_result(c: CriterionSpec, scores: list[Score]) -> CriterionResult:
    summary = scale_summary([s.value for s in scores])
    params = {
        "count": summary.count,
        "mean": summary.mean,
        "low": summary.low,
        "high": summary.high,
        "scale_min": c.scale_min,
        "scale_max": c.scale_max,
    }
    return CriterionResult(
        c.key,
        c.label,
        c.kind,
        None,
        "scale" if summary.count else "no_scores",
        params,
        scores=tuple(scores),
        disagreement=summary.disagreement,
    )


def assess(spec: FrameworkSpec, facts: ProposalFacts, scores: Iterable[Score]) -> Assessment:
    """What the framework's criteria say about a proposal, with every assessor's scores.
    Scores with problems are left out and listed in ``problems``. Raises
    :class:`InvalidFramework` for a framework with problems."""
    if problems := framework_problems(spec):
        raise InvalidFramework(problems)
    valid, problems = _checked_scores(spec, scores)
    financing = financing_problems(facts)
    known_effects = {e.key for c in spec.criteria for e in c.effects}
    intended_unknown = [
        Problem("unknown_intended_effect", {"effect": e}, field="intended_effects")
        for e in sorted(facts.intended_effects - known_effects)
    ]
    by_criterion: dict[str, list[Score]] = defaultdict(list)
    for s in sorted(valid, key=_score_key):  # the order scores came in does not matter
        by_criterion[s.criterion].append(s)

    results = []
    for c in spec.criteria:
        if c.kind == EFFECTS:
            results.append(_effects_result(c, facts, by_criterion[c.key]))
        elif c.kind == THRESHOLD:
            results.append(_threshold_result(c, facts, financing))
        elif c.kind == YES_NO:
            results.append(_yes_no_result(c, by_criterion[c.key]))
        else:
            results.append(_scale_result(c, by_criterion[c.key]))
    checks = (continuity_check(facts),)
    not_met = tuple(r.key for r in results if r.met is False)
    decided = any(r.met is not None for r in results)
    summary = Summary(
        all_met=(not not_met) if decided else None,
        not_met=not_met,
        unknown=tuple(r.key for r in results if r.met is None and r.kind != SCALE),
        informative=tuple(r.key for r in results if r.kind == SCALE),
        checks_not_met=tuple(ch.key for ch in checks if not ch.met),
    )
    return Assessment(
        framework=spec.name,
        version=spec.version,
        criteria=tuple(results),
        checks=checks,
        share=cofunding_share(facts),
        problems=tuple(financing + problems + intended_unknown),
        assessors=tuple(sorted({s.assessor for s in valid})),
        summary=summary,
    )


# --- the framework shipped with Wendbaar -----------------------------------------------

#: The Hague's framework (seeds/001), as data migration 0002 saves it: a substantial
#: contribution to at least 3 of 6 societal effects, verduurzaming tested yes/no with an
#: explanation, and a co-funding share of at least 40 % of the costs.
THE_HAGUE = FrameworkSpec(
    name="Den Haag: drie van de zes maatschappelijke effecten",
    version=1,
    criteria=(
        CriterionSpec(
            key="societal_effects",
            label="Substantiële bijdrage aan maatschappelijke effecten",
            kind=EFFECTS,
            effects=(
                EffectSpec("social_cohesion", "Versterking van de sociale cohesie"),
                EffectSpec("positive_image", "Positieve beeldvorming"),
                EffectSpec(
                    "access_to_services", "Betere toegang tot bestaande (hulp)voorzieningen"
                ),
                EffectSpec("safety", "Sociale en fysieke veiligheid"),
                EffectSpec("employment", "Werkgelegenheid"),
                EffectSpec("ownership", "Eigenaarschap in de eigen wijk"),
            ),
            min_substantial=3,
        ),
        CriterionSpec(key="continuity", label="Verduurzaming", kind=YES_NO),
        CriterionSpec(
            key="cofunding",
            label="Cofinanciering",
            kind=THRESHOLD,
            metric=COFUNDING_SHARE,
            minimum=Decimal("0.40"),
        ),
    ),
)
