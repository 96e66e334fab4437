"""Issue 12 part 1: one way in for signals. Every Signal row — form, API, file, early warning,
demo — is created by `signals.services.signals_store`, which keeps the rules of idempotency,
conflicts and held (unmatched) residents for one row and for thousands."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from stabiel.accounts.tests.factories import PartnerOrganisationFactory
from stabiel.catalogue.models import SignalType
from stabiel.signals import services
from stabiel.signals.models import Channel, Signal, UnmatchedSubject
from stabiel.signals.services import (
    COPY_FROM,
    STORED_OTHER_CONTENT,
    TWICE_OTHER_CONTENT,
    SignalRow,
    content_hash,
    signals_store,
    unmatched_digest,
)
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db
NEWCOMER = "100000071"  # passes the eleven-test; not in the register


@pytest.fixture
def world(catalogue, municipality):
    pop = population(municipality, households=3)
    partner = PartnerOrganisationFactory(municipality=municipality)
    signal_type = SignalType.objects.get(code="huurachterstand", municipality__isnull=True)
    return pop, partner, signal_type


def row(pop, partner, signal_type, *, index=0, reference="R-1", note="", line=0, days=3):
    today = timezone.localdate()
    household = pop.households[index]
    observed = today - timedelta(days=days)
    return SignalRow(
        partner_id=partner.pk,
        signal_type_id=signal_type.pk,
        household_id=household.pk,
        person_id=None,
        observed_on=observed,
        received_on=today,
        reference=reference,
        note=note,
        content_hash=content_hash(signal_type.pk, household.pk, None, observed, note),
        line=line,
    )


def held_row(partner, signal_type, *, reference="H-1", bsn=NEWCOMER, line=0):
    today = timezone.localdate()
    observed = today - timedelta(days=1)
    return SignalRow(
        partner_id=partner.pk,
        signal_type_id=signal_type.pk,
        household_id=None,
        person_id=None,
        observed_on=observed,
        received_on=today,
        reference=reference,
        note="",
        content_hash=unmatched_digest(
            signal_type_id=signal_type.pk,
            bsn=bsn,
            postcode="",
            house_number="",
            observed_on=observed,
            note="",
        ),
        held=(bsn, "", ""),
        line=line,
    )


def test_many_rows_at_once_are_stored_and_announced_once(world, municipality, monkeypatch):
    pop, partner, signal_type = world
    announced = []
    monkeypatch.setattr(
        services, "households_touched", lambda **kwargs: announced.append(kwargs["household_ids"])
    )
    rows = [row(pop, partner, signal_type, index=i % 3, reference=f"R-{i}") for i in range(7)]
    with pytest.MonkeyPatch.context():
        outcome = signals_store(municipality_id=municipality.pk, rows=rows, channel=Channel.FILE)
    assert outcome.created == 7
    assert outcome.conflicts == []
    assert sorted(outcome.household_ids) == sorted(h.pk for h in pop.households)
    assert Signal.objects.filter(municipality=municipality).count() == 7
    stored = Signal.objects.get(reference="R-4")
    assert outcome.ids[(partner.pk, "R-4")] == stored.pk
    assert stored.household_id == pop.households[1].pk
    assert stored.status == Signal.Status.RECEIVED
    assert stored.channel == Channel.FILE


def test_the_same_rows_again_add_nothing(world, municipality):
    pop, partner, signal_type = world
    rows = [row(pop, partner, signal_type, reference=f"R-{i}") for i in range(3)]
    signals_store(municipality_id=municipality.pk, rows=rows, channel=Channel.API)
    again = signals_store(municipality_id=municipality.pk, rows=rows, channel=Channel.API)
    assert again.created == 0
    assert again.conflicts == []
    assert again.household_ids == []
    assert set(again.ids) == {(partner.pk, f"R-{i}") for i in range(3)}
    assert Signal.objects.count() == 3


def test_a_stored_reference_with_other_content_is_a_conflict_with_its_line(world, municipality):
    pop, partner, signal_type = world
    signals_store(
        municipality_id=municipality.pk,
        rows=[row(pop, partner, signal_type, reference="R-1")],
        channel=Channel.API,
    )
    outcome = signals_store(
        municipality_id=municipality.pk,
        rows=[
            row(pop, partner, signal_type, reference="R-1", note="anders", line=7),
            row(pop, partner, signal_type, reference="R-2", line=8),
        ],
        channel=Channel.FILE,
    )
    assert outcome.conflicts == [(7, STORED_OTHER_CONTENT)]
    assert Signal.objects.get(reference="R-1").note == ""  # the stored one is left as it was


def test_the_same_reference_twice_in_one_call_with_other_content(world, municipality):
    pop, partner, signal_type = world
    outcome = signals_store(
        municipality_id=municipality.pk,
        rows=[
            row(pop, partner, signal_type, reference="R-1", line=2),
            row(pop, partner, signal_type, reference="R-1", line=3),  # the same: a duplicate
            row(pop, partner, signal_type, reference="R-1", note="x", line=4),
        ],
        channel=Channel.FILE,
    )
    assert outcome.conflicts == [(4, TWICE_OTHER_CONTENT)]
    assert outcome.created == 1


def test_unknown_residents_are_held_in_the_same_call(world, municipality):
    pop, partner, signal_type = world
    outcome = signals_store(
        municipality_id=municipality.pk,
        rows=[
            held_row(partner, signal_type, reference="H-1"),
            row(pop, partner, signal_type, reference="R-1"),
        ],
        channel=Channel.FILE,
    )
    assert outcome.created == 2 and outcome.held == 1
    assert outcome.household_ids == [pop.households[0].pk]  # the held one counts for no rule
    held = UnmatchedSubject.objects.get()
    assert held.signal.reference == "H-1" and held.signal.household_id is None
    assert held.bsn == NEWCOMER and held.person_pseudonym
    assert held.outcome == UnmatchedSubject.Outcome.WAITING
    # again: nothing twice, not even the held identifiers
    again = signals_store(
        municipality_id=municipality.pk,
        rows=[held_row(partner, signal_type, reference="H-1")],
        channel=Channel.FILE,
    )
    assert (again.created, again.held) == (0, 0)
    assert UnmatchedSubject.objects.count() == 1


def test_partners_keep_their_own_references(world, municipality):
    pop, partner, signal_type = world
    other = PartnerOrganisationFactory(municipality=municipality)
    outcome = signals_store(
        municipality_id=municipality.pk,
        rows=[
            row(pop, partner, signal_type, reference="R-1"),
            row(pop, other, signal_type, reference="R-1", note="eigen"),
        ],
        channel=Channel.FILE,
    )
    assert outcome.created == 2 and outcome.conflicts == []


def test_a_large_call_streams_and_keeps_the_same_rules(world, municipality):
    """From COPY_FROM rows on PostgreSQL the rows are streamed (COPY); on SQLite inserted in
    statements of many rows. The outcome is the same."""
    pop, partner, signal_type = world
    first = [
        row(pop, partner, signal_type, index=i % 3, reference=f"B-{i}", line=i + 2)
        for i in range(COPY_FROM)
    ]
    first.append(held_row(partner, signal_type, reference="B-held", line=COPY_FROM + 2))
    outcome = signals_store(municipality_id=municipality.pk, rows=first, channel=Channel.FILE)
    assert outcome.created == COPY_FROM + 1 and outcome.held == 1
    assert Signal.objects.filter(reference__startswith="B-").count() == COPY_FROM + 1
    assert UnmatchedSubject.objects.get().signal.reference == "B-held"
    changed = list(first)
    changed[5] = row(pop, partner, signal_type, reference="B-5", note="anders", line=7)
    again = signals_store(municipality_id=municipality.pk, rows=changed, channel=Channel.FILE)
    assert again.created == 0
    assert again.conflicts == [(7, STORED_OTHER_CONTENT)]


def test_the_stored_row_is_what_the_orm_would_store(world, municipality):
    pop, partner, signal_type = world
    signals_store(
        municipality_id=municipality.pk,
        rows=[row(pop, partner, signal_type, reference="R-1", note="toelichting")],
        channel=Channel.FORM,
    )
    signal = Signal.objects.get(reference="R-1")
    signal.full_clean()  # every field valid, as if saved through the model
    assert signal.withdrawn_reason == "" and signal.withdrawn_on is None
    assert signal.created_at is not None and signal.updated_at is not None


SRC = Path(__file__).resolve().parents[2]
# Creating a Signal row outside the one service: the ORM's create calls, or SQL into its table.
CREATE = re.compile(
    r"\bSignal\.objects\.(create|bulk_create|get_or_create|update_or_create)\b"
    r"|\bSignal\(\s*\n?\s*(municipality|signal_type|household|pk)="
    r"|INSERT INTO \{?(Signal\._meta\.db_table|signals_signal)"
)


def test_no_module_but_the_service_creates_signal_rows():
    allowed = {"signals/services.py"}
    offenders = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or relative in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        if CREATE.search(text):
            offenders.append(relative)
    assert not offenders, f"create signals through signals.services.signals_store: {offenders}"


def test_the_check_finds_a_direct_write():
    assert CREATE.search("Signal.objects.bulk_create(rows)")
    assert CREATE.search('f"INSERT INTO {Signal._meta.db_table} (municipality_id"')
    assert CREATE.search("Signal(\n    municipality=m,")
    assert not CREATE.search("DebtSignal.objects.create(")


def test_the_generic_mover_refuses_signals():
    """The importer's set-based mover (decisions, debt signals) never moves signals."""
    from stabiel.signals.importing import staging
    from stabiel.signals.importing.specs import SPECS

    with pytest.raises(ValueError, match="signals_store"):
        staging.move(SPECS["signals"][0], batch_id=1, municipality_id=1, partner_id=1, extra={})


