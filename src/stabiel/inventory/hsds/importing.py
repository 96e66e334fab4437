"""Import of an HSDS 3.0 feed from another directory onto providers and offerings.

The file is JSON: a page of the HSDS API (`{"contents": [...]}`), a list of services, or one
service. Every service must validate against the specification's compiled `service.json` and
carry an `organization`. The provision type comes from a taxonomy term whose code or name is a
provision type of the catalogue (code, name or one of its other names); the shell and legal
frame from terms with their codes (`informeel`, `sociaal-domein`, `wmo`, …), else informal help.
Checked as a whole first, like the CSV/XLSX file: every rejected service with its number and
the reason in Dutch, nothing stored unless all are right. A service is matched on a second import
by its id in the source, so the same feed twice changes nothing.
"""

import json
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stabiel.catalogue.models import ProvisionType, Shell

from .. import queries, rules
from ..checks import offering_problems
from ..exchange import ExchangeFileError, Preview, Row, _count_changes, _model_problems
from ..models import Funder, LegalFrame, Offering, Provider
from . import schemas

MAX_ITEMS = 20_000
DEFAULT_FUNDER = Funder.OWN_MEANS
DEFAULT_DECIDER = "aanbieder"
KIND_WORDS = {
    "string": gettext_lazy("tekst"),
    "number": gettext_lazy("een getal"),
    "integer": gettext_lazy("een heel getal"),
    "array": gettext_lazy("een lijst"),
    "object": gettext_lazy("een object"),
    "boolean": gettext_lazy("true of false"),
}


def looks_like_json(content: bytes) -> bool:
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def read_feed(content: bytes) -> list:
    """The services in an HSDS JSON file, or ExchangeFileError with a Dutch message."""
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ExchangeFileError(
            _("Het HSDS-bestand is niet in UTF-8 opgeslagen (fout bij byte %(pos)s).")
            % {"pos": exc.start + 1}
        ) from exc
    except json.JSONDecodeError as exc:
        raise ExchangeFileError(
            _("Het HSDS-bestand is geen geldige JSON (regel %(line)s, kolom %(col)s).")
            % {"line": exc.lineno, "col": exc.colno}
        ) from exc
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        items = document["contents"]
    elif isinstance(document, list):
        items = document
    elif isinstance(document, dict) and "id" in document:
        items = [document]
    else:
        raise ExchangeFileError(
            _(
                "Het HSDS-bestand heeft geen diensten: verwacht een pagina met 'contents', "
                "een lijst van diensten of één dienst."
            )
        )
    if not items:
        raise ExchangeFileError(_("Het HSDS-bestand heeft geen diensten."))
    if len(items) > MAX_ITEMS:
        raise ExchangeFileError(_("Het HSDS-bestand heeft meer dan 20.000 diensten."))
    return items


def _schema_reason(error) -> str:
    """One schema error in plain Dutch, with where it is."""
    where = ".".join(str(p) for p in error.absolute_path) or _("de dienst")
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return _("%(where)s: het veld '%(field)s' ontbreekt") % {
            "where": where,
            "field": missing[0] if missing else "?",
        }
    if error.validator == "type":
        return _("%(where)s: moet %(kind)s zijn") % {
            "where": where,
            "kind": KIND_WORDS.get(str(error.validator_value), str(error.validator_value)),
        }
    if error.validator == "format":
        return _("%(where)s: is geen geldige %(format)s") % {
            "where": where,
            "format": error.validator_value,
        }
    if error.validator == "enum":
        return _("%(where)s: moet een van deze zijn: %(values)s") % {
            "where": where,
            "values": ", ".join(str(v) for v in error.validator_value),
        }
    return _("%(where)s: klopt niet met het HSDS-schema") % {"where": where}


def _terms(service: dict) -> list[dict]:
    found = []
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if isinstance(term, dict):
            found.append(term)
    return found


def _words(term: dict) -> list[str]:
    return [str(term.get(k) or "").strip().lower() for k in ("code", "name") if term.get(k)]


def _provision_type(terms: list[dict], types: list[ProvisionType]):
    index: dict[str, ProvisionType] = {}
    for ptype in types:
        for word in [ptype.code, ptype.name, ptype.display_name, *ptype.alias_list]:
            index.setdefault(word.strip().lower(), ptype)
    for term in terms:
        for word in _words(term):
            if word in index:
                return index[word]
    return None


def _first(items, *keys):
    """The first nested value along keys in a list of objects, or ''."""
    for item in items or []:
        value = item
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, list):
                value = value[0] if value else None
        if value not in (None, ""):
            return value
    return ""


def _waiting_days(text: str):
    found = re.fullmatch(r"\s*(\d{1,4})\s*(dagen|dag|days|day)?\s*", text or "")
    return int(found.group(1)) if found else None


def _funder(service: dict) -> str:
    labels = {str(label).lower(): value for value, label in Funder.choices}
    for funding in service.get("funding") or []:
        source = str(funding.get("source") or "").strip().lower()
        if source in Funder.values:
            return source
        if source in labels:
            return labels[source]
    return DEFAULT_FUNDER


