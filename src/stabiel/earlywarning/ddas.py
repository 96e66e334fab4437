"""The code lists of VNG's DDAS "Model Vroegsignalering" (v0.9), with their exact values.

The stored value is the model's own code, so the delivery to CBS needs no translation table;
the label is what a worker reads. Source: github.com/VNG-Realisatie/ddas-vroegsignalering
(see schema/SOURCE.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

MODEL_VERSION = "0.9"
PUBLICATION = _(
    "Gebaseerd op het Model Vroegsignalering van VNG Realisatie (DDAS, Data delen voor Armoede "
    "en Schulden), versie 0.9."
)


class PartnerType(models.TextChoices):
    ENERGY = "Energie", _("Energie")
    RENT = "Huur", _("Huur")
    MORTGAGE = "Hypotheek", _("Hypotheek")
    CAK_INSURANCE = "CAK Zorgverzekeringen", _("CAK zorgverzekeringen (premie overgenomen)")
    HEALTH = "Zorg", _("Zorgverzekering (premie, eigen risico)")
    WATER = "Water", _("Water")
    DUO = "DUO", _("DUO")
    TAX = "Belastingdienst", _("Belastingdienst")
    CAK_CONTRIBUTION = "CAK Eigen bijdrage", _("CAK eigen bijdrage (Wmo, Wlz)")
    OTHER = "Overige", _("Overige")
    BENEFITS = "Dienst Toeslagen", _("Dienst Toeslagen")


class ContactKind(models.TextChoices):
    MAIL = "Mail", _("E-mail")
    LETTER = "Brief", _("Brief")
    TEXT = "SMS/Whatsapp", _("Sms of WhatsApp")
    PHONE = "Telefoon", _("Telefoon")
    VISIT = "Huisbezoek", _("Huisbezoek")
    CARD = "Kaartje", _("Kaartje door de deur")
    OTHER = "Overige", _("Anders")
    ADMINISTRATIVE = "Administratief", _("Administratief (zonder contact)")


class PartOfDay(models.TextChoices):
    MORNING = "Ochtend", _("Ochtend (tot 12 uur)")
    AFTERNOON = "Middag", _("Middag (12 tot 18 uur)")
    EVENING = "Avond", _("Avond (vanaf 18 uur)")


class SignalStatus(models.TextChoices):
    NOT_YET = "Nog niet opgepakt", _("Nog niet opgepakt")
    UNFOUNDED = "Niet opgepakt: onterecht signaal", _("Niet opgepakt: onterecht signaal")
    DECEASED = "Inwoner is overleden", _("Inwoner is overleden")
    NOT_RESIDENT = (
        "Persoon is geen inwoner (meer) in de gemeente",
        _("Persoon is geen inwoner (meer) in de gemeente"),
    )
    REPEAT = "Niet opgepakt: herhaalde melding", _("Niet opgepakt: herhaalde melding")
    OTHER_REASON = "Niet opgepakt: andere reden", _("Niet opgepakt: andere reden")


class Outcome(models.TextChoices):
    """The fifteen end results of a report (EnumEindresultaat), in the model's order."""

    REPEAT = "Niet opgepakt: herhaalde melding", _("Niet opgepakt: herhaalde melding")
    UNFOUNDED = "Niet opgepakt: onterecht signaal", _("Niet opgepakt: onterecht signaal")
    DECEASED = "Inwoner is overleden", _("Inwoner is overleden")
    NOT_RESIDENT = (
        "Persoon is geen inwoner (meer) in de gemeente",
        _("Persoon is geen inwoner (meer) in de gemeente"),
    )
    OTHER_REASON = "Niet opgepakt: andere reden", _("Niet opgepakt: andere reden")
    KNOWN_DEBT_HELP = (
        "Inwoner al bekend bij schuldhulpverlening",
        _("Inwoner al bekend bij schuldhulpverlening"),
    )
    OTHER_SUPPORT = (
        "Inwoner heeft al een ander lopend traject",
        _("Inwoner heeft al een ander lopend traject"),
    )
    NO_CONTACT = (
        "Definitief geen contact kunnen krijgen",
        _("Definitief geen contact kunnen krijgen"),
    )
    NO_REPLY = "Geen reactie na eerder contact", _("Geen reactie na eerder contact")
    NO_HELP_NEEDED = (
        "Inwoner hoeft geen hulp vanuit vroegsignalering",
        _("Inwoner hoeft geen hulp vanuit vroegsignalering"),
    )
    PAID = (
        "Inwoner heeft zelf al betaald/betalingsregeling getroffen",
        _("Inwoner heeft zelf al betaald of een betalingsregeling getroffen"),
    )
    ADVICE = "(Budget)advies en/of quick fix", _("(Budget)advies en/of quick fix")
    FOLLOW_UP_FINANCIAL = (
        "Vervolghulp en/of verwijzing financieel",
        _("Vervolghulp en/of verwijzing financieel"),
    )
    REFERRAL_NO_CONTACT = "Verwijzing zonder contact", _("Verwijzing zonder contact")
    FOLLOW_UP_OTHER = (
        "Vervolghulp en/of verwijzing niet financieel",
        _("Vervolghulp en/of verwijzing niet financieel"),
    )


# End results that mean the report was not picked up; they are also valid signal statuses.
NOT_PICKED_UP = frozenset(
    {
        Outcome.REPEAT,
        Outcome.UNFOUNDED,
        Outcome.DECEASED,
        Outcome.NOT_RESIDENT,
        Outcome.OTHER_REASON,
    }
)
# Outcomes that need a reason the municipality keeps for itself.
NEEDS_REASON = frozenset({Outcome.OTHER_REASON})