@pytest.mark.parametrize("channel", [Channel.API, Channel.FORM])
def test_a_partners_signal_is_announced_in_the_background(
    world, municipality, monkeypatch, django_capture_on_commit_callbacks, channel
):
    """Known or not, the partner's request does the same work: store, and (known) queue the
    rules; the rules never run while the partner waits for the answer."""
    from stabiel.signals import tasks
    from stabiel.signals.services import signal_record

    pop, partner, _signal_type = world
    queued, inline = [], []

    class Queue:
        def enqueue(self, *args):
            queued.append(args)

    monkeypatch.setattr(tasks, "households_touched_announce", Queue())
    monkeypatch.setattr(services, "households_touched", lambda **kwargs: inline.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        signal_record(
            municipality=municipality,
            partner=partner,
            signal_type_code="huurachterstand",
            observed_on=timezone.localdate() - timedelta(days=1),
            reference="P-1",
            postcode=pop.addresses[0][0],
            house_number=pop.addresses[0][1],
            channel=channel,
        )
    assert queued == [(municipality.pk, [pop.households[0].pk], "signals")]
    assert inline == []


def test_the_background_task_announces_to_the_rules(world, municipality, monkeypatch):
    from stabiel.signals import tasks

    heard = []
    monkeypatch.setattr(services, "households_touched", lambda **kwargs: heard.append(kwargs))
    tasks.households_touched_announce.call(municipality.pk, [1, 2], "signals")
    assert heard == [
        {"municipality_id": municipality.pk, "household_ids": [1, 2], "changed": "signals"}
    ]
