"""The HSDS 3.0 API: read-only JSON, paged as the specification's Page object, errors as
problem details (RFC 9457) in Dutch, and the API-Version header (NLGov API Design Rules)."""

import copy
import json
import math
import uuid
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import publish, queries, schemas, taxonomy

API_VERSION = "3.0.0"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class ParameterError(ValueError):
    def __init__(self, name: str, reason: str):
        self.name = name
        self.reason = reason
        super().__init__(reason)


def _headers(response: JsonResponse) -> JsonResponse:
    response["API-Version"] = API_VERSION
    # Open data, read-only and without cookies: any web page may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(document, status: int = 200) -> JsonResponse:
    return _headers(
        JsonResponse(document, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    )


def _problem(request: HttpRequest, status: int, title: str, detail: str, params=()) -> JsonResponse:
    body = {
        "type": f"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if params:
        body["invalid-params"] = [{"name": n, "reason": r} for n, r in params]
    response = _json(body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


def _not_found(request: HttpRequest) -> JsonResponse:
    return _problem(
        request,
        404,
        _("Niet gevonden"),
        _("Dit bestaat niet, of deze gemeente publiceert haar sociale kaart niet."),
    )


def _bad_parameter(request: HttpRequest, exc: ParameterError) -> JsonResponse:
    return _problem(
        request,
        400,
        _("De vraag klopt niet"),
        _("Een of meer parameters kloppen niet. Zie invalid-params."),
        [(exc.name, exc.reason)],
    )


def _int(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ParameterError(
            name,
            _("Vul een heel getal in van %(low)s tot en met %(high)s.")
            % {"low": low, "high": high},
        )
    return int(raw)


def _bool(request, name: str) -> bool:
    raw = request.GET.get(name, "").lower()
    if raw in ("", "false"):
        return False
    if raw == "true":
        return True
    raise ParameterError(name, _("Vul true of false in."))


def _uuid(request, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise ParameterError(name, _("Dit is geen geldig id (een UUID).")) from exc


def _datetime(request, name: str) -> datetime | None:
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    try:
        found = parse_datetime(raw)
    except ValueError:
        found = None
    if found is None:
        raise ParameterError(name, _("Vul een datum en tijd in zoals 2026-01-31T09:00:00+01:00."))
    return make_aware(found) if is_naive(found) else found


def _common(request) -> tuple[int, int, str]:
    if request.GET.get("format", "json") != "json":
        raise ParameterError("format", _("Deze API geeft alleen json."))
    search = request.GET.get("search", "")
    if len(search) > 200:
        raise ParameterError("search", _("Zoek met hoogstens 200 tekens."))
    return (
        _int(request, "page", 1, 1, 100_000),
        _int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        search,
    )


def _page(items, *, page: int, per_page: int, render) -> dict:
    """The specification's Page object around one page of rendered items."""
    total = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    pages = max(1, math.ceil(total / per_page))
    chunk = list(items[(page - 1) * per_page : page * per_page])
    contents = [render(item) for item in chunk]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": total == 0,
        "contents": contents,
    }


def hsds_api(view):
    """Find the publishing municipality, answer GET and HEAD only, and turn bad parameters
    into a 400 problem and unknown things into a 404 problem."""

    @require_safe
    def wrapped(request, cbs_code: str, **kwargs):
        municipality = queries.published_municipality(cbs_code=cbs_code)
        if municipality is None:
            return _not_found(request)
        try:
            return view(request, municipality, **kwargs)
        except ParameterError as exc:
            return _bad_parameter(request, exc)
        except LookupError:
            return _not_found(request)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise LookupError(raw) from exc


def _terms_by_key(municipality) -> dict:
    return {(t.kind, t.code): t for t in taxonomy.terms(municipality=municipality)}


@hsds_api
def api_root(request, municipality):
    return _json(
        {
            "version": schemas.HSDS_VERSION,
            "profile": "https://github.com/openreferral/specification/tree/3.0",
            "openapi_url": request.build_absolute_uri(
                reverse("hsds:openapi", kwargs={"cbs_code": municipality.cbs_code})
            ),
        }
    )


@hsds_api
def openapi(request, municipality):
    """The specification's OpenAPI document with this municipality's title and server."""
    document = copy.deepcopy(_openapi_template())
    contact = settings.SPECTACULAR_SETTINGS.get("CONTACT", {})
    document["info"] = {
        "title": _("Sociale kaart van %(name)s (Open Referral HSDS 3.0)")
        % {"name": municipality.name},
        "version": API_VERSION,
        "summary": _("Aanbieders en hun aanbod in de regio, alleen lezen."),
        "description": _(
            "De sociale kaart van de gemeente in de vorm van de Human Services Data "
            "Specification 3.0 van Open Referral. Er staan geen gegevens van inwoners in."
        ),
        "contact": contact,
        "license": {
            "name": "CC-BY-SA-4.0",
            "url": "https://creativecommons.org/licenses/by-sa/4.0/",
        },
    }
    document["servers"] = [
        {
            "url": request.build_absolute_uri(
                reverse("hsds:root", kwargs={"cbs_code": municipality.cbs_code})
            ).rstrip("/")
        }
    ]
    return _json(document)


def _openapi_template() -> dict:
    return json.loads((schemas.SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))


@hsds_api
def service_list(request, municipality):
    page, per_page, search = _common(request)
    full = _bool(request, "full")
    minimal = _bool(request, "minimal")
    term_id = _uuid(request, "taxonomy_term_id")
    taxonomy_id = _uuid(request, "taxonomy_id")
    terms = _terms_by_key(municipality)
    term = None
    if term_id is not None:
        term = next((t for t in terms.values() if t.id == term_id), None)
    known = {taxonomy.taxonomy_id(taxonomy.PROVISIONS), taxonomy.taxonomy_id(taxonomy.SHELLS)}
    items = queries.services_filtered(
        municipality=municipality,
        search=search,
        term=term,
        taxonomy_known=taxonomy_id is None or taxonomy_id in known,
        organization_id=_uuid(request, "organization_id"),
        modified_after=_datetime(request, "modified_after"),
    )
    if term_id is not None and term is None:
        items = items.none()
    if minimal:
        render = lambda o: {  # noqa: E731
            "id": str(o.hsds_id),
            "name": o.display_name,
            "status": "active",
            "last_modified": max(o.updated_at, o.provider.updated_at).isoformat(),
        }
    elif full:
        items = queries.service_full(items)
        render = lambda o: publish.service_full(o, terms)  # noqa: E731
    else:
        render = publish.service_list_item
    return _json(_page(items, page=page, per_page=per_page, render=render))


@hsds_api
def service_detail(request, municipality, id: str):
    found = (
        queries.service_full(queries.services(municipality=municipality))
        .filter(hsds_id=_id(id))
        .first()
    )
    if found is None:
        raise LookupError(id)
    return _json(publish.service_full(found, _terms_by_key(municipality)))


def _services_of(municipality, provider_ids) -> dict[int, list]:
    found: dict[int, list] = {}
    for offering in queries.services(municipality=municipality).filter(
        provider_id__in=provider_ids
    ):
        found.setdefault(offering.provider_id, []).append(offering)
    return found


@hsds_api
def organization_list(request, municipality):
    page, per_page, search = _common(request)
    full = _bool(request, "full") or _bool(request, "full_service")
    items = queries.organizations(municipality=municipality)
    for word in search.split()[:6]:
        items = items.filter(name__icontains=word)
    if not full:
        return _json(
            _page(items, page=page, per_page=per_page, render=publish.organization_list_item)
        )
    chunk_ids = list(items.values_list("pk", flat=True)[(page - 1) * per_page : page * per_page])
    services = _services_of(municipality, chunk_ids)
    return _json(
        _page(
            items,
            page=page,
            per_page=per_page,
            render=lambda p: publish.organization_full(
                p, [publish.service_list_item(o) for o in services.get(p.pk, [])]
            ),
        )
    )


@hsds_api
def organization_detail(request, municipality, id: str):
    provider = queries.organizations(municipality=municipality).filter(hsds_id=_id(id)).first()
    if provider is None:
        raise LookupError(id)
    services = _services_of(municipality, [provider.pk]).get(provider.pk, [])
    return _json(
        publish.organization_full(provider, [publish.service_list_item(o) for o in services])
    )


def _located(municipality):
    return queries.services(municipality=municipality).exclude(provider__address="")


@hsds_api
def service_at_location_list(request, municipality):
    page, per_page, search = _common(request)
    term_id = _uuid(request, "taxonomy_term_id")
    term = None
    if term_id is not None:
        term = next((t for t in taxonomy.terms(municipality=municipality) if t.id == term_id), None)
    items = queries.services_filtered(
        municipality=municipality,
        search=search,
        term=term,
        organization_id=_uuid(request, "organization_id"),
        modified_after=_datetime(request, "modified_after"),
    ).exclude(provider__address="")
    if term_id is not None and term is None:
        items = items.none()
    if _bool(request, "full"):
        terms = _terms_by_key(municipality)
        items = queries.service_full(items)
        render = lambda o: publish.service_at_location_full(o, terms)  # noqa: E731
    else:
        render = publish.service_at_location_list_item
    return _json(_page(items, page=page, per_page=per_page, render=render))


@hsds_api
def service_at_location_detail(request, municipality, id: str):
    wanted = _id(id)
    # The id is derived from the service's id; the published set is small enough to look.
    for offering in queries.service_full(_located(municipality)):
        if publish.sal_id(offering) == wanted:
            return _json(publish.service_at_location_full(offering, _terms_by_key(municipality)))
    raise LookupError(id)


@hsds_api
def taxonomy_list(request, municipality):
    page, per_page, search = _common(request)
    items = [
        t
        for t in taxonomy.taxonomies()
        if all(w.lower() in t["name"].lower() for w in search.split())
    ]
    return _json(_page(items, page=page, per_page=per_page, render=lambda t: t))


@hsds_api
def taxonomy_detail(request, municipality, id: str):
    wanted = str(_id(id))
    for item in taxonomy.taxonomies():
        if item["id"] == wanted:
            return _json(item)
    raise LookupError(id)


@hsds_api
def taxonomy_term_list(request, municipality):
    page, per_page, search = _common(request)
    taxonomy_id = _uuid(request, "taxonomy_id")
    parent_id = _uuid(request, "parent_id")
    top_only = _bool(request, "top_only")
    items = taxonomy.terms(municipality=municipality)
    if taxonomy_id is not None:
        items = [t for t in items if taxonomy.taxonomy_id(t.taxonomy) == taxonomy_id]
    if parent_id is not None:
        items = [t for t in items if t.parent_id == parent_id]
    if top_only:
        items = [t for t in items if t.parent_id is None]
    for word in search.lower().split()[:6]:
        items = [t for t in items if word in t.name.lower() or word in t.code]
    return _json(_page(items, page=page, per_page=per_page, render=taxonomy.term_document))


@hsds_api
def taxonomy_term_detail(request, municipality, id: str):
    wanted = _id(id)
    for term in taxonomy.terms(municipality=municipality):
        if term.id == wanted:
            return _json(taxonomy.term_document(term))
    raise LookupError(id)
