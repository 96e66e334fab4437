"""Base models every part builds on: timestamps and the municipality a row belongs to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStampedModel):
    """A row that belongs to one municipality. Every query starts from it."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, verbose_name=_("gemeente")
    )

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk edits and deletes are refused like single ones. Rows past their retention period
    leave only through expire_before(), the one path the privacy purge (privacy_purge) takes."""

    def update(self, **kwargs):
        raise PermissionError(f"{self.model.__name__} is append-only")

    def delete(self):
        raise PermissionError(f"{self.model.__name__} is append-only")

    def expire_before(self, field: str, moment) -> int:
        """Delete the rows whose `field` lies before `moment`; returns how many went."""
        expired = self.filter(**{f"{field}__lt": moment})
        return models.QuerySet.delete(expired)[0]


class AppendOnlyModel(models.Model):
    """History that is written once and never edited or deleted through the application."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise PermissionError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{type(self).__name__} is append-only")


class AccessLogEntry(AppendOnlyModel):
    """Who looked at which household or person, when, in which role, what, and why.

    Fields follow NEN 7513 (logging of access to personal data): the user and role (who), the
    moment (when), the data subject (about whom), the action and what was shown (what), and the
    purpose the user gave (why).
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Bekeken")
        EXPORT = "export", _("Geëxporteerd")
        CHANGE = "change", _("Gewijzigd")
        # Someone asked for a household or person they may not open (another team's area,
        # another municipality): nothing was shown, the attempt is kept (issue 13).
        REFUSED = "refused", _("Geweigerd")

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT)
    occurred_at = models.DateTimeField(_("moment"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(_("gebruiker"), max_length=150)
    role = models.CharField(_("rol"), max_length=32)
    household_label = models.CharField(_("huishouden"), max_length=16, blank=True, db_index=True)
    person_label = models.CharField(_("persoon"), max_length=16, blank=True)
    action = models.CharField(_("handeling"), max_length=8, choices=Action.choices)
    shown = models.CharField(_("getoond"), max_length=200)
    purpose = models.CharField(_("doel"), max_length=300)

    class Meta:
        verbose_name = _("toegangsregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(
                fields=["municipality", "household_label", "occurred_at"],
                name="accesslog_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.household_label or self.person_label}"


class ProcessingLogEntry(AppendOnlyModel):
    """Automated processing (imports, rule runs), shaped after Logius' Logboek Dataverwerkingen."""

    class Status(models.TextChoices):
        OK = "ok", _("Gelukt")
        ERROR = "error", _("Mislukt")

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT)
    trace_id = models.UUIDField(_("trace-id"), db_index=True)
    operation = models.CharField(_("handeling"), max_length=80)
    processing_activity = models.CharField(_("verwerkingsactiviteit"), max_length=80)
    data_subject = models.CharField(_("betrokkene of reeks"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    started_at = models.DateTimeField(_("begonnen"))
    ended_at = models.DateTimeField(_("klaar"))
    details = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("verwerkingsregel")
        verbose_name_plural = _("verwerkingslog")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.operation} {self.trace_id}"
