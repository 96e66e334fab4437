"""Every error of the partner API as problem details (RFC 9457), in plain Dutch.

DRF raises its own exceptions (wrong method, bad JSON, no token); this handler turns each into
`application/problem+json` with type, title, status, detail and instance, and a validation error
into `invalid-params` (name, reason) as the NLGov API Design Rules ask.
"""

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings

from stabiel.core.unavailable import (
    RETRY_AFTER_SECONDS,
    UNAVAILABLE_DETAIL,
    UNAVAILABLE_TITLE,
    is_database_unavailable,
)

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemKind:
    """One kind of problem: its slug (the anchor of its `type` URI), title and usual detail."""

    slug: str
    status: int
    title: str
    detail: str


INVALID_INPUT = ProblemKind(
    "ongeldige-invoer",
    400,
    "De gegevens kloppen niet",
    "Een of meer velden kloppen niet. Zie invalid-params.",
)
INVALID_JSON = ProblemKind(
    "ongeldige-json",
    400,
    "De inhoud is geen geldige JSON",
    "De inhoud van het verzoek is geen geldige JSON. Controleer aanhalingstekens, komma's en haakjes.",
)
NOT_AUTHENTICATED = ProblemKind(
    "geen-sleutel",
    401,
    "Geen geldige sleutel",
    "Stuur uw sleutel mee in de kop Authorization, zo: Authorization: Token <uw sleutel>.",
)
FORBIDDEN = ProblemKind(
    "geen-toegang", 403, "Geen toegang", "Met deze sleutel mag u dit niet doen."
)
NOT_FOUND = ProblemKind(
    "niet-gevonden",
    404,
    "Niet gevonden",
    "Dit adres bestaat niet in de API. De adressen eindigen zonder schuine streep; zie /api/docs/.",
)
METHOD_NOT_ALLOWED = ProblemKind(
    "methode-niet-toegestaan",
    405,
    "Methode niet toegestaan",
    "Dit adres kent deze methode niet. De kop Allow noemt de methoden die wel kunnen.",
)
NOT_ACCEPTABLE = ProblemKind(
    "niet-acceptabel",
    406,
    "Antwoordvorm niet mogelijk",
    "De API antwoordt alleen in JSON. Vraag om Accept: application/json.",
)
CONFLICT = ProblemKind(
    "kenmerk-al-gebruikt",
    409,
    "Kenmerk al gebruikt",
    "Dit kenmerk is al gebruikt voor een ander signaal. Gebruik een nieuw kenmerk.",
)
UNSUPPORTED_MEDIA_TYPE = ProblemKind(
    "geen-json",
    415,
    "Alleen JSON",
    "Stuur de gegevens als JSON, met de kop Content-Type: application/json.",
)
THROTTLED = ProblemKind(
    "te-veel-verzoeken", 429, "Te veel verzoeken", "U stuurt te veel verzoeken. Wacht even."
)
SERVICE_UNAVAILABLE = ProblemKind(
    "even-niet-bereikbaar", 503, UNAVAILABLE_TITLE, UNAVAILABLE_DETAIL
)
SERVER_ERROR = ProblemKind(
    "serverfout",
    500,
    "Fout in Stabiel",
    "Er ging iets mis bij de gemeente. Stuur dezelfde melding later opnieuw, met hetzelfde "
    "kenmerk: dan wordt niets dubbel opgeslagen. Blijft het misgaan, neem dan contact op met "
    "de gemeente.",
)

PROBLEM_KINDS = (
    INVALID_INPUT,
    INVALID_JSON,
    NOT_AUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    CONFLICT,
    UNSUPPORTED_MEDIA_TYPE,
    THROTTLED,
    SERVICE_UNAVAILABLE,
    SERVER_ERROR,
)

# DRF's own exceptions carry English (or machine-translated) details; these get ours.
_KIND_FOR_DRF = (
    (exceptions.ParseError, INVALID_JSON),
    (exceptions.NotAuthenticated, NOT_AUTHENTICATED),
    (exceptions.AuthenticationFailed, NOT_AUTHENTICATED),
    (exceptions.PermissionDenied, FORBIDDEN),
    (exceptions.NotFound, NOT_FOUND),
    (exceptions.MethodNotAllowed, METHOD_NOT_ALLOWED),
    (exceptions.NotAcceptable, NOT_ACCEPTABLE),
    (exceptions.UnsupportedMediaType, UNSUPPORTED_MEDIA_TYPE),
    (exceptions.Throttled, THROTTLED),
)


# Titles for an API's own exception that is none of the kinds above (an app that may not import
# this module, such as the public letter check, raises plain APIExceptions with a Dutch detail).
_TITLE_FOR_STATUS = {
    400: "De gegevens kloppen niet",
    413: "Te groot",
    415: "Verkeerd soort inhoud",
}


