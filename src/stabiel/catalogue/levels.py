"""Choice lists of the catalogue, kept apart so rules and signals can import them lightly."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagLevel(models.TextChoices):
    PERSON = "person", _("Persoon")
    HOUSEHOLD = "household", _("Huishouden")
    POPULATION = "population", _("Buurt of bevolking")
    SYSTEM = "system", _("Samenwerking en systeem")

    @classmethod
    def signal_levels(cls) -> frozenset[str]:
        # Population indicators describe a neighbourhood, never one household; system flags
        # describe how organisations work together. Neither can count against a household.
        return frozenset({cls.PERSON.value, cls.HOUSEHOLD.value})


class GreenFlagAim(models.TextChoices):
    INDIVIDUAL = "individual", _("Individu")
    FAMILY = "family", _("Gezin")
    NEIGHBOURHOOD = "neighbourhood", _("Wijk")
    COMMUNITY = "community", _("Gemeenschap")


class SignalSubject(models.TextChoices):
    PERSON = "person", _("Persoon")
    HOUSEHOLD = "household", _("Huishouden")
