"""The DDAS delivery: signals and reports of a period in the exchange format of the Model
Vroegsignalering (v0.9, schema/ddas_uitwisselmodel_v0.9.json), for the municipality to hand to
CBS. Reads in pieces (a large month has tens of thousands of signals)."""

from collections import defaultdict
from datetime import UTC, date, datetime

from django.db.models import Q

from .ddas import SignalStatus
from .models import ContactAttempt, DebtSignal, EarlyWarningSettings, Report

CHUNK = 5_000


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _client(s: dict) -> dict:
    fields = {
        "Burgerservicenummer": s["bsn"],
        "Voorletters": s["initials"],
        "Voorvoegsel": s["surname_prefix"],
        "Achternaam": s["surname"],
        "Geboortedatum": _day(s["birth_date"]),
        "Straatnaam": s["street"],
        "Postcode": s["postcode"],
        "Huisnummer": s["house_number"],
        "Huisnummertoevoeging": s["house_number_suffix"],
        "Plaatsnaam": s["city"],
    }
    return {k: v for k, v in fields.items() if v}


def _status(s: dict) -> str | None:
    """The signal's DDAS status; a picked-up signal has none in the model's list."""
    if s["status"] != SignalStatus.NOT_YET:
        return s["status"]
    if s["report__picked_up_on"] is None and not s["report__outcome"]:
        return SignalStatus.NOT_YET.value
    return None


SIGNAL_FIELDS = (
    "id",
    "external_id",
    "partner_id",
    "crisis",
    "warm_handover",
    "amount",
    "arose_on",
    "signalled_on",
    "status",
    "partner_type",
    "bsn",
    "initials",
    "surname_prefix",
    "surname",
    "birth_date",
    "street",
    "postcode",
    "house_number",
    "house_number_suffix",
    "city",
    "report__pk",
    "report__picked_up_on",
    "report__outcome",
)


def delivery_id(s: dict) -> str:
    # The partner's id is unique per partner; the delivery needs one id across partners.
    return f"{s['partner_id'] or 0}-{s['external_id']}"


def ddas_document(
    *, municipality, start: date, end: date, config: EarlyWarningSettings, now: datetime
) -> tuple[dict, int, int]:
    """(document, number of signals, number of reports). Reports: those with a signal in the
    period; signals: those of these reports (so every reference resolves)."""
    reports = list(
        Report.objects.filter(municipality=municipality)
        .filter(
            Q(signals__signalled_on__gte=start) & Q(signals__signalled_on__lte=end),
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    signals_out, cases_out = [], []
    for offset in range(0, len(reports), CHUNK):
        part = reports[offset : offset + CHUNK]
        attempts = defaultdict(list)
        for report_id, kind, reached, on, part_of_day in (
            ContactAttempt.objects.filter(report_id__in=part)
            .order_by("on", "pk")
            .values_list("report_id", "kind", "reached", "on", "part_of_day")
        ):
            attempts[report_id].append(
                {
                    "soort": kind,
                    "bereikt": reached,
                    "datum": on.isoformat(),
                    "dagdeel": part_of_day or None,
                }
            )
        ids = defaultdict(list)
        for s in (
            DebtSignal.objects.filter(report__pk__in=part)
            .order_by("report__pk", "signalled_on", "pk")
            .values(*SIGNAL_FIELDS)
        ):
            signal = {
                "ID": delivery_id(s),
                "crisissignaal": s["crisis"],
                "warmeOverdracht": s["warm_handover"],
                "bedrag": s["amount"],
                "ontstaansdatum": _day(s["arose_on"]),
                "signaaldatum": _day(s["signalled_on"]),
                "status": _status(s),
                "signaalpartner": {"type": s["partner_type"]},
                "client": _client(s),
            }
            signals_out.append({k: v for k, v in signal.items() if v is not None})
            ids[s["report__pk"]].append({"ID": signal["ID"]})
        for r in (
            Report.objects.filter(pk__in=part)
            .order_by("pk")
            .values("pk", "outcome", "matched_on", "period_start", "period_end", "picked_up_on")
        ):
            case = {
                "resultaat": r["outcome"] or None,
                "matchingsdatum": _day(r["matched_on"]),
                # the model's own spelling of this field name
                "startdatum_matchtingperiode": _day(r["period_start"]),
                "datum_opgepakt": _day(r["picked_up_on"]),
                "einddatum_matchingperiode": _day(r["period_end"]),
                "vroegsignalen": ids[r["pk"]],
                "contactpogingen": attempts.get(r["pk"], []),
            }
            cases_out.append({k: v for k, v in case.items() if v is not None})
    organisation = {"naam": config.organisation_name or municipality.name}
    if config.kvk_number:
        organisation["kvk-nummer"] = config.kvk_number
    if config.contact_name:
        contact = {
            "naam": config.contact_name,
            "telefoonnummer": config.contact_phone,
            "email": config.contact_email,
            "functietitel": config.contact_title,
        }
        organisation["contactpersoonen"] = [{k: v for k, v in contact.items() if v}]
    document = {
        "startdatumLevering": start.isoformat(),
        "einddatumLevering": end.isoformat(),
        "aanleverdatumEnTijd": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "codeGegevensleverancier": config.supplier_code or "STABIEL",
        "leveringen": [
            {
                "teller": 1,
                "gemeentecode": municipality.cbs_code.removeprefix("GM"),
                "aanleverende_organisatie": organisation,
                "vroegsignalen": signals_out,
                "vroegsignaalzaken": cases_out,
            }
        ],
    }
    return document, len(signals_out), len(cases_out)
