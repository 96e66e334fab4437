"""Providers and offerings in the shapes of the HSDS 3.0 schemas. Pure: no queries of its own
beyond the related rows the caller loaded (see hsds.queries)."""

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Offering, Provider
from .taxonomy import Term, derived_id, term_document


def _put(document: dict, key: str, value) -> None:
    """HSDS fields are strings or absent: an empty value is left out, never null."""
    if value not in (None, ""):
        document[key] = value


def organization_list_item(provider: Provider) -> dict:
    document = {
        "id": str(provider.hsds_id),
        "name": provider.name,
        "description": provider.description,
    }
    _put(document, "email", provider.email)
    _put(document, "website", provider.website)
    return document


def location(provider: Provider) -> dict | None:
    """The provider's address as one physical location, or None without an address."""
    if not provider.address:
        return None
    location_id = str(derived_id("location", provider.hsds_id))
    document = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": str(provider.hsds_id),
        "name": provider.name,
    }
    return document


def location_full(provider: Provider) -> dict | None:
    document = location(provider)
    if document is None:
        return None
    document["addresses"] = [
        {
            "id": str(derived_id("address", provider.hsds_id)),
            "location_id": document["id"],
            "address_1": provider.address,
            "city": provider.city,
            "state_province": "",
            "postal_code": provider.postcode,
            "country": "NL",
            "address_type": "physical",
        }
    ]
    return document


def _phones(provider: Provider, **link) -> list[dict]:
    if not provider.phone:
        return []
    key = next(iter(link.values()))
    return [{"id": str(derived_id("phone", key)), "number": provider.phone, **link}]


def organization_full(provider: Provider, services: list[dict]) -> dict:
    document = organization_list_item(provider)
    document["phones"] = _phones(provider, organization_id=str(provider.hsds_id))
    place = location_full(provider)
    document["locations"] = [place] if place else []
    if provider.kvk_number:
        document["organization_identifiers"] = [
            {
                "id": str(derived_id("kvk", provider.hsds_id)),
                "organization_id": str(provider.hsds_id),
                "identifier_scheme": "NL-KVK",
                "identifier_type": _("KvK-nummer"),
                "identifier": provider.kvk_number,
            }
        ]
    document["services"] = services
    return document


def _status(offering: Offering) -> str:
    today = timezone.localdate()
    if offering.valid_from > today or (offering.valid_to and offering.valid_to < today):
        return "inactive"
    return "active"


def service_list_item(offering: Offering) -> dict:
    """The one-to-one fields of a service plus its organization (service_list.json)."""
    provider = offering.provider
    document = {
        "id": str(offering.hsds_id),
        "organization_id": str(provider.hsds_id),
        "name": offering.display_name,
        "status": _status(offering),
        "description": offering.description or offering.provision_type.description,
    }
    if offering.name:
        document["alternate_name"] = offering.provision_type.display_name
    _put(document, "url", provider.website)
    _put(document, "email", provider.email)
    process = [_("Wie beslist over toegang: %(who)s.") % {"who": offering.get_decider_display()}]
    if offering.referral_contact:
        process.append(_("Aanmelden: %(contact)s.") % {"contact": offering.referral_contact})
    document["application_process"] = " ".join(process)
    if offering.waiting_days is not None:
        document["wait_time"] = _("%(days)s dagen") % {"days": offering.waiting_days}
    _put(document, "fees_description", offering.own_contribution)
    _put(document, "eligibility_description", offering.target_group)
    document["last_modified"] = max(offering.updated_at, provider.updated_at).isoformat()
    document["organization"] = organization_list_item(provider)
    return document


def service_terms(offering: Offering, terms_by_key: dict[tuple[str, str], Term]) -> list[Term]:
    """The terms a service carries: its life domain, provision type, shell and legal frame."""
    keys = [
        ("lifedomain", offering.provision_type.life_domain.code),
        ("provisiontype", offering.provision_type.code),
        ("shell", offering.shell.code),
    ]
    if offering.legal_frame:
        keys.append(("legalframe", offering.legal_frame))
    return [terms_by_key[key] for key in keys if key in terms_by_key]


def _attributes(offering: Offering, terms: list[Term]) -> list[dict]:
    return [
        {
            "id": str(derived_id("attribute", offering.hsds_id, term.id)),
            "link_id": str(offering.hsds_id),
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": str(term.id),
            "taxonomy_term": term_document(term, with_taxonomy=False),
        }
        for term in terms
    ]


def _service_areas(offering: Offering) -> list[dict]:
    served = [(m.cbs_code, m.name) for m in offering.served_municipalities.all()]
    served += [(a.cbs_code, a.name) for a in offering.served_areas.all()]
    if not served:
        served = [(offering.municipality.cbs_code, offering.municipality.name)]
    return [
        {
            "id": str(derived_id("service_area", offering.hsds_id, code)),
            "service_id": str(offering.hsds_id),
            "name": name,
            "extent_type": "cbs",
            "extent": code,
        }
        for code, name in sorted(served)
    ]


def sal_id(offering: Offering) -> uuid.UUID:
    return derived_id("service_at_location", offering.hsds_id)


def service_full(offering: Offering, terms_by_key: dict[tuple[str, str], Term]) -> dict:
    """A fully nested service (service.json)."""
    provider = offering.provider
    document = service_list_item(offering)
    service_id = document["id"]
    document["organization"] = organization_full(provider, [])
    document["organization"].pop("services")
    document["phones"] = _phones(provider, service_id=service_id)
    document["service_areas"] = _service_areas(offering)
    document["funding"] = [
        {
            "id": str(derived_id("funding", offering.hsds_id)),
            "service_id": service_id,
            "source": str(offering.get_funder_display()),
        }
    ]
    document["attributes"] = _attributes(offering, service_terms(offering, terms_by_key))
    place = location_full(provider)
    if place is not None:
        document["service_at_locations"] = [
            {
                "id": str(sal_id(offering)),
                "service_id": service_id,
                "location_id": place["id"],
                "location": place,
            }
        ]
    return document


def service_at_location_list_item(offering: Offering) -> dict:
    place = location(offering.provider)
    if place is None:  # the caller lists only offerings of providers with an address
        raise LookupError(offering.pk)
    return {
        "id": str(sal_id(offering)),
        "service_id": str(offering.hsds_id),
        "location_id": place["id"],
        "location": place,
        "service": service_list_item(offering),
    }


def service_at_location_full(offering: Offering, terms_by_key) -> dict:
    place = location_full(offering.provider)
    if place is None:
        raise LookupError(offering.pk)
    service = service_full(offering, terms_by_key)
    service.pop("service_at_locations", None)
    return {
        "id": str(sal_id(offering)),
        "service_id": str(offering.hsds_id),
        "location_id": place["id"],
        "location": place,
        "service": service,
    }
