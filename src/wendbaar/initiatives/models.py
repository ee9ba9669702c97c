"""Residents' initiatives (bewonersinitiatieven): one owner, a promised answer, a trail.

The initiators stay the owners of their idea; the municipality's person is its
*supporter* (``owner`` here means who answers for the follow-up, not whose idea it is).
Personal data lives only in the stories app's :class:`~wendbaar.stories.models.Contributor`
(one record per person and gemeente), so one export or erasure covers a person's
stories and initiatives alike.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import (
    MAX_GROUP_LENGTH,
    MAX_MESSAGE_LENGTH,
    MAX_REASON_LENGTH,
    MAX_TITLE_LENGTH,
    ConsentChannel,
    ConsentKind,
    ConsentState,
    EventKind,
    HandOverState,
    InitiativeStatus,
    Overdue,
    Source,
    SupportKind,
)
from .querysets import InitiativeQuerySet

USER = settings.AUTH_USER_MODEL


class Initiative(models.Model):
    municipality_code = models.CharField(_("municipality code"), max_length=6, db_index=True)
    # A wijk or buurt, or the gemeente itself when the initiators did not say.
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(_("where exactly"), max_length=200, blank=True)
    # Optionally a point on the map, in RD New metres (EPSG:28992, as the area shapes),
    # inside the area; both or neither.
    point_x = models.FloatField(_("point on the map: x (RD New)"), null=True, blank=True)
    point_y = models.FloatField(_("point on the map: y (RD New)"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    what = models.TextField(_("what the initiators want to do"))
    why = models.TextField(_("why"), blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    asks = models.JSONField(_("asks for"), default=list, blank=True)
    group = models.CharField(_("the group behind it"), max_length=MAX_GROUP_LENGTH, blank=True)

    contact = models.ForeignKey(
        "stories.Contributor",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    contact_consent_at = models.DateTimeField(
        _("consent to use contact details"), null=True, blank=True
    )
    # The private status link: its token is derived from this nonce and the secret key
    # (``services.status_token``), the database keeps only the token's sha256 for lookup.
    # Erasure clears both: the link dies.
    status_nonce = models.CharField(max_length=32, blank=True)
    status_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The language of the mails to the initiators (the one they wrote in).
    language = models.CharField(_("language"), max_length=8, default="nl")

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.RECEIVED,
        db_index=True,
    )
    source = models.CharField(_("received through"), max_length=20, choices=Source.choices)
    owner = models.ForeignKey(
        USER,
        verbose_name=_("contact person at the municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_initiatives",
    )
    # Shown to the initiators with the owner's name, e.g. "initiatiefmakelaar".
    owner_role = models.CharField(_("role of the contact person"), max_length=120, blank=True)

    received_at = models.DateTimeField(_("received at"))
    triage_due = models.DateField(_("contact person known by"))
    answer_due = models.DateField(_("first answer by"))
    owner_assigned_at = models.DateTimeField(_("contact person assigned at"), null=True, blank=True)
    first_answer_at = models.DateTimeField(_("first answer at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.TextField(_("reason"), blank=True, max_length=MAX_REASON_LENGTH)

    policy_drivers = models.ManyToManyField(
        "approaches.PolicyDriver", verbose_name=_("policy drivers"), blank=True, related_name="+"
    )
    goals = models.ManyToManyField(
        "agenda.Goal", verbose_name=_("agenda goals"), blank=True, related_name="initiatives"
    )
    combined_message = models.CharField(
        _("the combined message in one sentence"), max_length=300, blank=True
    )
    # Merged into a municipal project, only with the initiators' consent
    # (``ConsentRequest``); the initiators stay the owners of their idea.
    project = models.ForeignKey(
        "agenda.Project",
        verbose_name=_("part of the municipal project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )

    # Turned into a project proposal for a wijkaanpak's programme (the idea needs a
    # project); the initiative stays open beside it, and the initiators see it happen.
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("project proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )

    is_example = models.BooleanField(_("example (invented)"), default=False)
    created_by = models.ForeignKey(
        USER,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [models.Index(fields=["municipality_code", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(point_x__isnull=True, point_y__isnull=True)
                | models.Q(point_x__isnull=False, point_y__isnull=False),
                name="initiatives_point_whole",
            )
        ]
        permissions = [
            ("triage_initiative", _("Assign a contact person to initiatives")),
            ("view_initiative_contact", _("See the contact details of initiators")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        return f"INI-{self.pk:05d}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class InitiativeEvent(models.Model):
    """One entry of the trail. Append-only: never changed, never deleted (except by
    erasure, which blanks what the initiators wrote, not the fact that it happened)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        USER,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_initiators = models.BooleanField(_("by the initiators"), default=False)
    status_from = models.CharField(max_length=20, blank=True, choices=InitiativeStatus.choices)
    status_to = models.CharField(max_length=20, blank=True, choices=InitiativeStatus.choices)
    text = models.TextField(_("text"), blank=True)
    # An answer points at the question it answers.
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("initiative event")
        verbose_name_plural = _("initiative events")

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.kind} {self.at:%Y-%m-%d}"


