"""Whom a letter is for and where it goes: names and address of a household that the caller
opened through the door (`stabiel.residents.access`, which logged who, when and why).

Post for a member with an active supporter mark goes to that supporter first, as the supporters
part decides (Zeist, in VNG *Stop het stapelen*, 2022).
"""

from dataclasses import dataclass
from datetime import date

from stabiel.supporters.members import current_members
from stabiel.supporters.models import SupporterMark
from stabiel.supporters.queries import active_on


@dataclass(frozen=True)
class Addressee:
    person_id: int
    label: str
    name: str
    address_lines: tuple[str, ...]
    supporter_mark: SupporterMark | None

    @property
    def via_supporter(self) -> bool:
        return self.supporter_mark is not None


def household_address_lines(household) -> tuple[str, ...]:
    address = getattr(household, "address", None)
    if address is None:
        return ()
    number = f"{address.house_number}{address.house_letter}"
    if address.house_number_addition:
        number = f"{number}-{address.house_number_addition}"
    postcode = f"{address.postcode[:4]} {address.postcode[4:]}".strip()
    return (f"{address.street} {number}", f"{postcode}  {address.city.upper()}")


def supporter_marks_on(household, day: date) -> dict[int, SupporterMark]:
    marks = active_on(
        SupporterMark.objects.filter(
            municipality_id=household.municipality_id, household=household
        ),
        day,
    )
    return {mark.person_id: mark for mark in marks}


def addressees(household, *, day: date) -> list[Addressee]:
    """Every current member as a possible addressee, with the supporter route of today."""
    lines = household_address_lines(household)
    marks = supporter_marks_on(household, day)
    return [
        Addressee(
            person_id=member.person_id,
            label=member.label,
            name=member.full_name,
            address_lines=lines,
            supporter_mark=marks.get(member.person_id),
        )
        for member in current_members(household)
    ]


def addressee(household, person_id: int, *, day: date) -> Addressee | None:
    return next((a for a in addressees(household, day=day) if a.person_id == person_id), None)