def _provider_fields(service: dict) -> dict:
    organization = service["organization"]
    address = _first(organization.get("locations"), "addresses") or _first(
        service.get("service_at_locations"), "location", "addresses"
    )
    address = address if isinstance(address, dict) else {}
    kvk = ""
    for identifier in organization.get("organization_identifiers") or []:
        if str(identifier.get("identifier_scheme", "")).upper() == "NL-KVK":
            kvk = str(identifier.get("identifier", ""))
    return {
        "name": str(organization.get("name", "")).strip()[:200],
        "kvk_number": kvk,
        "phone": str(
            _first(organization.get("phones"), "number") or _first(service.get("phones"), "number")
        )[:40],
        "email": organization.get("email", "") or "",
        "website": organization.get("website", "") or "",
        "address": str(address.get("address_1", ""))[:200],
        "postcode": str(address.get("postal_code", ""))[:7],
        "city": str(address.get("city", ""))[:100],
        "description": organization.get("description", "") or "",
    }


def _provider_problems(fields: dict) -> list[str]:
    try:
        Provider(**fields).full_clean(exclude=["municipality", "hsds_id"])
    except ValidationError as exc:
        return [
            f"organization.{name}: {' '.join(messages)}"
            for name, messages in exc.message_dict.items()
        ]
    return []


def check_feed(*, actor, items: list) -> Preview:
    """Map every service onto a row as the file import has them, with every problem in Dutch."""
    types = list(queries.provision_types(actor=actor))
    shells = {s.code: s for s in queries.shells(actor=actor)}
    known_ids = dict(
        Offering.objects.filter(municipality=actor.municipality)
        .exclude(source_id="")
        .values_list("source_id", "valid_from")
    )
    today = timezone.localdate()
    rows: list[Row] = []
    errors: list[tuple[int, str]] = []
    providers_seen: dict[str, tuple[int, dict]] = {}
    for number, service in enumerate(items, start=1):
        label = _("dienst %(n)s") % {"n": number}
        if isinstance(service, dict) and service.get("name"):
            label = f"{label} ({str(service['name'])[:60]})"
        if not isinstance(service, dict):
            errors.append((number, _("%(label)s: is geen object") % {"label": label}))
            continue
        problems = [_schema_reason(e) for e in schemas.validator("service").iter_errors(service)]
        if not problems and not isinstance(service.get("organization"), dict):
            problems.append(_("de dienst noemt geen organisatie (organization)"))
        if not problems and service.get("status") != "active":
            problems.append(
                _("status is '%(s)s': alleen actief aanbod kan worden ingelezen")
                % {"s": service.get("status")}
            )
        if problems:
            errors.append((number, f"{label}: " + "; ".join(problems[:5])))
            continue
        terms = _terms(service)
        codes = {w for t in terms for w in _words(t)}
        provision_type = _provision_type(terms, types)
        if provision_type is None:
            problems.append(
                _(
                    "geen bekende soort voorziening: geef de dienst een taxonomieterm met de "
                    "code of naam van een soort uit de catalogus (bijvoorbeeld maatjesproject)"
                )
            )
        shell_codes = [c for c in shells if c in codes]
        shell = shells.get(shell_codes[0] if shell_codes else rules.INFORMAL)
        frames = [f for f in LegalFrame.values if f in codes]
        access = "algemeen" if shell is not None and shell.code == rules.SOCIAL_DOMAIN else ""
        source_id = str(service["id"])
        offering = {
            "name": str(service["name"]).strip()[:200],
            "description": service.get("description", "") or "",
            "legal_frame": frames[0] if frames else "",
            "access_kind": "maatwerk" if "maatwerk" in codes and access else access,
            "target_group": (service.get("eligibility_description") or "")[:300],
            "group_welcome": "onbekend",
            "group_uses": "onbekend",
            "capacity": None,
            "capacity_unit": "",
            "used_last_year": None,
            "waiting_days": _waiting_days(service.get("wait_time", "")),
            "approach": service.get("application_process", "") or "",
            "own_contribution": (service.get("fees_description") or "")[:200],
            "contracted": False,
            "pgb_possible": False,
            "funder": _funder(service),
            "decider": DEFAULT_DECIDER,
            "innovative": False,
            "referral_contact": "",
            "valid_from": known_ids.get(source_id, today),
            "valid_to": None,
            "source_id": source_id[:100],
        }
        provider = _provider_fields(service)
        problems.extend(_provider_problems(provider))
        key = provider["name"].lower()
        if key in providers_seen and providers_seen[key][1] != provider:
            problems.append(
                _("organisatie '%(name)s' staat ook bij dienst %(n)s, maar met andere gegevens")
                % {"name": provider["name"], "n": providers_seen[key][0]}
            )
        providers_seen.setdefault(key, (number, provider))
        if provision_type is not None and shell is not None:
            found = offering_problems(
                actor=actor, provision_type=provision_type, shell=shell, fields=offering
            )
            found.update(_model_problems(offering))
            problems.extend(found.values())
        if problems:
            errors.append((number, f"{label}: " + "; ".join(problems)))
            continue
        rows.append(
            Row(
                line=number,
                provider=provider,
                offering=offering,
                provision_type=provision_type,
                shell=shell if isinstance(shell, Shell) else None,
            )
        )
    ids = [r.offering["source_id"] for r in rows]
    if len(ids) != len(set(ids)):
        errors.append((0, _("Twee diensten hebben hetzelfde id.")))
    preview = Preview(rows=rows, errors=errors)
    if preview.ok:
        _count_changes(actor=actor, preview=preview)
    return preview
