"""Reads on households and persons that are not the door itself (no access log: no identifiers
are returned, only the pseudonymous rows, ids and areas)."""

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.http import Http404

from stabiel.core import sqlrows

from .models import Household, Membership, Person, RegisterFeed, RegisterFeedProgress

if TYPE_CHECKING:
    from django.db.models import QuerySet


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


# The register feed (the administrator's screens: files and counts, never a person) -----------

FEED_COLUMNS = (
    "id",
    "name",
    "status",
    "summary",
    "created_at",
    "applied_at",
    "updated_at",
    "uploaded_by",
    "confirmed_by",
)


def register_feeds_for(*, actor: Any) -> "QuerySet[RegisterFeed]":
    """The municipality's deliveries, newest first; the file's bytes are never loaded."""
    return (
        RegisterFeed.objects.filter(municipality_id=actor.municipality_id)
        .select_related("uploaded_by", "confirmed_by")
        .only(
            *FEED_COLUMNS,
            "uploaded_by__username",
            "uploaded_by__first_name",
            "uploaded_by__last_name",
            "confirmed_by__username",
            "confirmed_by__first_name",
            "confirmed_by__last_name",
            "municipality_id",
        )
        .order_by("-created_at", "-id")
    )


def register_feed_get(*, actor: Any, feed_id: int) -> RegisterFeed:
    feed = register_feeds_for(actor=actor).filter(pk=feed_id).first()
    if feed is None:
        raise Http404
    return feed


def register_feed_same_file_applied(*, feed: RegisterFeed) -> RegisterFeed | None:
    """An earlier delivery with exactly these bytes that was applied: applying it again changes
    nothing, and the page says so."""
    return (
        RegisterFeed.objects.filter(
            municipality_id=feed.municipality_id,
            digest=feed.digest,
            status=RegisterFeed.Status.APPLIED,
        )
        .exclude(pk=feed.pk)
        .only("id", "name", "applied_at")
        .order_by("-applied_at")
        .first()
    )


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


def person_with_label(*, municipality_id: int, label: str) -> Person | None:
    """The person with this label (P-…), pseudonymous row only: the privacy officer's "who
    looked" screen filters the access log by it and shows nobody's identity."""
    return Person.objects.filter(municipality_id=municipality_id, label=label).first()


# While the background work runs: which stage the feed is in, and which stage writes progress.
_STAGE_OF = {
    RegisterFeed.Status.RECEIVED: RegisterFeedProgress.Stage.PREVIEW,
    RegisterFeed.Status.QUEUED: RegisterFeedProgress.Stage.APPLY,
}


def register_feed_progress(*, feed: RegisterFeed) -> dict[str, Any] | None:
    """Rows read so far of the stage the feed is in (only while work is going on)."""
    stage = _STAGE_OF.get(RegisterFeed.Status(feed.status))
    if stage is None:
        return None
    found = (
        RegisterFeedProgress.objects.filter(feed_id=feed.pk, stage=stage)
        .values("rows_done", "rows_total")
        .first()
    )
    if found is None:
        return None
    done, total = int(found["rows_done"]), found["rows_total"]
    if total is not None:
        total = max(int(total), done)
    return {
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else None,
    }
