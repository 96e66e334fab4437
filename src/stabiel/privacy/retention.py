"""Retention periods per record type: the record types, their defaults and the date arithmetic.

Plain Python, no ORM. A municipality's own choice is a RetentionPeriod row; without one, the
default below applies (like the early-warning settings: defaults until the administrator saves).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class RecordType(models.TextChoices):
    MEETING_ITEMS = "meeting_items", _("Besproken punten van overleggen")
    CASES = "cases", _("Afgesloten casussen met dagboek, contacten, doelen en afspraken")
    ALERTS = "alerts", _("Afgesloten meldingen met hun bewijs")
    SIGNALS = "signals", _("Signalen die niet bij een bewaarde melding horen")
    DECISIONS = "decisions", _("Beëindigde beschikkingen en ondersteuning")
    SUPPORTER_MARKS = "supporter_marks", _("Afgelopen afspraken over post via een ondersteuner")
    EW_CLOSED = "ew_closed", _("Vroegsignalen met een eindresultaat")
    EW_NO_CONTACT = "ew_no_contact", _("Vroegsignalen zonder contact")
    IMPORT_FILES = "import_files", _("Geüploade bestanden")
    HOUSEHOLDS = "households", _("Vertrokken bewoners en lege huishoudens zonder gegevens")
    ACCESS_LOG = "access_log", _("Toegangslog")
    PROCESSING_LOG = "processing_log", _("Verwerkingslog")


class Unit(models.TextChoices):
    MONTHS = "months", _("maanden")
    DAYS = "days", _("dagen")


LOCAL = _("Lokale instelling")


@dataclass(frozen=True)
class Default:
    amount: int
    unit: str
    start: "StrOrPromise"  # from which date the period counts, in words for the screen
    min_days: int  # the shortest period the administrator may choose
    source: "StrOrPromise" = ""  # empty: a local setting


# The order is the order of the purge: what depends on a record goes before it.
DEFAULTS: dict[str, Default] = {
    RecordType.MEETING_ITEMS: Default(
        24,
        Unit.MONTHS,
        _("vanaf het besluit in het overleg (en de laatste opvolging)"),
        30,
    ),
    RecordType.CASES: Default(36, Unit.MONTHS, _("vanaf de dag dat de casus is afgesloten"), 90),
    RecordType.ALERTS: Default(
        24, Unit.MONTHS, _("vanaf het moment dat de melding is afgesloten"), 30
    ),
    RecordType.SIGNALS: Default(
        24, Unit.MONTHS, _("vanaf de datum waarop de melder het signaal zag"), 30
    ),
    RecordType.DECISIONS: Default(
        24, Unit.MONTHS, _("vanaf de einddatum van de beschikking of ondersteuning"), 30
    ),
    RecordType.SUPPORTER_MARKS: Default(
        12, Unit.MONTHS, _("vanaf de dag dat de afspraak afliep of werd beëindigd"), 30
    ),
    RecordType.EW_CLOSED: Default(
        12, Unit.MONTHS, _("vanaf het moment dat het eindresultaat is vastgelegd"), 30
    ),
    RecordType.EW_NO_CONTACT: Default(
        12,
        Unit.MONTHS,
        _("vanaf de maand van het vroegsignaal, als er nooit contact was en geen eindresultaat"),
        30,
    ),
    RecordType.IMPORT_FILES: Default(
        90, Unit.DAYS, _("vanaf het moment dat het bestand is verwerkt of afgewezen"), 1
    ),
    RecordType.HOUSEHOLDS: Default(
        90,
        Unit.DAYS,
        _(
            "vanaf de dag dat de laatste bewoner vertrok (of het vastleggen, als er nooit iemand "
            "woonde), als er verder niets meer over is"
        ),
        7,
    ),
    RecordType.ACCESS_LOG: Default(
        60,
        Unit.MONTHS,
        _("vanaf het moment dat iemand de gegevens opende"),
        365,
        _("Lokale instelling; NEN 7513 vraagt het vastleggen van elke inzage, niet een termijn"),
    ),
    RecordType.PROCESSING_LOG: Default(
        24, Unit.MONTHS, _("vanaf het begin van de verwerking"), 365
    ),
}

MAX_DAYS = 20 * 366  # twenty years: longer is never 'no longer than needed'


def period_days(amount: int, unit: str) -> int:
    """About how many days a period is, for the bounds check (an average month)."""
    return round(amount * 365.25 / 12) if unit == Unit.MONTHS else amount


def cutoff(today: date, amount: int, unit: str) -> date:
    """The last start date that is past its period today.

    A record whose period starts on `start` is removed on the day `start + period` and kept the
    day before: removable when start <= today - period.
    """
    if unit == Unit.MONTHS:
        return today - relativedelta(months=amount)
    return today - timedelta(days=amount)
