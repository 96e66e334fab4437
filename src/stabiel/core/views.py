"""Plain Dutch error pages for 400/403/404/500 and CSRF failures."""

import sys

from django.shortcuts import render

from .unavailable import is_database_unavailable, unavailable_response


def error_400(request, exception=None):
    return render(request, "core/error.html", {"status": 400}, status=400)


def error_403(request, exception=None):
    return render(request, "core/error.html", {"status": 403}, status=403)


def error_404(request, exception=None):
    return render(request, "core/error.html", {"status": 404}, status=404)


def error_500(request):
    # Django calls this inside its except block: a passing database outage is a 503, not a 500.
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    return render(request, "core/error.html", {"status": 500}, status=500)


def csrf_failure(request, reason=""):
    return render(request, "core/error.html", {"status": 403, "csrf": True}, status=403)
