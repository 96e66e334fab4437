"""Young people who turn 18: the period a list may cover and who may get the invitation.
Pure rules, no ORM, tested with tables.

VNG, *Stop het stapelen* (2022), chapter "Bestaanszekerheid", green flag "Zoek zelf contact met
jongeren": invite those who turn 18 once or twice a year. So a list covers at most a year, looks
ahead at most a year, and may look back half a year for those who turned 18 since the last
round.

Why a letter may reach a 17-year-old here, and nowhere else: the letters app writes to adults
only (a child gets no letter from the social team). One round of invitations for the coming half
year or year necessarily reaches young people some months before their birthday, and the seed
asks the municipality to seek them out itself, before problems pile up. So for this purpose only,
and only to the young person themself, the letter may be made from the age of 17.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

INVITATION_MIN_AGE = 17
LOOK_AHEAD = relativedelta(years=1)
LOOK_BACK = relativedelta(months=6)
LONGEST = relativedelta(years=1)
DEFAULT_LENGTH = relativedelta(months=6)


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def period_problem(start: date, end: date, *, today: date) -> tuple[str, str] | None:
    """(field, plain-Dutch message) when the period cannot be used, else None."""
    if end < start:
        return "end_on", _("De einddatum ligt vóór de begindatum. Kies een einddatum erna.")
    if start < today - LOOK_BACK:
        return "start_on", _("Begin de periode hooguit een half jaar geleden.")
    if end > today + LOOK_AHEAD:
        return "end_on", _("Kies een einddatum binnen een jaar vanaf vandaag.")
    if end > start + LONGEST:
        return "end_on", _("Kies een periode van hooguit een jaar.")
    return None


def may_be_invited(birth_date: date, day: date) -> bool:
    """Old enough on `day` for the invitation: 17 or older (see the module's note)."""
    return age_on(birth_date, day) >= INVITATION_MIN_AGE
