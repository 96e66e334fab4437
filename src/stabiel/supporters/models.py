"""Letters via a supporter: for a limited time, post for a very vulnerable resident goes to a
named supporter first (Zeist, in VNG *Stop het stapelen*, 2022: half a year)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel


class SupporterMark(TenantModel):
    """One household member whose letters go to a supporter first, with consent, reason and end."""

    household = models.ForeignKey(
        "residents.Household",
        on_delete=models.PROTECT,
        related_name="supporter_marks",
        verbose_name=_("huishouden"),
    )
    person = models.ForeignKey(
        "residents.Person",
        on_delete=models.PROTECT,
        related_name="supporter_marks",
        verbose_name=_("bewoner"),
    )
    supporter_name = models.CharField(_("naam van de ondersteuner"), max_length=120)
    supporter_organisation = models.CharField(_("organisatie"), max_length=120, blank=True)
    supporter_contact = models.CharField(_("telefoon of e-mail"), max_length=120, blank=True)
    # Where letters for the resident go first. Marks made before the address was asked may
    # lack it; a letter is then refused until a worker fills it in (`mark_address_set`).
    supporter_street = models.CharField(
        _("straat en huisnummer of postbus"), max_length=120, blank=True
    )
    supporter_postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    supporter_city = models.CharField(_("plaats"), max_length=80, blank=True)
    reason = models.CharField(_("reden"), max_length=500)
    consent_on = models.DateField(_("toestemming gegeven op"))
    start_on = models.DateField(_("gaat in op"))
    end_on = models.DateField(_("loopt af op"))
    ended_on = models.DateField(_("eerder beëindigd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("post via een ondersteuner")
        verbose_name_plural = _("post via een ondersteuner")
        ordering = ["end_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gt=F("start_on")), name="supportermark_period"
            ),
            models.CheckConstraint(
                condition=~Q(supporter_name=""), name="supportermark_has_supporter"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="supportermark_has_reason"),
            # A postal address is whole or absent: never a street without a postcode and city.
            models.CheckConstraint(
                condition=Q(supporter_street="", supporter_postcode="", supporter_city="")
                | (~Q(supporter_street="") & ~Q(supporter_postcode="") & ~Q(supporter_city="")),
                name="supportermark_address_whole",
            ),
            models.CheckConstraint(
                condition=Q(consent_on__lte=F("start_on")), name="supportermark_consent_first"
            ),
            # One running mark per person; an expired mark is closed before a new one starts.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="supportermark_one_open_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "end_on"], name="supportermark_end"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.supporter_name}"

    def is_active_on(self, day) -> bool:
        return self.ended_on is None and self.start_on <= day <= self.end_on

    @property
    def has_postal_address(self) -> bool:
        return bool(self.supporter_street and self.supporter_postcode and self.supporter_city)

    @property
    def supporter_address_lines(self) -> tuple[str, ...]:
        """('Stationsstraat 4', '3701 AB  ZEIST') as on an envelope, or () when missing."""
        if not self.has_postal_address:
            return ()
        postcode = f"{self.supporter_postcode[:4]} {self.supporter_postcode[4:]}"
        return (self.supporter_street, f"{postcode}  {self.supporter_city.upper()}")

    @property
    def supporter_display(self) -> str:
        if self.supporter_organisation:
            return f"{self.supporter_name} ({self.supporter_organisation})"
        return self.supporter_name