class HandOver(models.Model):
    """An owner hands the initiative to another person (of a department or partner);
    it only moves when the receiver accepts."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(
        USER, verbose_name=_("from"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_user = models.ForeignKey(
        USER, verbose_name=_("to"), on_delete=models.PROTECT, related_name="handovers_received"
    )
    to_department = models.CharField(_("department or team"), max_length=120, blank=True)
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_role = models.CharField(_("role of the receiver"), max_length=120, blank=True)
    reason = models.TextField(_("reason"), max_length=MAX_REASON_LENGTH)
    offered_at = models.DateTimeField(_("offered at"))
    accept_due = models.DateField(_("to be accepted by"))
    state = models.CharField(
        _("state"), max_length=10, choices=HandOverState.choices, default=HandOverState.OFFERED
    )
    answered_at = models.DateTimeField(_("answered at"), null=True)
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)

    class Meta:
        ordering = ["offered_at", "id"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"],
                condition=models.Q(state="offered"),
                name="initiatives_one_open_handover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} → {self.to_user_id}"


class Support(models.Model):
    """What the municipality or a partner gives; counted on the dashboard."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    amount = models.DecimalField(
        _("amount (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.CharField(_("what is given"), max_length=300)
    given_by = models.CharField(_("given by"), max_length=200)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("support")
        verbose_name_plural = _("support")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


class RuleConflict(models.Model):
    """A regel-knelpunt: an internal rule that blocks an initiative, for the programme
    bureau to take back to policy."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="rule_conflicts"
    )
    rule = models.CharField(_("which rule"), max_length=300)
    department = models.CharField(_("department"), max_length=120, db_index=True)
    what_would_help = models.TextField(_("what would help"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)

    class Meta:
        ordering = ["department", "-recorded_at"]
        verbose_name = _("rule conflict")
        verbose_name_plural = _("rule conflicts")

    def __str__(self) -> str:
        return f"{self.department}: {self.rule}"


class ConsentRequest(models.Model):
    """The municipality asks the initiators to agree to a change of their idea's aim, or
    to merging it into a municipal project. Nothing changes until they agree; their
    answer (and how it reached us) is kept."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="consent_requests"
    )
    kind = models.CharField(_("what is asked"), max_length=10, choices=ConsentKind.choices)
    # An aim change: the title and description as they would become.
    new_title = models.CharField(_("new title"), max_length=MAX_TITLE_LENGTH, blank=True)
    new_what = models.TextField(_("new aim"), blank=True)
    # A merge: the project it would become part of.
    project = models.ForeignKey(
        "agenda.Project",
        verbose_name=_("municipal project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("why we ask"), max_length=MAX_MESSAGE_LENGTH)
    asked_by = models.ForeignKey(
        USER, verbose_name=_("asked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked at"))
    state = models.CharField(
        _("state"), max_length=10, choices=ConsentState.choices, default=ConsentState.ASKED
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("the initiators' words"), blank=True)
    channel = models.CharField(
        _("answer received"), max_length=12, choices=ConsentChannel.choices, blank=True
    )
    # Staff who wrote down an answer given by phone or at a table, and how it was given.
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the initiative was before an agreed aim change.
    previous_title = models.CharField(max_length=MAX_TITLE_LENGTH, blank=True)
    previous_what = models.TextField(blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = _("request for consent")
        verbose_name_plural = _("requests for consent")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"],
                condition=models.Q(state="asked"),
                name="initiatives_one_open_consent_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.kind} {self.state}"


class Escalation(models.Model):
    """One escalation mail round: sent once per initiative, kind and level, never again."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="escalations")
    kind = models.CharField(_("kind"), max_length=10, choices=Overdue.choices)
    level = models.PositiveSmallIntegerField(_("level"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "kind", "level"], name="initiatives_escalate_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.kind} {self.level}"
