"""After an early-warning batch is stored: check names, form reports, feed the stacking rules.

Set-based SQL does the heavy lifting (a national host's month is about 60,000 signals); Python
only compares names. Runs in its own transaction after the importer committed the batch, and
only touches the batch's own rows, so running it again changes nothing.
"""

import contextlib
import threading
from collections import defaultdict
from datetime import date

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from stabiel.catalogue.queries import signal_types_for
from stabiel.residents.models import PersonIdentity
from stabiel.signals import events
from stabiel.signals.models import Channel, Signal
from stabiel.signals.services import SignalRow, signals_store

from . import parsing
from .ddas import Outcome, PartnerType, SignalStatus
from .models import DebtSignal, EarlyWarningSettings, Report

# Creditor kinds that are a red flag in the catalogue ("betalingsachterstanden"), by the
# signal type the stacking rules read (rules/seed.py). Kinds without a matching type (DUO, tax
# office, mortgage…) stay in early warning only; a municipality can add a type and a line here.
STACKING_SIGNAL_TYPES = {
    PartnerType.RENT: "huurachterstand",
    PartnerType.ENERGY: "energieachterstand",
    PartnerType.WATER: "waterachterstand",
    PartnerType.HEALTH: "zorgpremieachterstand",
    PartnerType.CAK_INSURANCE: "zorgpremieachterstand",
}
TOUCHED_LIMIT = 2_000
CHUNK = 5_000

NAME_DIFFERS = "De naam in het signaal wijkt af van de naam bij dit BSN."
NOBODY_BY_NAME = "Op dit adres woont niemand met deze naam en geboortedatum."
NO_NAME = "Het signaal noemt geen naam; controleer of het adres klopt."


def settings_for(municipality_id: int) -> EarlyWarningSettings:
    found = EarlyWarningSettings.objects.filter(municipality_id=municipality_id).first()
    return found or EarlyWarningSettings(municipality_id=municipality_id)


def after_import(*, batch, touched) -> list[int]:
    """The importer's hook. Announces the households itself (as new signals for the rules)
    and returns [] so the importer announces nothing twice."""
    households = batch_match(
        municipality_id=batch.municipality_id,
        batch_id=batch.pk,
        partner_id=batch.partner_id,
        today=timezone.localdate(),
    )
    if households != []:
        transaction.on_commit(
            lambda: events.households_touched.send(
                sender=DebtSignal,
                municipality_id=batch.municipality_id,
                household_ids=households,
                changed="signals",
            )
        )
    return []


def batch_match(
    *, municipality_id: int, batch_id: int, partner_id: int | None, today: date
) -> list[int] | None:
    """Three steps, each its own transaction and each safe to run again (the importer runs the
    whole again when a batch's last step failed): first the statuses, then the reports and the
    signals for the stacking rules, which need the statuses and nothing of each other. On
    PostgreSQL those two run at the same time on two connections."""
    config = settings_for(municipality_id)
    with transaction.atomic():
        _fresh_statistics(_S)
        names_check(batch_id=batch_id)
        _statuses(config=config, batch_id=batch_id)

    def reports():
        with transaction.atomic():
            reports_form(
                municipality_id=municipality_id, batch_id=batch_id, today=today, config=config
            )
            reports_route(municipality_id=municipality_id, batch_id=batch_id)

    if partner_id is None:
        reports()
        return []
    types = stacking_signal_types(municipality_id)

    def stacking(db):
        return stacking_signals_create(
            municipality_id=municipality_id,
            batch_id=batch_id,
            partner_id=partner_id,
            today=today,
            types=types,
            db=db,
        )

    return beside(reports, stacking)


def beside(main, side):
    """Run main() here and side(db) on a connection of its own, at the same time, and return
    what side returned. Each commits on its own. SQLite has one writer: one after the other."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # Inside a caller's transaction (tests) the side must see its uncommitted rows.
        main()
        return side(connection)
    outcome: dict = {}

    def work():
        wrapper = connections[DEFAULT_DB_ALIAS]
        db = wrapper.__class__(dict(wrapper.settings_dict), alias="ew-side")
        try:
            db.ensure_connection()
            db.set_autocommit(False)  # side's work is one transaction of its own
            outcome["value"] = side(db)
            db.commit()
        except BaseException as exc:  # raised in the calling thread below
            outcome["error"] = exc
            with contextlib.suppress(Exception):
                db.rollback()
        finally:
            db.close()

    thread = threading.Thread(target=work, name="ew-side", daemon=True)
    thread.start()
    try:
        main()
    finally:
        thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _fresh_statistics(table: str) -> None:
    """A large batch changes a table's size many times over; without fresh statistics
    PostgreSQL plans the joins below as if the table were still empty."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A small sample is enough to see the size and the batch; it keeps this cheap.
            cursor.execute("SET LOCAL default_statistics_target = 10")
            cursor.execute(f"ANALYZE {table}")  # names from the models
            cursor.execute("RESET default_statistics_target")


