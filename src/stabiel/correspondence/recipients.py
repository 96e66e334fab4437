"""Whom a letter is for and where it goes.

Names and address come only from the residents door, `household_identity_get`, which the caller
used (it logged who, when and why). A letter is addressed to an adult member only: a child gets
no letter from the social team. Post for a member with an active supporter mark goes to that
supporter first, at the supporter's own postal address (Zeist, in VNG *Stop het stapelen*, 2022,
chapter "Bestaanszekerheid").
"""

from dataclasses import dataclass
from datetime import date

from stabiel.residents.access import HouseholdIdentity, MemberIdentity
from stabiel.supporters.models import SupporterMark
from stabiel.supporters.queries import active_on

ADULT_AGE = 18


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def is_adult(member: MemberIdentity, day: date) -> bool:
    return age_on(member.birth_date, day) >= ADULT_AGE


@dataclass(frozen=True)
class Addressee:
    person_id: int
    label: str
    name: str
    home_lines: tuple[str, ...]
    supporter_mark: SupporterMark | None

    @property
    def via_supporter(self) -> bool:
        return self.supporter_mark is not None

    @property
    def to_lines(self) -> tuple[str, ...]:
        """The envelope: the supporter at their postal address, or the resident at home."""
        mark = self.supporter_mark
        if mark is None:
            return (self.name, *self.home_lines) if self.home_lines else ()
        if not mark.has_postal_address:
            return ()
        organisation = (mark.supporter_organisation,) if mark.supporter_organisation else ()
        return (mark.supporter_name, *organisation, *mark.supporter_address_lines)


def home_address_lines(identity: HouseholdIdentity) -> tuple[str, ...]:
    """('Lindelaan 12A-2', '3701 AB  ZEIST'), or () for a resident without an address."""
    if not identity.street:
        return ()
    postcode = identity.postcode
    if len(postcode) == 6:
        postcode = f"{postcode[:4]} {postcode[4:]}"
    return (
        f"{identity.street} {identity.house_number}".strip(),
        f"{postcode}  {identity.city.upper()}".strip(),
    )


def supporter_marks_on(
    *, municipality_id: int, household_id: int, day: date
) -> dict[int, SupporterMark]:
    marks = active_on(
        SupporterMark.objects.filter(municipality_id=municipality_id, household_id=household_id),
        day,
    )
    return {mark.person_id: mark for mark in marks}


def addressees(
    identity: HouseholdIdentity, *, municipality_id: int, day: date, adults_only: bool = True
) -> list[Addressee]:
    """The current adult members as possible addressees, with the supporter route of `day`."""
    lines = home_address_lines(identity)
    marks = supporter_marks_on(
        municipality_id=municipality_id, household_id=identity.household_id, day=day
    )
    return [
        Addressee(
            person_id=member.person_id,
            label=member.label,
            name=member.full_name,
            home_lines=lines,
            supporter_mark=marks.get(member.person_id),
        )
        for member in identity.members
        if is_adult(member, day) or not adults_only
    ]


def addressee(
    identity: HouseholdIdentity,
    person_id: int,
    *,
    municipality_id: int,
    day: date,
    adults_only: bool = True,
) -> Addressee | None:
    return next(
        (
            a
            for a in addressees(
                identity, municipality_id=municipality_id, day=day, adults_only=adults_only
            )
            if a.person_id == person_id
        ),
        None,
    )


def minors_left_out(identity: HouseholdIdentity, day: date) -> int:
    """How many current members are too young to get a letter (shown, never named)."""
    return sum(1 for member in identity.members if not is_adult(member, day))
