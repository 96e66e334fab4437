"""The DDAS delivery validates against the model's own schema (vendored, see schema/SOURCE.md)."""

import json
from datetime import date, datetime
from pathlib import Path

import jsonschema
import pytest

from stabiel.earlywarning import services
from stabiel.earlywarning.ddas import ContactKind, Outcome, PartOfDay
from stabiel.earlywarning.models import Delivery, EarlyWarningSettings, Report

from .conftest import HEADER, row, upload

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "schema" / "ddas_uitwisselmodel_v0.9.json").read_text()
)


def validate(document: dict) -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_schema_is_strict_enough_to_fail():
    # guards the guard: a wrong code is refused by the vendored schema
    with pytest.raises(AssertionError):
        validate({"startdatumLevering": "2026-11-01", "leveringen": "nee"})


def test_delivery_of_a_worked_month_validates(world):
    EarlyWarningSettings.objects.create(
        municipality=world.municipality,
        organisation_name="Gemeente Test",
        kvk_number="12345678",
        contact_name="J. de Vries",
        contact_email="j.devries@example.org",
    )
    energy = HEADER + row("E1", surname="Berg", bsn="111222333", born="01-05-1980")
    upload(world, energy.encode(), partner=world.energy)
    rent = HEADER + row("H1", kind="Huur", surname="Berg") + row("H2", number="3", amount="5")
    upload(world, rent.encode(), partner=world.housing)
    report = Report.objects.get(signals__external_id="E1")
    for reached, day in ((False, 10), (True, 12)):
        services.attempt_record(
            actor=world.worker,
            report_id=report.pk,
            kind=ContactKind.VISIT,
            reached=reached,
            on=date(2026, 11, day),
            part_of_day=PartOfDay.EVENING,
        )
    services.outcome_set(
        actor=world.worker, report_id=report.pk, outcome=Outcome.FOLLOW_UP_FINANCIAL
    )

    delivery = services.delivery_request(
        actor=world.lead, period_start=date(2026, 11, 1), period_end=date(2026, 11, 20)
    )
    delivery.refresh_from_db()  # the immediate task backend ran it on commit
    if delivery.status == Delivery.Status.QUEUED:
        delivery = services.delivery_build(delivery.pk)
    assert delivery.status == Delivery.Status.DONE
    document = json.loads(delivery.content)
    validate(document)
    batch = document["leveringen"][0]
    assert batch["gemeentecode"] == world.municipality.cbs_code.removeprefix("GM")
    assert len(batch["vroegsignalen"]) == 3
    case = next(c for c in batch["vroegsignaalzaken"] if len(c["vroegsignalen"]) == 2)
    assert case["resultaat"] == "Vervolghulp en/of verwijzing financieel"
    assert [a["bereikt"] for a in case["contactpogingen"]] == [False, True]
    assert case["datum_opgepakt"] == "2026-11-10"
    # every reference in a report points at a signal in the delivery
    ids = {s["ID"] for s in batch["vroegsignalen"]}
    assert all(r["ID"] in ids for c in batch["vroegsignaalzaken"] for r in c["vroegsignalen"])
    # the amount under the threshold of 0? none here; the small one is still delivered
    assert {s["signaalpartner"]["type"] for s in batch["vroegsignalen"]} == {"Energie", "Huur"}


def test_empty_period_still_validates(world):
    from stabiel.earlywarning.delivery import ddas_document
    from stabiel.earlywarning.matching import settings_for

    document, signals, reports = ddas_document(
        municipality=world.municipality,
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
        config=settings_for(world.municipality.pk),
        now=datetime(2026, 2, 5, 10, 0).astimezone(),
    )
    validate(document)
    assert (signals, reports) == (0, 0)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (date(2026, 11, 1), date(2026, 10, 1), "vóór de begindatum"),
        (date(2026, 11, 1), date(2026, 12, 31), "in de toekomst"),
        (date(2024, 1, 1), date(2026, 1, 1), "hoogstens een jaar"),
    ],
)
def test_bad_period_is_refused(world, start, end, message):
    with pytest.raises(services.EarlyWarningInputError, match=message):
        services.delivery_request(actor=world.lead, period_start=start, period_end=end)
    assert not Delivery.objects.exists()


def test_worker_may_not_make_a_delivery(world):
    with pytest.raises(PermissionError):
        services.delivery_request(
            actor=world.worker, period_start=date(2026, 11, 1), period_end=date(2026, 11, 2)
        )


@pytest.mark.parametrize(
    ("enum", "choices"),
    [
        ("EnumEindresultaat", "Outcome"),
        ("EnumSignaalpartner", "PartnerType"),
        ("EnumContactsoort", "ContactKind"),
        ("EnumDagdeel", "PartOfDay"),
        ("EnumSignaalstatus", "SignalStatus"),
    ],
)
def test_code_lists_are_the_models_own(enum, choices):
    from stabiel.earlywarning import ddas

    assert set(getattr(ddas, choices).values) == set(SCHEMA["$defs"][enum]["enum"])


def test_monthly_job_makes_one_delivery_per_month(world):
    import io

    from django.core.management import call_command

    upload(world, (HEADER + row("E1", signalled="15-10-2026")).encode(), partner=world.energy)
    for _ in range(2):  # a second run (or a second server) adds nothing
        call_command("ddas_delivery_monthly", stdout=io.StringIO())
    delivery = Delivery.objects.get()
    assert (delivery.period_start, delivery.period_end) == (date(2026, 10, 1), date(2026, 10, 31))
    assert delivery.status == Delivery.Status.DONE
    validate(json.loads(delivery.content))
