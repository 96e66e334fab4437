"""Early-warning files through the signals importer: matching, reports, stacking, bad input."""

import pytest

from stabiel.earlywarning.ddas import Outcome, SignalStatus
from stabiel.earlywarning.models import DebtSignal, EarlyWarningSettings, Report
from stabiel.signals.models import ImportBatch, Signal

from .conftest import HEADER, row, upload

pytestmark = pytest.mark.django_db


def test_two_creditors_at_one_address_form_one_report(world):
    energy = HEADER + row("E1", bsn="111222333", surname="Berg", prefix="van der")
    batch, _ = upload(world, energy.encode(), partner=world.energy)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    rent = HEADER + row("H1", kind="Huur", amount="1.250,50", surname="van der Berg")
    batch, _ = upload(world, rent.encode(), partner=world.housing)
    assert batch.status == ImportBatch.Status.DONE, list(batch.rejections.all())
    report = Report.objects.get()
    assert report.signal_count == 2
    assert report.several_creditors
    assert report.household == world.households[0]
    assert set(DebtSignal.objects.values_list("match", flat=True)) == {"matched"}
    assert DebtSignal.objects.get(external_id="H1").amount == 1251
    # both arrears are red flags for the stacking rules now
    assert Signal.objects.filter(household=world.households[0]).count() == 2


def test_spelling_differences_match_and_doubt_is_flagged(world):
    data = HEADER + "".join(
        [
            # accents dropped by the partner's system: still the same person
            row("A", number="3", surname="Celik", initials="O."),
            # maiden name only: one part of a double name
            row("B", postcode="3702CD", number="10", surname="de Vries", initials="M."),
            # somebody else's name at the address: a person must look
            row("C", postcode="3703EF", number="5", surname="Bakker", initials="J."),
            # an address nobody lives at
            row("D", postcode="3799ZZ", number="99", surname="Smit"),
        ]
    )
    batch, _ = upload(world, data.encode(), partner=world.energy)
    assert batch.status == ImportBatch.Status.DONE, list(batch.rejections.all())
    match = dict(DebtSignal.objects.values_list("external_id", "match"))
    assert match == {"A": "matched", "B": "matched", "C": "unsure", "D": "unmatched"}
    assert Report.objects.count() == 4
    # only the sure ones feed the stacking rules
    assert Signal.objects.count() == 2


def test_ddas_json_delivery_is_read(world):
    import json

    document = {
        "leveringen": [
            {
                "vroegsignalen": [
                    {
                        "ID": "VS-1",
                        "crisissignaal": True,
                        "warmeOverdracht": False,
                        "bedrag": 450,
                        "ontstaansdatum": "2026-09-10",
                        "signaaldatum": "2026-11-05",
                        "signaalpartner": {"type": "Water"},
                        "client": {
                            "Burgerservicenummer": "100000022",
                            "Voorvoegsel": "de",
                            "Achternaam": "Groot",
                            "Postcode": "3703EF",
                            "Huisnummer": "5",
                        },
                    }
                ]
            }
        ]
    }
    batch, _ = upload(
        world, json.dumps(document).encode(), partner=world.housing, filename="x.json"
    )
    assert batch.status == ImportBatch.Status.DONE, list(batch.rejections.all())
    signal = DebtSignal.objects.get()
    assert (signal.partner_type, signal.crisis, signal.match) == ("Water", True, "matched")
    assert signal.report.crisis


def test_threshold_and_repeat_without_growth_are_not_picked_up(world):
    EarlyWarningSettings.objects.create(municipality=world.municipality, threshold_amount=100)
    first = HEADER + row("E1", signalled="05-10-2026", amount="300", surname="Berg")
    upload(world, first.encode(), partner=world.energy)
    again = HEADER + "".join(
        [
            row("E2", signalled="05-11-2026", amount="300", surname="Berg"),
            row("E3", postcode="3702CD", number="12", amount="50", surname="Pietersen"),
        ]
    )
    batch, _ = upload(world, again.encode(), partner=world.energy)
    assert batch.status == ImportBatch.Status.DONE
    status = dict(DebtSignal.objects.values_list("external_id", "status"))
    assert status["E2"] == SignalStatus.REPEAT
    assert status["E3"] == SignalStatus.UNFOUNDED
    november = Report.objects.filter(month__month=11)
    assert set(november.values_list("outcome", flat=True)) == {Outcome.REPEAT, Outcome.UNFOUNDED}
    assert november.get(signals__external_id="E2").repeat_at_address


