"""The database cannot be reached (a restart, a fail-over, a full connection pool).

Such an error is passing: the answer is 503 with Retry-After, never the 500 page, so a partner
system retries and a person waits a moment. The page for people is rendered without the menu or
the user (both read the database); the API answers in problem+json, in Dutch. Nothing was
stored: the request's transaction never committed, and a retried signal with the same
reference is stored once.
"""

import json

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"

UNAVAILABLE_TITLE = "Even niet bereikbaar"
UNAVAILABLE_DETAIL = (
    "De gegevens van de gemeente zijn even niet bereikbaar. Probeer het over een paar seconden "
    "opnieuw, met hetzelfde kenmerk: dan wordt niets dubbel opgeslagen."
)


def is_database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


def unavailable_problem(path: str) -> dict:
    return {
        "type": "/api/docs/#probleem-even-niet-bereikbaar",
        "title": UNAVAILABLE_TITLE,
        "status": 503,
        "detail": UNAVAILABLE_DETAIL,
        "instance": path,
    }


def unavailable_response(request) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        response = HttpResponse(
            json.dumps(unavailable_problem(request.path), ensure_ascii=False),
            status=503,
            content_type=PROBLEM_CONTENT_TYPE,
        )
    else:
        with translation.override(translation.get_language() or "nl"):
            html = render_to_string("core/unavailable.html", {"retry": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
