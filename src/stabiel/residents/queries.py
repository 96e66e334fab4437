"""Reads on households and persons that are not the door itself (no access log: no identifiers
are returned, only the pseudonymous rows, ids and areas)."""

from collections.abc import Iterable, Iterator

from django.db import connection

from stabiel.core import sqlrows

from .models import Household, Membership, Person


def resident_current(*, municipality_id: int, pseudonym: str) -> tuple[Person, Household] | None:
    """The person with this pseudonym and their current household, from one written-out query:
    every signal the partner API receives asks this, and building the ORM query took longer
    than running it."""
    qn = connection.ops.quote_name
    sql = (
        f"SELECT {', '.join(sqlrows.columns('p', Person) + sqlrows.columns('h', Household))} "  # noqa: S608 - names from the models
        f"FROM {qn(Membership._meta.db_table)} m "
        f"JOIN {qn(Person._meta.db_table)} p ON p.id = m.person_id "
        f"JOIN {qn(Household._meta.db_table)} h ON h.id = m.household_id "
        f"WHERE p.municipality_id = %s AND p.pseudonym = %s AND m.end_on IS NULL "
        f"ORDER BY m.id LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [municipality_id, pseudonym])
        row = cursor.fetchone()
    if row is None:
        return None
    person, household = sqlrows.instances(row, [Person, Household])
    return person, household


def household_areas(*, household_ids: Iterable[int]) -> dict[int, int | None]:
    """Household id -> area id, for routing an alert to the team of the area. Ids only."""
    ids = sorted(set(household_ids))
    areas: dict[int, int | None] = {}
    for start in range(0, len(ids), 5000):
        areas.update(
            Household.objects.filter(pk__in=ids[start : start + 5000]).values_list("id", "area_id")
        )
    return areas


def household_areas_of_municipality(*, municipality_id: int) -> Iterator[tuple[int, int | None]]:
    """(household id, area id) of every household of the municipality, for counts by team
    (what-if). Ids only."""
    yield from (
        Household.objects.filter(municipality_id=municipality_id)
        .values_list("id", "area_id")
        .iterator(chunk_size=20_000)
    )
