"""What the reports API returns: the report as its page shows it, read from the frozen
content once adopted (``selectors.content_of``). Keys of a frozen report (statuses, kinds,
roles) are plain strings: a vocabulary may grow after a report was adopted, and the
report keeps the key it was adopted with. A sensitive figure is ``hidden`` with every
number null, never 0."""

from __future__ import annotations

from rest_framework import serializers

from ..constants import Status


def _key(vocabulary: str) -> str:
    return f"A key of {vocabulary}, as frozen in the report."


class ReportLinksSerializer(serializers.Serializer):
    html = serializers.URLField(help_text="The report's page.")
    pdf = serializers.URLField(help_text="The report as a PDF.")
    bundle = serializers.URLField(
        help_text="The open-data bundle: every figure as CSV with its provenance, and the "
        "report as JSON (a ZIP)."
    )


class ReportListSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Status.choices)
    adopted_on = serializers.DateField(allow_null=True)
    corrects = serializers.IntegerField(
        source="corrects_id", allow_null=True, help_text="The id of the version it corrects."
    )
    correction_reason = serializers.CharField(allow_blank=True)
    links = ReportLinksSerializer()


class ReportProvenanceSerializer(serializers.Serializer):
    source = serializers.CharField(allow_blank=True)
    tables = serializers.CharField(
        allow_blank=True, help_text="The source's tables of the latest year's figure."
    )
    definition = serializers.CharField(allow_blank=True)


class ReportYearValueSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.FloatField()


class ReportAreaFigureSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The buurt's CBS code.")
    name = serializers.CharField()
    value = serializers.FloatField(
        allow_null=True, help_text="Null: secret, suppressed or not available — never 0."
    )


class ReportVoiceSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    quote = serializers.CharField(allow_blank=True)
    told_by = serializers.CharField(help_text=_key("stories AuthorKind"))
    collected_on = serializers.DateField(allow_null=True)
    removed_on = serializers.DateField(
        allow_null=True,
        help_text="Set when the story was erased or withdrawn after adoption: its title and "
        "quote are then empty.",
    )


class ReportClaimSerializer(serializers.Serializer):
    text = serializers.CharField()
    kind = serializers.CharField(help_text=_key("MeasurementKind (how it is known)"))


class ReportResultSerializer(serializers.Serializer):
    """An outcome indicator of a goal, its figures as the monitor (or, for a local
    indicator, the bureau's measurement) has them."""

    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    decimals = serializers.IntegerField()
    polarity = serializers.IntegerField(help_text="1: higher is better, -1: lower, 0: neither.")
    from_monitor = serializers.BooleanField()
    hidden = serializers.BooleanField(
        help_text="A sensitive indicator: not public, every figure null (never 0)."
    )
    baseline = serializers.FloatField(allow_null=True)
    baseline_year = serializers.IntegerField(allow_null=True)
    baseline_source = serializers.CharField(
        allow_blank=True,
        help_text="monitor, or agenda (as recorded when the goal was set); empty without one.",
    )
    latest = serializers.FloatField(allow_null=True)
    latest_year = serializers.IntegerField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    target_year = serializers.IntegerField(allow_null=True)
    reference_start = serializers.FloatField(
        allow_null=True, help_text="The reference group's figure in the baseline year."
    )
    reference_end = serializers.FloatField(
        allow_null=True, help_text="The reference group's figure in the latest year."
    )
    reference_areas = serializers.IntegerField()
    series = ReportYearValueSerializer(many=True)
    by_buurt = ReportAreaFigureSerializer(
        many=True, help_text="The latest year by buurt, as on the report's map."
    )
    provenance = ReportProvenanceSerializer()


class ReportOutputFigureSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.FloatField()
    unit = serializers.CharField(allow_blank=True)


class ReportOutputSerializer(serializers.Serializer):
    project = serializers.CharField()
    status = serializers.CharField(help_text=_key("agenda ProjectStatus"))
    progress = serializers.IntegerField(allow_null=True, help_text="Percent.")
    reported_on = serializers.DateField(
        allow_null=True, help_text="The latest progress report in the period."
    )
    narrative = serializers.CharField(allow_blank=True)
    figures = ReportOutputFigureSerializer(many=True)


class ReportMoneySerializer(serializers.Serializer):
    """Per party, side by side and never summed: money planned is not money spent."""

    party = serializers.CharField()
    planned = serializers.DecimalField(max_digits=14, decimal_places=2)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2)


class ReportChapterSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The chapter's id (one goal of the wijkaanpak).")
    title = serializers.CharField()
    voices = ReportVoiceSerializer(many=True)
    works = ReportClaimSerializer(many=True, help_text="What works.")
    not_yet = ReportClaimSerializer(many=True, help_text="What does not work (yet).")
    nothing_works = serializers.BooleanField(
        help_text="Nothing to report on what works, chosen explicitly."
    )
    nothing_fails = serializers.BooleanField(
        help_text="Nothing to report on what does not work (yet), chosen explicitly."
    )
    results = ReportResultSerializer(many=True)
    outputs = ReportOutputSerializer(many=True, help_text="The projects serving the goal.")
    money = ReportMoneySerializer(many=True)


class ReportKeyFigureSerializer(serializers.Serializer):
    """One of the wijk's key figures: its areas together against their reference group,
    in the same two years."""

    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    decimals = serializers.IntegerField()
    polarity = serializers.IntegerField()
    year = serializers.IntegerField()
    value = serializers.FloatField()
    start_year = serializers.IntegerField(allow_null=True)
    start_value = serializers.FloatField(allow_null=True)
    reference_start = serializers.FloatField(allow_null=True)
    reference_end = serializers.FloatField(allow_null=True)
    reference_areas = serializers.IntegerField()
    provenance = ReportProvenanceSerializer()


class ReportOpeningSerializer(serializers.Serializer):
    areas = serializers.ListField(child=serializers.CharField())
    key_figures = ReportKeyFigureSerializer(many=True)
    voices = ReportVoiceSerializer(many=True)


class ReportMemberChangeSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    role = serializers.CharField(help_text=_key("coalition MembershipRole"))
    on = serializers.DateField()


class ReportCoalitionSerializer(serializers.Serializer):
    joined = ReportMemberChangeSerializer(many=True)
    left = ReportMemberChangeSerializer(many=True)


class ReportAgendaChangeSerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = serializers.CharField(help_text=_key("agenda AgendaChangeKind"))
    subject = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)


class ReportDetailSerializer(ReportListSerializer):
    approach = serializers.CharField(help_text="The wijkaanpak's name, as frozen.")
    municipality = serializers.CharField()
    introduction = serializers.CharField(allow_blank=True)
    opening = ReportOpeningSerializer()
    chapters = ReportChapterSerializer(many=True)
    coalition = ReportCoalitionSerializer(help_text="Who joined and left in the period.")
    agenda_changes = ReportAgendaChangeSerializer(
        many=True, help_text="Changes of vision, goals and indicators, with their reasons."
    )
    intentions = serializers.CharField(allow_blank=True, help_text="For the next period.")
    composed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the figures were read (frozen at adoption)."
    )
