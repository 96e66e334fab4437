"""The current members of a household, with their names, for a household already opened.

Callers open the household through ``stabiel.core.access`` first (that call is logged); this
module only lists who lives there, for a choice list or for the case table's name check.
"""

from dataclasses import dataclass

from stabiel.residents.models import PersonIdentity


@dataclass(frozen=True)
class Member:
    person_id: int
    label: str
    given_names: str
    surname_prefix: str
    surname: str

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


def current_members(household) -> list[Member]:
    identities = (
        PersonIdentity.objects.filter(
            person__municipality_id=household.municipality_id,
            person__memberships__household=household,
            person__memberships__end_on__isnull=True,
        )
        .select_related("person")
        .order_by("person__label")
    )
    return [
        Member(
            person_id=identity.person_id,
            label=identity.person.label,
            given_names=identity.given_names,
            surname_prefix=identity.surname_prefix,
            surname=identity.surname,
        )
        for identity in identities
    ]
