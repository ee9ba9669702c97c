"""Forms of the programme bureau and the assessors: advice to the submitter, naming an
assessor, an assessor's scores (built from the proposal's own framework version) and
the decision. The services check the rules; these forms gather the input and say per
field what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from wendbaar.accounts.models import RoleAssignment, User
from wendbaar.accounts.user_selectors import role_label
from wendbaar.agenda.models import Project
from wendbaar.organisations.models import Organisation
from wendbaar.ui.forms import NLDesignForm

from . import rules
from .constants import Decision, Rating
from .models import Assessor, Proposal

TEXTAREA = {"rows": 3}
YES, NO = "yes", "no"
DRAFT, SUBMIT = "draft", "submit"


class AdviceForm(NLDesignForm, forms.Form):
    advice = forms.CharField(
        label=_("Advice to the submitter"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What would make the proposal stronger? The submitter reads this."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners to talk to"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organisations of this municipality that could strengthen the proposal."),
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Similar projects to learn from"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any):
        super().__init__(*args, **kwargs)
        municipality = proposal.approach.municipality_id
        self.fields["partners"].queryset = Organisation.objects.filter(
            municipality_id=municipality
        ).order_by("name")
        self.fields["projects"].queryset = (
            Project.objects.filter(approach__municipality_id=municipality)
            .select_related("approach")
            .order_by("approach__name", "title")
        )
        self.fields["projects"].label_from_instance = lambda p: f"{p.title} ({p.approach.name})"


def _author_side(proposal: Proposal) -> Q:
    """The users of the submitter's side: who submitted it and the contact persons of
    the submitting organisation (they never assess their own proposal)."""
    q = Q(pk=proposal.submitted_by_id) if proposal.submitted_by_id else Q(pk__in=[])
    if proposal.organisation_id:
        q |= Q(contact_persons__organisation_id=proposal.organisation_id)
    return q


def assessor_candidates(proposal: Proposal) -> list[tuple[User, str]]:
    """Who can be named: active users holding a role in the proposal's gemeente, not
    named yet and not of the submitter's side; each labelled with their roles there
    (two queries)."""
    municipality = proposal.approach.municipality_id
    named = Assessor.objects.filter(proposal=proposal).values("user_id")
    roles_here = RoleAssignment.objects.filter(municipality_id=municipality).select_related(
        "role__role_profile"
    )
    users = (
        User.objects.filter(
            is_active=True,
            pk__in=RoleAssignment.objects.filter(municipality_id=municipality).values("user_id"),
        )
        .exclude(pk__in=named)
        .exclude(pk__in=User.objects.filter(_author_side(proposal)).values("pk"))
        .order_by("last_name", "first_name", "username")
        .prefetch_related(Prefetch("role_assignments", roles_here, to_attr="roles_here"))
    )
    return [
        (
            u,
            f"{u.get_full_name() or u.get_username()} "
            f"({', '.join(sorted(role_label(a) for a in u.roles_here))})",
        )
        for u in users
    ]


class AssessorForm(NLDesignForm, forms.Form):
    # Its own ids: the form also sits on the proposal's page among other forms.
    prefix = "assessor"
    user = forms.TypedChoiceField(
        label=_("Person to assess the proposal"),
        coerce=int,
        help_text=_(
            "Anyone with a role in this municipality, also a partner's person; not the "
            "submitter's side."
        ),
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any):
        super().__init__(*args, **kwargs)
        candidates = assessor_candidates(proposal)
        self.candidates = {u.pk: u for u, _label in candidates}
        self.fields["user"].choices = [(u.pk, label) for u, label in candidates]

    def clean_user(self) -> User:
        return self.candidates[self.cleaned_data["user"]]


# --- scores ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One thing an assessor scores: its input and its rationale (bound fields)."""

    label: str
    field: forms.BoundField
    rationale: forms.BoundField


@dataclass(frozen=True)
class Group:
    criterion: rules.CriterionSpec
    items: tuple[Item, ...]


def _key(criterion: str, effect: str = "") -> str:
    return f"{criterion}__{effect}" if effect else criterion


