"""Until the second factor is verified, a user who needs it sees only the code pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse

from . import services
from .policy import needs_second_factor
from .sso import BACKEND_PATH

# Logging out, the code pages themselves, the language switch and the health check stay open.
OPEN_URL_NAMES = frozenset(
    {
        "accounts:logout",
        "accounts:otp-setup",
        "accounts:otp-verify",
        "set_language",
        "health",
    }
)


def second_factor_pending(request) -> bool:
    user = getattr(request, "user", None)
    if not settings.TWO_FACTOR_REQUIRED or user is None or not user.is_authenticated:
        return False
    # The municipality's identity provider asked its own second factor.
    if request.session.get(BACKEND_SESSION_KEY) == BACKEND_PATH:
        return False
    if not needs_second_factor(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in OPEN_URL_NAMES:
            return None
        # The partner API takes a key, never the browser's session.
        if request.path.startswith("/api/"):
            return None
        if not second_factor_pending(request):
            return None
        name = (
            "accounts:otp-verify"
            if services.second_factor_confirmed(user=request.user)
            else "accounts:otp-setup"
        )
        url = reverse(name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
