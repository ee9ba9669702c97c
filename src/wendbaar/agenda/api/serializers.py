"""Serializers of the wijkaanpak API.

Output serializers describe what the reads and writes return; input serializers only
check the shape of a request body. Writes never save through a serializer: the view
passes the validated data to one service function (``agenda/services.py``), which
validates the business rules, writes and records the audit event.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wendbaar.areas.api.serializers import AreaRefSerializer

from ..constants import ProjectStatus
from ..permissions import ProjectPolicy


class ApproachListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    municipality = serializers.CharField(source="municipality.code")
    areas = AreaRefSerializer(many=True, source="areas.all")
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()
    is_published = serializers.BooleanField()
    is_example = serializers.BooleanField()


class ValueYearSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)


class ActualSerializer(serializers.Serializer):
    value = serializers.FloatField()
    year = serializers.IntegerField(source="period")
    exact = serializers.BooleanField()
    source = serializers.CharField(help_text="Where the figure comes from (table, derivation).")


class IndicatorStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.pk")
    name = serializers.CharField()
    monitor_code = serializers.CharField(source="indicator.indicator_code", allow_blank=True)
    unit = serializers.CharField(source="indicator.unit", allow_blank=True)
    polarity = serializers.IntegerField(source="indicator.polarity")
    baseline = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    actual = ActualSerializer(allow_null=True)
    progress_to_target = serializers.FloatField(source="progress", allow_null=True)

    hidden = serializers.BooleanField(
        help_text="A sensitive monitor indicator the caller may not see: no figures at all."
    )

    def get_baseline(self, obj) -> dict:
        return {"value": obj.baseline_value, "year": obj.indicator.baseline_year}

    def get_target(self, obj) -> dict:
        return {"value": obj.target_value, "year": obj.indicator.target_year}


class RollUpSerializer(serializers.Serializer):
    percent = serializers.FloatField(allow_null=True)
    mode = serializers.CharField()
    count = serializers.IntegerField()


class GoalStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="goal.pk")
    title = serializers.CharField(source="goal.title")
    themes = serializers.ListField(child=serializers.CharField(), source="goal.themes")
    indicators = IndicatorStateSerializer(many=True)
    progress = RollUpSerializer()
    project_count = serializers.IntegerField()


class PartyAmountSerializer(serializers.Serializer):
    party = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


def _euro_field(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, help_text=help_text)


class AmountsSerializer(serializers.Serializer):
    """Planned, committed and spent money side by side; deliberately without a total
    (money only planned is not money spent)."""

    planned = _euro_field("Planned, not yet committed.")
    committed = _euro_field("Committed, not yet spent.")
    spent = _euro_field("Spent.")


class PartyAmountsSerializer(AmountsSerializer):
    party = serializers.CharField()


class ThemeAmountsSerializer(AmountsSerializer):
    theme = serializers.CharField(
        help_text="A theme, several joined by '+' (a project's combination: never split), "
        "or empty for money without a theme."
    )
    label = serializers.CharField()


CO_FUNDING_SHARE_HELP = (
    "Money of parties other than the programme's budget holder over the cost (budget); "
    "null when unknown (see co_funding_unknown_reason), never 0 for lack of a budget."
)
CO_FUNDING_REASON_HELP = (
    "Why the share is unknown: no_budget_holder (nobody's money counts as own) or "
    "no_cost (no budget to compare with); null when known."
)


class MoneySummarySerializer(serializers.Serializer):
    """All money of a wijkaanpak: in and outside projects, by party and by theme."""

    total = AmountsSerializer()
    inside_projects = AmountsSerializer()
    outside_projects = AmountsSerializer()
    by_party = serializers.SerializerMethodField()
    by_theme = serializers.SerializerMethodField()
    co_funding_share = serializers.FloatField(
        source="co_funding.share", allow_null=True, help_text=CO_FUNDING_SHARE_HELP
    )
    co_funding_unknown_reason = serializers.SerializerMethodField(help_text=CO_FUNDING_REASON_HELP)
    projects_without_budget = serializers.IntegerField(
        source="co_funding.left_out", help_text="Projects left out of the co-funding share."
    )

    @extend_schema_field(PartyAmountsSerializer(many=True))
    def get_by_party(self, obj) -> list[dict]:
        return [_amounts(a, party=p) for p, a in obj.by_party]

    @extend_schema_field(ThemeAmountsSerializer(many=True))
    def get_by_theme(self, obj) -> list[dict]:
        return [_amounts(a, theme=t, label=label) for t, label, a in obj.by_theme]

    def get_co_funding_unknown_reason(self, obj) -> str | None:
        return obj.co_funding.reason or None


def _amounts(amounts, **extra) -> dict:
    return {**extra, **AmountsSerializer(amounts).data}


class StatusHistoryEntrySerializer(serializers.Serializer):
    """One step of a project's status history; ``by`` is a display name, never an
    e-mail address, and null when the platform itself acted or the reader may not change
    the project (who changed it is personal data, kept within the scope)."""

    from_status = serializers.CharField(
        source="from_status_or_none", allow_null=True, help_text="Null for the first entry."
    )
    to_status = serializers.CharField()
    on = serializers.DateField()
    by = serializers.SerializerMethodField(
        help_text="Who changed it: only for readers who may change the project, else null."
    )

    def get_by(self, obj) -> str | None:
        user = obj.changed_by
        if user is None or not self.context.get("show_names"):
            return None
        # A user name may be an e-mail address: only the part before the "@".
        return user.get_full_name() or user.get_username().split("@")[0]


class ProjectStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="project.pk")
    title = serializers.CharField(source="project.title")
    status = serializers.CharField(source="project.status")
    owner_organisation = serializers.CharField(
        source="project.owner_organisation.name", allow_null=True, default=None
    )
    start_date = serializers.DateField(source="project.start_date")
    end_date = serializers.DateField(source="project.end_date", allow_null=True)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, source="project.budget")
    themes = serializers.ListField(child=serializers.CharField(), source="project.themes")
    goal_ids = serializers.SerializerMethodField()
    progress_percent = serializers.FloatField(source="progress.percent")
    funding = AmountsSerializer(help_text="The project's current funding lines by status.")
    funding_by_party = serializers.SerializerMethodField()
    co_funding_share = serializers.FloatField(
        source="co_funding.share", allow_null=True, help_text=CO_FUNDING_SHARE_HELP
    )
    co_funding_unknown_reason = serializers.SerializerMethodField(help_text=CO_FUNDING_REASON_HELP)
    status_history = serializers.SerializerMethodField(
        help_text="Every status change, oldest first; the last one's to_status is the status."
    )

    def get_goal_ids(self, obj) -> list[int]:
        return sorted(obj.progress.goal_ids)

    @extend_schema_field(PartyAmountsSerializer(many=True))
    def get_funding_by_party(self, obj) -> list[dict]:
        return [_amounts(a, party=p) for p, a in obj.funding_by_party]

    def get_co_funding_unknown_reason(self, obj) -> str | None:
        return obj.co_funding.reason or None

    @extend_schema_field(StatusHistoryEntrySerializer(many=True))
    def get_status_history(self, obj) -> list[dict]:
        # In the order they were written (under the project's lock): the chain's order.
        changes = list(obj.project.status_changes.select_related("changed_by").order_by("id"))
        for change in changes:
            change.from_status_or_none = change.from_status or None
        request = self.context.get("request")
        reader = getattr(request, "user", None)
        show_names = reader is not None and ProjectPolicy().may(reader, "change", obj.project)
        context = {"show_names": show_names}
        return StatusHistoryEntrySerializer(changes, many=True, context=context).data


class MemberSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name")
    kind = serializers.CharField(source="organisation.kind")
    subtype = serializers.CharField(source="organisation.subtype", allow_blank=True)
    party_group = serializers.CharField(source="organisation.party_group")
    role = serializers.CharField()
    joined_on = serializers.DateField()


class CoalitionSerializer(serializers.Serializer):
    day = serializers.DateField()
    members = MemberSerializer(many=True, source="memberships")
    missing_party_groups = serializers.ListField(
        child=serializers.CharField(), source="missing_groups"
    )


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    params = serializers.DictField()


class ApproachDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="approach.pk")
    name = serializers.CharField(source="approach.name")
    summary = serializers.CharField(source="approach.summary")
    municipality = serializers.CharField(source="approach.municipality.code")
    area_codes = serializers.ListField(child=serializers.CharField())
    start_year = serializers.IntegerField(source="approach.start_year")
    end_year = serializers.IntegerField(source="approach.end_year")
    is_published = serializers.BooleanField(source="approach.is_published")
    is_example = serializers.BooleanField(source="approach.is_example")
    vision = serializers.CharField(source="vision.text", allow_null=True, default=None)
    progress = RollUpSerializer()
    goals = GoalStateSerializer(many=True)
    projects = ProjectStateSerializer(many=True)
    money = MoneySummarySerializer()
    coalition = CoalitionSerializer()
    warnings = WarningSerializer(many=True)


# --- writes: input ---------------------------------------------------------------------


class OutputFigureSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    value = serializers.FloatField()
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class ProgressInputSerializer(serializers.Serializer):
    narrative = serializers.CharField(help_text="What happened since the last update.")
    progress_percent = serializers.IntegerField(min_value=0, max_value=100)
    reported_on = serializers.DateField(
        required=False,
        help_text=(
            "Defaults to today. Within the project's period (from half a year before its "
            "start to a year after its end) and not after today; otherwise 400."
        ),
    )
    outputs = OutputFigureSerializer(
        many=True,
        required=False,
        help_text=(
            "Output figures of the project itself (meetings held, homes renovated); "
            "outcomes are measured by the goals' indicators."
        ),
    )


class StatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProjectStatus.choices)
    on = serializers.DateField(
        required=False,
        help_text=(
            "Defaults to today. Within the project's period (from half a year before its "
            "start to a year after its end) and not after today; otherwise 400."
        ),
    )
    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="The reason."
    )


class MeasurementInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=1990,
        max_value=2100,
        help_text=(
            "From five years before the baseline (or the approach's start) to this year; "
            "otherwise 400."
        ),
    )
    value = serializers.FloatField()
    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Source or note."
    )


# --- writes: output --------------------------------------------------------------------


class ProgressUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    reported_on = serializers.DateField()
    narrative = serializers.CharField()
    progress_percent = serializers.IntegerField()
    outputs = OutputFigureSerializer(many=True)
    created_at = serializers.DateTimeField()


class StatusChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField()
    on = serializers.DateField()
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class MeasurementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator_id = serializers.IntegerField()
    year = serializers.IntegerField()
    value = serializers.FloatField()
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


# --- corrections: a progress report or a measurement corrected or withdrawn --------------


class ProgressCorrectionSerializer(serializers.Serializer):
    """The fields to correct; each is optional, the rest stays as it was."""

    narrative = serializers.CharField(required=False)
    progress_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    reported_on = serializers.DateField(
        required=False,
        help_text=(
            "Within the project's period (from half a year before its start to a year "
            "after its end) and not after today; otherwise 400."
        ),
    )
    outputs = OutputFigureSerializer(many=True, required=False)


class MeasurementCorrectionSerializer(serializers.Serializer):
    """The fields to correct; each is optional, the rest stays as it was."""

    year = serializers.IntegerField(
        min_value=1990,
        max_value=2100,
        required=False,
        help_text=(
            "From five years before the baseline (or the approach's start) to this year; "
            "otherwise 400."
        ),
    )
    value = serializers.FloatField(
        required=False,
        help_text="Not negative, unless the indicator's baseline or target is; otherwise 400.",
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class WithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, help_text="Why it is withdrawn; kept with the record (required)."
    )


class WithdrawnProgressSerializer(ProgressUpdateSerializer):
    withdrawn_at = serializers.DateTimeField()
    withdrawal_reason = serializers.CharField()


class WithdrawnMeasurementSerializer(MeasurementSerializer):
    withdrawn_at = serializers.DateTimeField()
    withdrawal_reason = serializers.CharField()