class ScoreForm(NLDesignForm, forms.Form):
    """Per effect of an effects criterion none/some/substantial, per yes/no criterion a
    yes or no, per scale criterion a score; each with a rationale. A threshold is
    computed from the proposal: shown, not asked. A draft may be incomplete; the service
    refuses an incomplete submission by name."""

    private_note = forms.CharField(
        label=_("Private note"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_(
            "Only you see this; never shown to the submitter, other assessors or in exports."
        ),
    )

    def __init__(
        self,
        *args: Any,
        spec: rules.FrameworkSpec,
        assessor: Assessor | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self._keys: list[tuple[rules.CriterionSpec, str, str]] = []  # (criterion, effect, label)
        for c in spec.criteria:
            if c.kind == rules.EFFECTS:
                for e in c.effects:
                    self._add(c, e.key, e.label)
            elif c.kind in (rules.YES_NO, rules.SCALE):
                self._add(c, "", c.label)
        # Keep the private note last, after every score.
        self.fields["private_note"] = self.fields.pop("private_note")
        if assessor is not None:
            self._prefill(assessor)

    def _add(self, c: rules.CriterionSpec, effect: str, label: str) -> None:
        name = _key(c.key, effect)
        if c.kind == rules.EFFECTS:
            field: forms.Field = forms.ChoiceField(
                label=label,
                choices=Rating.choices,
                required=False,
                widget=forms.RadioSelect,
            )
        elif c.kind == rules.YES_NO:
            field = forms.ChoiceField(
                label=label,
                choices=[(YES, _("Yes")), (NO, _("No"))],
                required=False,
                widget=forms.RadioSelect,
            )
        else:
            field = forms.TypedChoiceField(
                label=_("%(label)s (%(low)s to %(high)s)")
                % {"label": label, "low": c.scale_min, "high": c.scale_max},
                choices=[("", "")]
                + [(str(v), str(v)) for v in range(c.scale_min, c.scale_max + 1)],
                coerce=int,
                empty_value=None,
                required=False,
            )
        self.fields[name] = field
        self.fields[name + "__rationale"] = forms.CharField(
            label=_("Rationale: %(label)s") % {"label": label},
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self._keys.append((c, effect, label))

    def _prefill(self, assessor: Assessor) -> None:
        self.initial.setdefault("private_note", assessor.private_note)
        for s in assessor.scores.all():
            name = _key(s.criterion_key, s.effect_key)
            if name not in self.fields:
                continue  # a score of a criterion no longer asked: not shown
            if s.rating:
                value: Any = s.rating
            elif s.answer is not None:
                value = YES if s.answer else NO
            else:
                value = s.value
            self.initial.setdefault(name, value)
            self.initial.setdefault(name + "__rationale", s.rationale)

    def groups(self) -> list[Group]:
        """The inputs per criterion, in the framework's order, for fieldsets."""
        out = []
        for c in self.spec.criteria:
            items = tuple(
                Item(label, self[_key(c.key, effect)], self[_key(c.key, effect) + "__rationale"])
                for crit, effect, label in self._keys
                if crit.key == c.key
            )
            out.append(Group(c, items))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for c, effect, _label in self._keys:
            name = _key(c.key, effect)
            given = data.get(name) not in (None, "")
            explained = bool((data.get(name + "__rationale") or "").strip())
            if explained and not given:
                self.add_error(name, _("Give a score with this rationale."))
            if c.kind == rules.YES_NO and given and not explained:
                self.add_error(name + "__rationale", _("Explain your answer."))
        return data

    def scores(self) -> list[rules.Score]:
        """The scores given (a draft may leave some out); ``assessor`` is filled in by
        the service."""
        out = []
        for c, effect, _label in self._keys:
            name = _key(c.key, effect)
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            rationale = self.cleaned_data.get(name + "__rationale", "")
            if c.kind == rules.EFFECTS:
                out.append(rules.Score("", c.key, effect, rating=value, rationale=rationale))
            elif c.kind == rules.YES_NO:
                out.append(rules.Score("", c.key, answer=value == YES, rationale=rationale))
            else:
                out.append(rules.Score("", c.key, value=int(value), rationale=rationale))
        return out


class DecisionForm(NLDesignForm, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Written to the submitter."),
        error_messages={"required": _("Write the reasons for the submitter.")},
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Required when the proposal is approved with conditions."),
    )
