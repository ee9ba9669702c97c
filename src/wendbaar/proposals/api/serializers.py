"""What the proposals API reads and writes. The output never holds an assessor's private
note, nor another assessor's scores before one's own are in (``selectors.visible_assessors``)."""

from __future__ import annotations

from rest_framework import serializers

from ..constants import Decision, FinancingStatus, ResultKind, Step

# An id beyond the database's integers is unknown input (400), not a server error.
ID = {"min_value": 1, "max_value": 2**63 - 1}


class EffectSerializer(serializers.Serializer):
    key = serializers.SlugField(source="effect_key")
    how = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ResultKind.choices)
    text = serializers.CharField()
    target = serializers.CharField(required=False, allow_blank=True, default="")
    due = serializers.DateField(required=False, allow_null=True, default=None)


class CostSerializer(serializers.Serializer):
    description = serializers.CharField(allow_blank=True)
    # A string: the service checks sign and cents and names the line.
    amount = serializers.CharField()


class FinancingSerializer(serializers.Serializer):
    party_id = serializers.IntegerField(**ID)
    amount = serializers.CharField()
    status = serializers.ChoiceField(choices=FinancingStatus.choices)


class ProposalInputSerializer(serializers.Serializer):
    """A proposal's whole content; lines replace the earlier ones."""

    title = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    problem = serializers.CharField(required=False, allow_blank=True, default="")
    indicator_codes = serializers.ListField(
        child=serializers.SlugField(), required=False, default=list
    )
    story_ids = serializers.ListField(
        child=serializers.IntegerField(**ID), required=False, default=list
    )
    area_codes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    themes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    goal_ids = serializers.ListField(
        child=serializers.IntegerField(**ID), required=False, default=list
    )
    policy_driver_ids = serializers.ListField(
        child=serializers.IntegerField(**ID), required=False, default=list
    )
    combined_message = serializers.CharField(required=False, allow_blank=True, default="")
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    continuity_plan = serializers.CharField(required=False, allow_blank=True, default="")
    partner_ids = serializers.ListField(
        child=serializers.IntegerField(**ID), required=False, default=list
    )
    organisation_id = serializers.IntegerField(**ID, required=False, allow_null=True, default=None)
    effects = EffectSerializer(many=True, required=False, default=list)
    results = ResultSerializer(many=True, required=False, default=list)
    costs = CostSerializer(many=True, required=False, default=list)
    financing = FinancingSerializer(many=True, required=False, default=list)


class SubmitInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.SlugField()
    effect = serializers.CharField(required=False, allow_blank=True, default="")
    rating = serializers.CharField(required=False, allow_null=True, default=None)
    answer = serializers.BooleanField(required=False, allow_null=True, default=None)
    # The column is a small integer; the service checks the framework's scale.
    value = serializers.IntegerField(
        min_value=-32768, max_value=32767, required=False, allow_null=True, default=None
    )
    rationale = serializers.CharField(required=False, allow_blank=True, default="")


class ScoresInputSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True)
    private_note = serializers.CharField(required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(required=False, default=False)


class DecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    reasons = serializers.CharField(allow_blank=True)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


# --- output ----------------------------------------------------------------------------


class MoneyLineSerializer(serializers.Serializer):
    description = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class FinancingLineSerializer(serializers.Serializer):
    party_id = serializers.IntegerField()
    party = serializers.CharField(source="party.name")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    status = serializers.CharField()


class StepSerializer(serializers.Serializer):
    from_step = serializers.CharField()
    to_step = serializers.CharField()
    at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class AdviceRoundSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    advice = serializers.CharField()
    opened_at = serializers.DateTimeField()
    suggested_partner_ids = serializers.SerializerMethodField()
    suggested_project_ids = serializers.SerializerMethodField()
    response = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)

    def get_suggested_partner_ids(self, obj) -> list[int]:
        return [o.pk for o in obj.suggested_partners.all()]

    def get_suggested_project_ids(self, obj) -> list[int]:
        return [p.pk for p in obj.suggested_projects.all()]


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.CharField(source="criterion_key")
    effect = serializers.CharField(source="effect_key")
    rating = serializers.CharField()
    answer = serializers.BooleanField(allow_null=True)
    value = serializers.IntegerField(allow_null=True)
    rationale = serializers.CharField()


class AssessorSerializer(serializers.Serializer):
    """A named assessor; ``scores`` only where the caller may read them."""

    name = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(allow_null=True)

    def get_name(self, obj) -> str:
        return obj.user.get_full_name() or obj.user.get_username()


class ScoredAssessorSerializer(AssessorSerializer):
    scores = ScoreSerializer(many=True)


class CriterionResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)
    code = serializers.CharField()
    disagreement = serializers.BooleanField()


class ProposalListSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    step = serializers.ChoiceField(choices=Step.choices)
    step_since = serializers.DateTimeField()
    step_due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    cost_total = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    cofunding_share = serializers.DecimalField(
        max_digits=6, decimal_places=4, allow_null=True, help_text="Null when unknown (no cost)."
    )
    decision = serializers.CharField()
    project_id = serializers.IntegerField(allow_null=True)
    is_example = serializers.BooleanField()


class ProposalDetailSerializer(ProposalListSerializer):
    summary = serializers.CharField()
    problem = serializers.CharField()
    indicator_codes = serializers.ListField(child=serializers.CharField())
    area_codes = serializers.ListField(child=serializers.CharField())
    themes = serializers.ListField(child=serializers.CharField())
    goal_ids = serializers.ListField(child=serializers.IntegerField())
    combined_message = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    continuity_plan = serializers.CharField()
    framework = serializers.CharField(allow_null=True)
    effects = EffectSerializer(many=True)
    results = ResultSerializer(many=True)
    costs = MoneyLineSerializer(many=True)
    financing = FinancingLineSerializer(many=True)
    steps = StepSerializer(many=True)
    advice_rounds = AdviceRoundSerializer(many=True)
    assessors = AssessorSerializer(many=True)
    visible_scores = ScoredAssessorSerializer(many=True)
    criteria = CriterionResultSerializer(many=True)
    decision_reasons = serializers.CharField()
    conditions = serializers.CharField()