# Names ---------------------------------------------------------------------------------------


def names_check(*, batch_id: int) -> int:
    """Downgrade to 'unsure' where the name does not fit the household or the BSN's person.
    Tolerant: prefixes, accents and a second (maiden) name do not count as a difference."""
    from stabiel.residents.models import Membership

    rows = list(
        DebtSignal.objects.filter(batch_id=batch_id, match=DebtSignal.Match.MATCHED).values_list(
            "id", "household_id", "person_id", "surname_prefix", "surname", "initials", "birth_date"
        )
    )
    if not rows:
        return 0
    # One set-based read: the current members of the batch's households, with their names.
    identities = PersonIdentity._meta.db_table
    memberships = Membership._meta.db_table
    people = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT m.household_id, i.person_id, i.surname_prefix, i.surname,
                    i.given_names, i.birth_date
                FROM {memberships} m JOIN {identities} i ON i.person_id = m.person_id
                WHERE m.end_on IS NULL AND m.household_id IN (
                    SELECT DISTINCT s.household_id FROM {_S} s
                    WHERE s.batch_id = %s AND s.match = %s)""",  # noqa: S608 - names from the models
            [batch_id, DebtSignal.Match.MATCHED.value],
        )
        for household_id, person_id, prefix, surname, given, born in cursor.fetchall():
            people[household_id].append(
                (person_id, parsing.name_parts(prefix, surname), parsing.first_letter(given), born)
            )
    doubts: dict[str, list[int]] = defaultdict(list)
    for signal_id, household_id, person_id, prefix, surname, initials, born in rows:
        if not surname:
            if person_id is None:
                doubts[NO_NAME].append(signal_id)
            continue
        mine = parsing.name_parts(prefix, surname)
        first = parsing.first_letter(initials)
        fits = any(
            (person_id is None or c[0] == person_id)
            and parsing.parts_fit(mine, first, c[1], c[2])
            and (born is None or born == c[3])
            for c in people.get(household_id, ())
        )
        if not fits:
            doubts[NAME_DIFFERS if person_id else NOBODY_BY_NAME].append(signal_id)
    count = 0
    for note, ids in doubts.items():
        for start in range(0, len(ids), CHUNK):
            count += DebtSignal.objects.filter(pk__in=ids[start : start + CHUNK]).update(
                match=DebtSignal.Match.UNSURE, match_note=note
            )
    return count


# Reports -------------------------------------------------------------------------------------

_S = DebtSignal._meta.db_table
_R = Report._meta.db_table


def _months_back(column: str) -> str:
    """SQL for `column` minus %(months)s months (a local setting)."""
    if connection.vendor == "postgresql":
        return f"({column} - make_interval(months => %(months)s))"
    return f"date({column}, '-' || %(months)s || ' months')"


def _statuses(*, config: EarlyWarningSettings, batch_id: int) -> None:
    """Below the threshold: unfounded. The same creditor again without a grown arrear: repeat."""
    params = {
        "batch": batch_id,
        "threshold": config.threshold_amount,
        "months": config.repeat_months,
        "not_yet": SignalStatus.NOT_YET.value,
        "unfounded": SignalStatus.UNFOUNDED.value,
        "repeat": SignalStatus.REPEAT.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {_S} SET status = %(unfounded)s
                WHERE batch_id = %(batch)s AND status = %(not_yet)s AND amount < %(threshold)s""",  # noqa: S608 - names from the models
            params,
        )
        if config.repeat_only_if_grown:
            cursor.execute(
                f"""UPDATE {_S} SET status = %(repeat)s
                    WHERE batch_id = %(batch)s AND status = %(not_yet)s AND EXISTS (
                        SELECT 1 FROM {_S} p
                        WHERE p.municipality_id = {_S}.municipality_id
                        AND p.address_key = {_S}.address_key
                        AND p.partner_type = {_S}.partner_type
                        AND p.batch_id <> %(batch)s AND p.status = %(not_yet)s
                        AND p.signalled_on <= {_S}.signalled_on
                        AND p.signalled_on >= {_months_back(f"{_S}.signalled_on")}
                        AND p.amount >= {_S}.amount)""",  # noqa: S608
                params,
            )


