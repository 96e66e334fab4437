"""Letters to a household made from an active template, and the 'phone first' mark.

Execution side: a letter is about one household and one addressee. Names and address are not
copied here; they are read through the door each time the letter is shown or printed.
Based on VNG, *Stop het stapelen* (2022), chapter "Bestaanszekerheid", green flag "Communiceer
helder en persoonlijk": phone first when post causes stress; post to a supporter first.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel


class PhoneFirstMark(TenantModel):
    """A resident for whom post causes stress (or who cannot read it well): phone first."""

    class Reason(models.TextChoices):
        STRESS = "stress", _("Post geeft stress")
        READING = "reading", _("Kan brieven niet goed lezen")
        OTHER = "other", _("Andere reden")

    household = models.ForeignKey(
        "residents.Household", on_delete=models.PROTECT, related_name="phone_first_marks"
    )
    person = models.ForeignKey(
        "residents.Person", on_delete=models.PROTECT, related_name="phone_first_marks"
    )
    reason = models.CharField(_("reden"), max_length=8, choices=Reason.choices)
    note = models.CharField(_("uitleg"), max_length=300, blank=True)
    consent_on = models.DateField(_("toestemming gegeven op"))
    start_on = models.DateField(_("gaat in op"))
    end_on = models.DateField(_("loopt af op"))
    ended_on = models.DateField(_("eerder gestopt op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("eerst bellen")
        verbose_name_plural = _("eerst bellen")
        ordering = ["end_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gt=F("start_on")), name="phonefirst_period"),
            models.CheckConstraint(
                condition=Q(consent_on__lte=F("start_on")), name="phonefirst_consent_first"
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="phonefirst_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_reason_display()})"

    def is_active_on(self, day) -> bool:
        return self.ended_on is None and self.start_on <= day <= self.end_on


class PhoneCall(TenantModel):
    """A call to the household before a letter, written down once."""

    household = models.ForeignKey(
        "residents.Household", on_delete=models.PROTECT, related_name="phone_calls"
    )
    called_on = models.DateField(_("gebeld op"))
    reached = models.BooleanField(_("iemand gesproken"))
    note = models.CharField(_("wat is er besproken"), max_length=500)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("telefoongesprek")
        verbose_name_plural = _("telefoongesprekken")
        ordering = ["-called_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="phonecall_has_note"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("PhoneCall is append-only")
        super().save(*args, **kwargs)


class TurningEighteenList(TenantModel):
    """One drawing of the list of young people who turn 18 in a period, in the drawer's team
    areas: who, when (created_at), which period and how many (issue 20, part 5). The names are
    never copied here; the list is read through the door again each time it is shown.

    VNG, *Stop het stapelen* (2022), chapter "Bestaanszekerheid", green flag "Zoek zelf contact
    met jongeren": invite young people who turn 18 once or twice a year."""

    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    start_on = models.DateField(_("van"))
    end_on = models.DateField(_("tot en met"))
    young_people = models.PositiveIntegerField(_("aantal jongeren"))

    class Meta:
        verbose_name = _("lijst jongeren die 18 worden")
        verbose_name_plural = _("lijsten jongeren die 18 worden")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=F("start_on")), name="turning18list_period"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "created_at"], name="turning18list_made")]

    def __str__(self) -> str:
        return f"{self.start_on:%d-%m-%Y} - {self.end_on:%d-%m-%Y} ({self.young_people})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("TurningEighteenList is a log: append-only")
        super().save(*args, **kwargs)


class Letter(TenantModel):
    """One letter made for one addressee of a household, from one template version."""

    household = models.ForeignKey(
        "residents.Household", on_delete=models.PROTECT, related_name="letters"
    )
    person = models.ForeignKey(
        "residents.Person",
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("voor wie"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    alert = models.ForeignKey(
        "rules.Alert", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    template_version = models.ForeignKey(
        "plainlanguage.LetterTemplateVersion",
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("sjabloon"),
    )
    personal_sentence = models.CharField(_("persoonlijke zin"), max_length=300, blank=True)
    # The supporter this letter goes to first, as the supporter mark decided when it was made.
    # The single-use link to the experience questions (issue 17, point 3) that a letter after
    # the case closed carries, when its template asks for {ervaringslink}. Only here: insights
    # keeps a hash of it, and the answers never point back to the letter or the household.
    experience_token = models.CharField(
        _("link naar de ervaringsvragen"), max_length=64, blank=True, editable=False
    )
    supporter_mark = models.ForeignKey(
        "supporters.SupporterMark",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("eerst naar ondersteuner"),
    )
    verdict = models.CharField(_("uitkomst brieftoets"), max_length=10)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_on = models.DateField(_("gemaakt op"))
    sent_on = models.DateField(_("verstuurd op"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # An invitation for turning 18: the birthday it is for, and the list it was made from. One
    # per person (a person turns 18 once), so making the letters twice invites nobody twice.
    turning_18_on = models.DateField(_("wordt 18 op"), null=True, blank=True)
    turning_18_list = models.ForeignKey(
        TurningEighteenList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
    )

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-made_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(sent_by__isnull=False),
                name="letter_sent_has_worker",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(turning_18_on__isnull=False),
                name="letter_one_turning_18_invitation",
            ),
            models.CheckConstraint(
                condition=Q(turning_18_list__isnull=True) | Q(turning_18_on__isnull=False),
                name="letter_turning_18_list_has_birthday",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "household"], name="letter_household")]

    def __str__(self) -> str:
        return f"{self.template_version.template.name} ({self.made_on:%d-%m-%Y})"
