"""Cross-cutting records: the append-only audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One thing that somebody did or saw that must be accountable later.

    Append-only: rows are never updated, so the trail can be trusted in reports.
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    # The gemeente of the object, found when the event is written (the audit-log page is
    # scoped by it); empty when the object has none.
    municipality_code = models.CharField(
        _("municipality code"), max_length=6, blank=True, db_index=True
    )
    # The hash chain (core/audit_chain.py): tampering with a row shows in verify_audit.
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """The audit chain's last entry (one row): writers lock it, so the chain has one line
    of descent under concurrency, and a check sees entries removed from the end."""

    last_id = models.BigIntegerField(_("last entry"), null=True, blank=True)
    last_hash = models.CharField(_("last hash"), max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.last_id} {self.last_hash[:12]}"


class RateLimitHit(models.Model):
    """One use of a rate-limited action by one client (``core.ratelimit``).

    In the database so every worker and every restart sees the same count. The client
    is a keyed hash of its address: no IP address is stored. Rows older than the
    window are pruned on the next use of the same scope.
    """

    scope = models.CharField(_("scope"), max_length=40)
    client = models.CharField(_("client (keyed hash)"), max_length=64)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit hit")
        verbose_name_plural = _("rate-limit hits")
        indexes = [models.Index(fields=["scope", "client", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"


class WithdrawalRecord(models.Model):
    """Who withdrew a record, when and why: for records whose history matters, so a
    mistake is corrected without erasing what was once entered (the audit log keeps the
    old values too)."""

    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class CurrentManager(models.Manager):
    """Hides withdrawn rows: every list, sum and related set counts current records only.

    ``Model._base_manager`` (a plain manager) still reaches withdrawn rows, for history
    pages and the audit trail."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Withdrawable(WithdrawalRecord):
    """A withdrawal record whose default manager leaves withdrawn rows out.

    A subclass with its own queryset declares
    ``objects = CurrentManager.from_queryset(ItsQuerySet)()``."""

    objects = CurrentManager()

    class Meta:
        abstract = True


class StepChange(models.Model):
    """One step of a process with promised answers (a proposal's road, an initiative's),
    append-only: written once by the service that moves the step, never changed or
    deleted. ``due_on`` is the date promised for the step that starts here, in working
    days (``core.workdays``); empty where nobody promises an answer (a draft, a decision).

    A concrete subclass adds the foreign key to what moves and the choices of its steps."""

    from_step = models.CharField(_("from"), max_length=24, blank=True)
    to_step = models.CharField(_("to"), max_length=24)
    at = models.DateTimeField(_("at"), db_index=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["at", "id"]