def test_repeat_with_grown_arrear_is_picked_up(world):
    upload(world, (HEADER + row("E1", signalled="05-10-2026", amount="300")).encode(),
           partner=world.energy)  # fmt: skip
    upload(world, (HEADER + row("E2", signalled="05-11-2026", amount="420")).encode(),
           partner=world.energy)  # fmt: skip
    signal = DebtSignal.objects.get(external_id="E2")
    assert signal.status == SignalStatus.NOT_YET
    assert signal.report.repeat_at_address
    assert signal.report.outcome == ""


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (row("X", kind="Telecom"), "Onbekende soort signaalpartner 'Telecom'"),
        (row("X", amount="veel"), "Het bedrag 'veel' is geen bedrag"),
        (row("X", amount="1,250.00"), "Het bedrag '1,250.00' is geen bedrag"),
        (row("X", amount="12,5,0"), "Het bedrag '12,5,0' is geen bedrag"),
        (row("X", bsn="123456789"), "haalt de elfproef"),
        (row("X", signalled="31-02-2026"), "De signaaldatum '31-02-2026' bestaat niet"),
        (row("X", signalled="01-12-2026"), "De signaaldatum 01-12-2026 ligt in de toekomst"),
        (row("X", arose="10-11-2026", signalled="01-11-2026"), "ontstaansdatum ligt na"),
        (row("X", crisis="misschien"), "Crisissignaal 'misschien' is geen ja of nee"),
    ],
)
def test_bad_rows_reject_the_whole_file(world, line, message):
    data = HEADER + row("OK", surname="Berg") + line
    batch, _ = upload(world, data.encode(), partner=world.energy)
    assert batch.status == ImportBatch.Status.REJECTED
    rejection = batch.rejections.get()
    assert rejection.line == 3
    assert message in rejection.reason
    assert not DebtSignal.objects.exists()
    assert not Report.objects.exists()
    assert not Signal.objects.exists()


def test_same_file_twice_changes_nothing(world):
    data = (HEADER + row("E1", surname="Berg")).encode()
    first, _ = upload(world, data, partner=world.energy)
    second, again = upload(world, data, partner=world.energy)
    assert again and second.pk == first.pk
    # the same signals in a new file (next month's delivery repeats them): nothing doubles
    data2 = (
        HEADER + row("E1", surname="Berg") + row("E9", number="3", surname="Çelik", initials="Ö.")
    ).encode()
    batch, _ = upload(world, data2, partner=world.energy, filename="december.csv")
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.created_count, batch.duplicate_count) == (1, 1)
    assert DebtSignal.objects.count() == 2
    assert Signal.objects.count() == 2


def test_same_reference_with_other_content_is_refused(world):
    upload(world, (HEADER + row("E1", amount="250")).encode(), partner=world.energy)
    batch, _ = upload(world, (HEADER + row("E1", amount="900")).encode(), partner=world.energy)
    assert batch.status == ImportBatch.Status.REJECTED
    assert "al gebruikt" in batch.rejections.get().reason
    assert DebtSignal.objects.get().amount == 250


def test_file_without_required_columns_is_refused(world):
    batch, _ = upload(world, b"kenmerk;bedrag\nX;10\n", partner=world.energy)
    assert batch.status == ImportBatch.Status.REJECTED
    assert "signaalpartner" in batch.message
    assert not DebtSignal.objects.exists()


def test_broken_json_is_refused(world):
    batch, _ = upload(world, b'{"leveringen": [', partner=world.energy, filename="x.json")
    assert batch.status == ImportBatch.Status.REJECTED
    assert "JSON" in batch.message


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_reports_and_stacking_signals_are_made_side_by_side(world):
    """The background task runs outside any transaction: on PostgreSQL the reports and the
    signals for the stacking rules are made at the same time on two connections. Both land,
    and running the batch's last step again adds nothing."""
    from stabiel.earlywarning.matching import batch_match
    from stabiel.signals.importing.pipeline import batch_process

    energy = HEADER + row("E1", bsn="111222333", surname="Berg", prefix="van der")
    energy += row("E2", postcode="3702CD", number="10", initials="M.", surname="Jansen-de Vries")
    batch, _ = upload(world, energy.encode(), partner=world.energy)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert Report.objects.count() == 2
    assert Signal.objects.filter(batch=batch).count() == 2
    again = batch_match(
        municipality_id=world.municipality.pk,
        batch_id=batch.pk,
        partner_id=world.energy.pk,
        today=batch.created_at.date(),
    )
    assert sorted(again) == sorted([world.households[0].pk, world.households[2].pk])
    assert Report.objects.count() == 2
    assert Signal.objects.filter(batch=batch).count() == 2
    assert batch_process(batch.pk).status == ImportBatch.Status.DONE
