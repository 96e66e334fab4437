"""A register extract applied as a difference: arrivals, moves, departures, deaths and name
changes, each kept as a RegisterChange. Works in slices of rows so memory stays flat; the
caller holds the transaction (a preview runs the same code and rolls back)."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.models import Area
from stabiel.signals.importing.rows import RowError

from .. import pseudonyms
from ..models import (
    GroupingCorrection,
    Household,
    HouseholdAddress,
    Membership,
    Person,
    PersonIdentity,
    RegisterChange,
    RegisterFeed,
)
from .reading import Row
from .records import RegisterRecord, record_check

SLICE = 5_000
MAX_REPORTED = 10_000


class FeedRejected(Exception):  # noqa: N818 - a rejection, not a programming error
    """Rows were rejected: nothing may be stored (the caller's transaction is rolled back)."""

    def __init__(self, rejections: list[tuple[int, str]], total: int, rejected: int) -> None:
        super().__init__(f"{rejected} rows rejected")
        self.rejections = rejections
        self.total = total
        self.rejected = rejected


@dataclass
class FeedOutcome:
    total: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    households_created: int = 0

    def as_summary(self) -> dict[str, int]:
        return {"rows": self.total, "households_created": self.households_created, **self.counts}


def household_key(record: RegisterRecord, key: bytes) -> tuple[str, str]:
    """(pseudonym, address kind). A postal address is keyed on the person, never shared."""
    if record.postal:
        return pseudonyms.postal_pseudonym(record.bsn, key), Household.AddressKind.POSTAL
    return (
        pseudonyms.address_pseudonym(record.postcode, record.full_house_number, key),
        Household.AddressKind.HOME,
    )


def _records(
    rows: Iterable[Row], *, cbs_code: str, today: dt.date, rejections: list[tuple[int, str]]
) -> Iterator[RegisterRecord | None]:
    """Checked records; None for a rejected row (its reason is in `rejections`)."""
    seen: dict[str, tuple[int, int]] = {}  # bsn pseudonym -> (first line, hash of content)
    for line, raw, problem in rows:
        record = None
        if problem is None and raw is not None:
            try:
                record = record_check(raw, line=line, cbs_code=cbs_code, today=today)
            except RowError as exc:
                problem = str(exc)
        if record is not None:
            digest = hash(record.content)
            first = seen.get(record.bsn)
            if first is None:
                seen[record.bsn] = (line, digest)
            elif first[1] != digest:
                problem = _(
                    "Deze persoon (BSN) staat ook op regel %(line)s, met andere gegevens."
                ) % {"line": first[0]}
                record = None
            else:
                continue  # the same person twice with the same data: once is enough
        if problem is not None:
            if len(rejections) < MAX_REPORTED:
                rejections.append((line, problem[:300]))
            yield None
        else:
            yield record


def feed_apply(
    *, feed: RegisterFeed, rows: Iterable[Row], today: dt.date | None = None
) -> FeedOutcome:
    """Apply every row or raise FeedRejected. Call inside transaction.atomic()."""
    municipality = feed.municipality
    today = today or timezone.localdate()
    key = pseudonyms.current_key()
    areas = dict(Area.objects.filter(municipality=municipality).values_list("cbs_code", "id"))
    rejections: list[tuple[int, str]] = []
    outcome = FeedOutcome()
    rejected = 0
    records = _records(rows, cbs_code=municipality.cbs_code, today=today, rejections=rejections)
    while True:
        chunk = list(islice(records, SLICE))
        if not chunk:
            break
        good = [r for r in chunk if r is not None]
        rejected += len(chunk) - len(good)
        outcome.total += len(chunk)
        if rejected:
            continue  # keep reading to report every rejected row, store nothing
        _slice_apply(feed, good, key=key, areas=areas, outcome=outcome, today=today)
    if rejected or outcome.total == 0:
        if outcome.total == 0:
            rejections, rejected = [(2, _("Het bestand heeft geen personen."))], 1
        raise FeedRejected(sorted(rejections), outcome.total, rejected)
    return outcome


def _households_for(
    feed: RegisterFeed,
    records: list[RegisterRecord],
    *,
    key: bytes,
    areas: dict[str, int],
    outcome: FeedOutcome,
) -> dict[str, int]:
    wanted: dict[str, tuple[RegisterRecord, str]] = {}
    for record in records:
        pseudonym, kind = household_key(record, key)
        wanted.setdefault(pseudonym, (record, kind))
    found: dict[str, int] = {}
    for pseudonym, pk, merged_into in Household.objects.filter(
        municipality=feed.municipality, pseudonym__in=list(wanted)
    ).values_list("pseudonym", "id", "merged_into_id"):
        found[pseudonym] = merged_into or pk
    new = [
        Household(
            municipality=feed.municipality,
            pseudonym=pseudonym,
            label=pseudonyms.label_for(pseudonym, "HH"),
            address_kind=kind,
            area_id=areas.get(record.area_code),
        )
        for pseudonym, (record, kind) in wanted.items()
        if pseudonym not in found
    ]
    if new:
        Household.objects.bulk_create(new, batch_size=2000)
        HouseholdAddress.objects.bulk_create(
            [
                HouseholdAddress(
                    household=household,
                    street=wanted[household.pseudonym][0].street,
                    house_number=wanted[household.pseudonym][0].house_number,
                    house_letter=wanted[household.pseudonym][0].house_letter,
                    house_number_addition=wanted[household.pseudonym][0].house_number_addition,
                    postcode=wanted[household.pseudonym][0].postcode,
                    city=wanted[household.pseudonym][0].city,
                )
                for household in new
            ],
            batch_size=2000,
        )
        outcome.households_created += len(new)
        found.update({h.pseudonym: h.pk for h in new})
    return found


def _slice_apply(
    feed: RegisterFeed,
    records: list[RegisterRecord],
    *,
    key: bytes,
    areas: dict[str, int],
    outcome: FeedOutcome,
    today: dt.date,
) -> None:
    municipality = feed.municipality
    households = _households_for(feed, records, key=key, areas=areas, outcome=outcome)
    by_pseudonym = {pseudonyms.person_pseudonym(r.bsn, key): r for r in records}
    persons = {
        p.pseudonym: p
        for p in Person.objects.filter(
            municipality=municipality, pseudonym__in=list(by_pseudonym)
        ).select_related("identity")
    }
    person_ids = [p.pk for p in persons.values()]
    current = {
        m.person_id: m
        for m in Membership.objects.filter(person_id__in=person_ids, end_on__isnull=True)
    }
    corrections = {
        (person_id, address): household_id
        for person_id, address, household_id in GroupingCorrection.objects.filter(
            person_id__in=person_ids
        ).values_list("person_id", "address_pseudonym", "household_id")
    }
    changes: list[RegisterChange] = []
    memberships: list[Membership] = []
    ended: list[Membership] = []
    identities: list[PersonIdentity] = []

    def change(person: Person, kind: str, on: dt.date, **extra: object) -> None:
        changes.append(
            RegisterChange(
                municipality=municipality, feed=feed, person=person, kind=kind, on=on, **extra
            )
        )
        outcome.counts[kind] += 1

    new_people = [
        (pseudonym, record)
        for pseudonym, record in by_pseudonym.items()
        if pseudonym not in persons
    ]
    created = Person.objects.bulk_create(
        [
            Person(
                municipality=municipality,
                pseudonym=pseudonym,
                label=pseudonyms.label_for(pseudonym, "P"),
                birth_month=record.birth_date.replace(day=1),
            )
            for pseudonym, record in new_people
        ],
        batch_size=2000,
    )
    new_identities = []
    for person, (_pseudonym, record) in zip(created, new_people, strict=True):
        address, _kind = household_key(record, key)
        household_id = households[address]
        end = record.died_on or record.left_on
        end = max(end, record.since) if end else None
        memberships.append(
            Membership(person=person, household_id=household_id, start_on=record.since, end_on=end)
        )
        new_identities.append(
            PersonIdentity(
                person=person,
                bsn=record.bsn,
                given_names=record.given_names,
                surname_prefix=record.surname_prefix,
                surname=record.surname,
                birth_date=record.birth_date,
                died_on=record.died_on,
            )
        )
        change(person, RegisterChange.Kind.ARRIVAL, record.since, household_id=household_id)
        if record.died_on:
            change(
                person, RegisterChange.Kind.DEATH, record.died_on, from_household_id=household_id
            )
        elif record.left_on:
            change(
                person,
                RegisterChange.Kind.DEPARTURE,
                record.left_on,
                from_household_id=household_id,
            )
    PersonIdentity.objects.bulk_create(new_identities, batch_size=2000)

    for pseudonym, person in persons.items():
        record = by_pseudonym[pseudonym]
        identity = person.identity
        membership = current.get(person.pk)
        address, _kind = household_key(record, key)
        target = corrections.get((person.pk, address), households[address])
        identity_changed = False
        if not identity.in_register:
            identity.in_register = True
            identity_changed = True
            change(person, RegisterChange.Kind.LINKED, record.since, household_id=target)
        old_name = identity.full_name
        if (identity.given_names, identity.surname_prefix, identity.surname) != (
            record.given_names,
            record.surname_prefix,
            record.surname,
        ):
            identity.given_names = record.given_names
            identity.surname_prefix = record.surname_prefix
            identity.surname = record.surname
            identity_changed = True
            change(
                person,
                RegisterChange.Kind.NAME,
                today,
                before=old_name[:300],
                after=record.name[:300],
            )
        if record.died_on and identity.died_on is None:
            identity.died_on = record.died_on
            identity_changed = True
            from_id = membership.household_id if membership else None
            if membership:
                membership.end_on = max(record.died_on, membership.start_on)
                ended.append(membership)
            change(person, RegisterChange.Kind.DEATH, record.died_on, from_household_id=from_id)
        elif record.died_on:
            pass  # death already known: nothing new
        elif record.left_on:
            if membership:
                membership.end_on = max(record.left_on, membership.start_on)
                ended.append(membership)
                change(
                    person,
                    RegisterChange.Kind.DEPARTURE,
                    record.left_on,
                    from_household_id=membership.household_id,
                )
        elif membership is None:
            memberships.append(
                Membership(person=person, household_id=target, start_on=record.since)
            )
            change(person, RegisterChange.Kind.ARRIVAL, record.since, household_id=target)
        elif membership.household_id != target:
            on = max(record.since, membership.start_on)
            membership.end_on = on
            ended.append(membership)
            memberships.append(Membership(person=person, household_id=target, start_on=on))
            change(
                person,
                RegisterChange.Kind.MOVE,
                on,
                household_id=target,
                from_household_id=membership.household_id,
            )
        if identity_changed:
            identities.append(identity)
    if identities:
        PersonIdentity.objects.bulk_update(
            identities,
            ["given_names", "surname_prefix", "surname", "died_on", "in_register"],
            batch_size=2000,
        )
    if ended:
        Membership.objects.bulk_update(ended, ["end_on"], batch_size=2000)
    Membership.objects.bulk_create(memberships, batch_size=2000)
    RegisterChange.objects.bulk_create(changes, batch_size=2000)
