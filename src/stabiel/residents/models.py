"""Households and persons: who lives where in the municipality.

Personal data lives here. Direct identifiers (BSN, name, birth date, address) sit only in
PersonIdentity and HouseholdAddress; everything else refers to pseudonymous Person and Household
rows. Read them only through stabiel.residents.access, which checks the team and writes the access
log. The tables keep the names they had when these models lived in stabiel.signals.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel, TimeStampedModel


class Household(TenantModel):
    """The people living at one address. Its pseudonym is the keyed hash of that address."""

    pseudonym = models.CharField(max_length=64)
    label = models.CharField(_("kenmerk"), max_length=16)
    area = models.ForeignKey(
        "accounts.Area", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("buurt")
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    merged_on = models.DateField(null=True, blank=True)

    class Meta:
        db_table = "stabiel_signals_household"
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "pseudonym"], name="household_pseudonym_unique"
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(merged_on__isnull=False),
                name="household_merge_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class HouseholdAddress(TimeStampedModel):
    """Direct identifier of a household. Access-logged; never joined into lists."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="address")
    street = models.CharField(_("straat"), max_length=120)
    house_number = models.CharField(_("huisnummer"), max_length=16)
    postcode = models.CharField(_("postcode"), max_length=6)
    city = models.CharField(_("plaats"), max_length=80)

    class Meta:
        db_table = "stabiel_signals_householdaddress"
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}, {self.postcode} {self.city}"


class Person(TenantModel):
    pseudonym = models.CharField(max_length=64)
    label = models.CharField(_("kenmerk"), max_length=16)
    # Month of birth only, for the transition-to-18 rule; the full date is in PersonIdentity.
    birth_month = models.DateField(_("geboortemaand"), null=True, blank=True)

    class Meta:
        db_table = "stabiel_signals_person"
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "pseudonym"], name="person_pseudonym_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class PersonIdentity(TimeStampedModel):
    """Direct identifiers of a person. Access-logged; never joined into lists."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="identity")
    bsn = models.CharField(_("BSN"), max_length=9)
    given_names = models.CharField(_("voornamen"), max_length=120)
    surname_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=120)
    birth_date = models.DateField(_("geboortedatum"))

    class Meta:
        db_table = "stabiel_signals_personidentity"
        verbose_name = _("identiteit")
        verbose_name_plural = _("identiteiten")

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


class Membership(TimeStampedModel):
    """A person living in a household from start to end: moves and departures keep their history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    start_on = models.DateField(_("sinds"))
    end_on = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        db_table = "stabiel_signals_membership"
        verbose_name = _("bewoner")
        verbose_name_plural = _("bewoners")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_on__isnull=True), name="membership_one_current"
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="membership_dates",
            ),
        ]
        indexes = [models.Index(fields=["household", "end_on"], name="membership_household")]