def reports_form(
    *, municipality_id: int, batch_id: int, today: date, config: EarlyWarningSettings
) -> None:
    """One report per address and month; then what a worker needs to see about it."""
    now = timezone.now()
    params = {
        "municipality": municipality_id,
        "batch": batch_id,
        "today": connection.ops.adapt_datefield_value(today),
        "now": connection.ops.adapt_datetimefield_value(now),
        "false": False,
        "true": True,
        "months": config.repeat_months,
        "not_yet": SignalStatus.NOT_YET.value,
        "repeat": Outcome.REPEAT.value,
        "unfounded": Outcome.UNFOUNDED.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {_R} (municipality_id, created_at, updated_at, address_key, month, key,
                    household_id, matched_on, period_start, period_end, signal_count,
                    several_creditors, repeat_at_address, crisis, outcome, outcome_reason)
                SELECT %(municipality)s, %(now)s, %(now)s, s.address_key, s.month, MAX(s.report_key),
                    MAX(s.household_id), %(today)s, MIN(s.signalled_on), MAX(s.signalled_on), 0,
                    %(false)s, %(false)s, %(false)s, '', ''
                FROM {_S} s
                WHERE s.batch_id = %(batch)s AND NOT EXISTS (
                    SELECT 1 FROM {_R} r WHERE r.municipality_id = %(municipality)s
                    AND r.address_key = s.address_key AND r.month = s.month)
                GROUP BY s.address_key, s.month""",  # noqa: S608
            params,
        )
        _fresh_statistics(_R)
        # What the worker sees at a glance; a report whose every signal was filtered out
        # (threshold, repeat) closes with that result.
        cursor.execute(
            f"""UPDATE {_R} SET
                    updated_at = %(now)s,
                    signal_count = agg.signals,
                    several_creditors = agg.creditors > 1,
                    crisis = agg.crisis > 0,
                    period_start = agg.first_on,
                    period_end = agg.last_on,
                    household_id = COALESCE({_R}.household_id, agg.household_id),
                    outcome = CASE WHEN {_R}.outcome = '' AND agg.open_signals = 0
                        THEN CASE WHEN agg.repeats > 0 THEN %(repeat)s ELSE %(unfounded)s END
                        ELSE {_R}.outcome END,
                    outcome_at = CASE WHEN {_R}.outcome = '' AND agg.open_signals = 0
                        THEN %(now)s ELSE {_R}.outcome_at END
                FROM (
                    SELECT s.address_key, s.month,
                        COUNT(*) AS signals,
                        COUNT(DISTINCT CASE WHEN s.status = %(not_yet)s THEN s.partner_type END)
                            AS creditors,
                        SUM(CASE WHEN s.crisis THEN 1 ELSE 0 END) AS crisis,
                        SUM(CASE WHEN s.status = %(not_yet)s THEN 1 ELSE 0 END) AS open_signals,
                        SUM(CASE WHEN s.status = %(repeat)s THEN 1 ELSE 0 END) AS repeats,
                        MIN(s.signalled_on) AS first_on,
                        MAX(s.signalled_on) AS last_on,
                        MAX(s.household_id) AS household_id
                    FROM {_S} s
                    WHERE s.municipality_id = %(municipality)s AND (s.address_key, s.month) IN (
                        SELECT b.address_key, b.month FROM {_S} b WHERE b.batch_id = %(batch)s)
                    GROUP BY s.address_key, s.month
                ) agg
                WHERE {_R}.municipality_id = %(municipality)s
                AND {_R}.address_key = agg.address_key AND {_R}.month = agg.month""",  # noqa: S608
            params,
        )
        # An earlier signal at the address (local setting: months back). Only the reports
        # that have one are touched; the flag starts false.
        cursor.execute(
            f"""UPDATE {_R} SET repeat_at_address = %(true)s
                FROM (
                    SELECT DISTINCT b.address_key, b.month FROM {_S} b
                    JOIN {_S} p ON p.municipality_id = b.municipality_id
                        AND p.address_key = b.address_key AND p.month < b.month
                        AND p.month >= {_months_back("b.month")}
                    WHERE b.batch_id = %(batch)s
                ) earlier
                WHERE {_R}.municipality_id = %(municipality)s
                AND {_R}.address_key = earlier.address_key AND {_R}.month = earlier.month
                AND NOT {_R}.repeat_at_address""",  # noqa: S608
            params,
        )


def reports_route(*, municipality_id: int, batch_id: int) -> int:
    """A household with an open case: its case lead picks the report up (no second track)."""
    from stabiel.cases.models import Case
    from stabiel.cases.queries import open_case_for_household

    # One set-based query finds the few households of the batch with an open case; the cases
    # app then answers for each of them.
    with_case = (
        Case.objects.filter(municipality_id=municipality_id, status=Case.Status.OPEN)
        .filter(
            household_id__in=DebtSignal.objects.filter(
                batch_id=batch_id, household__isnull=False
            ).values("household_id")
        )
        .values_list("household_id", flat=True)
        .distinct()
    )
    routed = 0
    for household_id in list(with_case):
        case = open_case_for_household(municipality_id=municipality_id, household_id=household_id)
        if case is None:
            continue
        routed += Report.objects.filter(
            municipality_id=municipality_id,
            household_id=household_id,
            signals__batch_id=batch_id,
            assigned_to__isnull=True,
            outcome="",
        ).update(assigned_to=case.case_lead, open_case_id=case.pk)
    return routed


# Stacking ------------------------------------------------------------------------------------


def stacking_signal_types(municipality_id: int) -> dict[str, int]:
    """Creditor kind -> the catalogue signal type id the stacking rules read."""
    from stabiel.accounts.models import Municipality

    municipality = Municipality.objects.get(pk=municipality_id)
    by_code = dict(
        signal_types_for(municipality=municipality)
        .filter(code__in=set(STACKING_SIGNAL_TYPES.values()))
        .values_list("code", "id")
    )
    return {kind: by_code[code] for kind, code in STACKING_SIGNAL_TYPES.items() if code in by_code}


def stacking_signals_create(
    *,
    municipality_id: int,
    batch_id: int,
    partner_id: int,
    today: date,
    types: dict[str, int] | None = None,
    db=None,
) -> list[int] | None:
    """A picked-up arrear of a found household becomes a signal of the catalogue's arrear type,
    so the stacking rules see it. Returns the households (None: too many, run all rules).
    One set-based read of the batch's arrears, then the signals service stores them (the one
    way in for signals), on any connection (`db`, by default Django's)."""
    db = db or connection
    if types is None:
        types = stacking_signal_types(municipality_id)
    params = {
        "batch": batch_id,
        "not_yet": SignalStatus.NOT_YET.value,
        "matched": DebtSignal.Match.MATCHED.value,
        "confirmed": DebtSignal.Match.CONFIRMED.value,
    }
    with db.cursor() as cursor:
        cursor.execute(
            f"""SELECT s.id, s.partner_type, s.household_id, s.person_id, s.signalled_on,
                    s.content_hash
                FROM {_S} s
                WHERE s.batch_id = %(batch)s AND s.household_id IS NOT NULL
                AND s.status = %(not_yet)s AND s.match IN (%(matched)s, %(confirmed)s)""",  # noqa: S608 - names from the models
            params,
        )
        found = cursor.fetchall()
    households = {row[2] for row in found}
    rows = [
        _signal_row(
            debt_id,
            type_id=types[kind],
            household_id=household_id,
            person_id=person_id,
            signalled_on=signalled_on,
            digest=digest,
            partner_id=partner_id,
            today=today,
        )
        for debt_id, kind, household_id, person_id, signalled_on, digest in found
        if kind in types
    ]
    if rows:
        # A reference used before with other content (it cannot be: the reference is the debt
        # signal's id and the hash its content) would be left as it is.
        signals_store(
            municipality_id=municipality_id,
            rows=rows,
            channel=Channel.FILE,
            batch_id=batch_id,
            db=db,
            announce=False,  # after_import announces the households itself
        )
    return None if len(households) > TOUCHED_LIMIT else sorted(households)


def _signal_row(
    debt_id, *, type_id, household_id, person_id, signalled_on, digest, partner_id, today
) -> SignalRow:
    if isinstance(signalled_on, str):  # SQLite
        signalled_on = date.fromisoformat(signalled_on)
    return SignalRow(
        partner_id=partner_id,
        signal_type_id=type_id,
        household_id=household_id,
        person_id=person_id,
        observed_on=signalled_on,
        received_on=today,
        reference=f"vroegsignaal-{debt_id}",
        note="",
        content_hash=digest,
    )


def stacking_signal_for(signal: DebtSignal, *, today: date) -> Signal | None:
    """One signal confirmed by a worker: the same, through the same service."""
    type_id = stacking_signal_types(signal.municipality_id).get(signal.partner_type)
    if type_id is None or signal.partner_id is None or signal.household_id is None:
        return None
    if signal.status != SignalStatus.NOT_YET:
        return None
    row = _signal_row(
        signal.pk,
        type_id=type_id,
        household_id=signal.household_id,
        person_id=signal.person_id,
        signalled_on=signal.signalled_on,
        digest=signal.content_hash,
        partner_id=signal.partner_id,
        today=today,
    )
    outcome = signals_store(
        municipality_id=signal.municipality_id,
        rows=[row],
        channel=Channel.FILE,
        batch_id=signal.batch_id,
        announce=False,  # the caller announces the household
    )
    found = outcome.ids.get((row.partner_id, row.reference))
    return None if found is None else Signal.objects.get(pk=found)