class Problem(exceptions.APIException):
    """An error raised by our own code: its detail is already plain Dutch, shown as is."""

    kind = INVALID_INPUT

    def __init__(self, detail: str | None = None, *, invalid_params: list[dict] | None = None):
        self.status_code = self.kind.status
        self.invalid_params = invalid_params or []
        super().__init__(detail or self.kind.detail)


class InputProblem(Problem):
    kind = INVALID_INPUT


class ReferenceConflict(Problem):
    kind = CONFLICT


class ResourceNotFound(Problem):
    kind = NOT_FOUND


class TokenRejected(Problem, exceptions.AuthenticationFailed):
    """Subclasses AuthenticationFailed so DRF adds the WWW-Authenticate header."""

    kind = NOT_AUTHENTICATED


def problem_type(kind: ProblemKind, request=None) -> str:
    """The `type` URI: the explanation of this problem on the API's documentation page."""
    try:
        docs = reverse("api:docs")
    except NoReverseMatch:  # the API's URLs are not mounted (a test with its own urlconf)
        docs = "/api/docs/"
    uri = f"{docs}#probleem-{kind.slug}"
    return request.build_absolute_uri(uri) if request is not None else uri


def problem_body(
    kind: ProblemKind, *, request=None, detail: str | None = None, invalid_params=()
) -> dict:
    body = {
        "type": problem_type(kind, request),
        "title": kind.title,
        "status": kind.status,
        "detail": detail or kind.detail,
        "instance": request.path if request is not None else "",
    }
    if invalid_params:
        body["invalid-params"] = list(invalid_params)
    return body


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF's {field: [messages]} (possibly nested) as [{name, reason}]."""
    params = []
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = "" if key == api_settings.NON_FIELD_ERRORS_KEY else str(key)
            params.extend(
                _flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name)
            )
    elif isinstance(detail, list):
        for item in detail:
            params.extend(_flatten(item, prefix))
    else:
        params.append({"name": prefix, "reason": str(detail)})
    return params


def validation_problem(detail) -> tuple[str, list[dict]]:
    """(detail, invalid-params) for a DRF ValidationError. Errors about the whole body (not a
    JSON object) have no field: they become the detail and stay out of invalid-params."""
    flat = _flatten(detail)
    params = [p for p in flat if p["name"]]
    general = [p["reason"] for p in flat if not p["name"]]
    if general:
        return " ".join(general), params
    if len(params) == 1:
        return params[0]["reason"], params
    return INVALID_INPUT.detail, params


def problem_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every exception of an API view becomes a problem response."""
    # Imported here: authentication.py imports this module while DRF's settings are loading,
    # and rest_framework.views imports those settings (a circular import otherwise).
    from rest_framework.views import set_rollback

    request = context.get("request")
    headers = {}
    invalid_params: list[dict] = []
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, Problem):
        kind, detail, invalid_params = exc.kind, str(exc.detail), exc.invalid_params
    elif isinstance(exc, exceptions.ValidationError):
        kind = INVALID_INPUT
        detail, invalid_params = validation_problem(exc.detail)
    elif isinstance(exc, exceptions.APIException):
        kind = next((k for cls, k in _KIND_FOR_DRF if isinstance(exc, cls)), None)
        if kind is None:
            title = _TITLE_FOR_STATUS.get(exc.status_code, "Fout")
            kind = ProblemKind("fout", exc.status_code, title, str(exc.detail))
        detail = kind.detail
    elif is_database_unavailable(exc):
        # Passing (a database restart): the partner retries with the same reference.
        kind, detail = SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE.detail
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        if settings.DEBUG:
            return None  # Django's technical error page
        logger.exception("Unhandled error in the partner API", exc_info=exc)
        kind, detail = SERVER_ERROR, SERVER_ERROR.detail
    if isinstance(exc, exceptions.APIException):
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = f"{exc.wait:.0f}"
    set_rollback()  # as DRF's own handler does: an atomic view's writes are undone
    return Response(
        problem_body(kind, request=request, detail=detail, invalid_params=invalid_params),
        status=kind.status,
        headers=headers,
        content_type=PROBLEM_CONTENT_TYPE,
    )


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any unknown address under /api/vN/: a problem response instead of the HTML 404 page."""
    response = HttpResponse(
        json.dumps(problem_body(NOT_FOUND, request=request), ensure_ascii=False),
        status=status.HTTP_404_NOT_FOUND,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    response["API-Version"] = settings.SPECTACULAR_SETTINGS["VERSION"]
    return response
