"""Municipal single sign-on by OpenID Connect (mozilla-django-oidc).

The provider says who someone is; the functional administrator's mapping (SsoRoleMapping) says
what that person may do in Stabiel. Someone whose claim maps to no role is refused, with the
reason in plain Dutch on the login page.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import services
from .models import Municipality, SecurityEvent

BACKEND_PATH = "stabiel.accounts.sso.MunicipalOIDCBackend"


class SsoRefusedError(Exception):
    """The provider vouched for someone Stabiel cannot let in; the message says why."""


def claim_values(claims: dict, name: str) -> list[str]:
    """A claim as a list of strings: providers send one group as a string, several as a list."""
    value = claims.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(item) for item in value if isinstance(item, str | int)]
    return []


def municipality_for_claims(claims: dict) -> Municipality:
    code = ""
    if settings.OIDC_MUNICIPALITY_CLAIM:
        code = str(claims.get(settings.OIDC_MUNICIPALITY_CLAIM) or "").strip().upper()
    code = code or settings.OIDC_MUNICIPALITY_CODE.strip().upper()
    municipality = Municipality.objects.filter(cbs_code=code).first() if code else None
    if municipality is None:
        raise SsoRefusedError(
            _(
                "Uw gemeente gebruikt Stabiel nog niet, of de inlogdienst stuurt geen bekende "
                "gemeentecode mee. Vraag de functioneel beheerder om hulp."
            )
        )
    return municipality


def id_token_claims_check(payload: dict) -> str:
    """Why the id_token's own claims do not fit this client ('' when they do).

    The library checks the signature, the expiry and the nonce but not who issued the token or
    for whom (OpenID Connect Core 3.1.3.7): without these checks a token the same provider
    issued to another application would let its holder in here.
    """
    issuer = settings.OIDC_OP_ISSUER
    if not issuer or payload.get("iss") != issuer:
        return "issuer"
    audience = payload.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(audiences, list) or settings.OIDC_RP_CLIENT_ID not in audiences:
        return "audience"
    if len(audiences) > 1 and payload.get("azp") != settings.OIDC_RP_CLIENT_ID:
        return "authorized party"
    if not isinstance(payload.get("exp"), int | float) or not isinstance(
        payload.get("iat"), int | float
    ):
        return "expiry"
    return ""


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED or request is None:
            return None
        # Only the provider's callback (code and state, with the nonce from the session).
        if "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # Only the id_token is verified with a nonce; a signed userinfo answer comes without.
        if "nonce" in kwargs:
            problem = id_token_claims_check(payload)
            if problem:
                services.security_event_record(
                    kind=SecurityEvent.Kind.SSO_REFUSED,
                    user=None,
                    municipality=None,
                    detail=f"id_token {problem} does not match",
                )
                raise SuspiciousOperation(f"id_token {problem} does not match this client")
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        if not self.verify_claims(claims) or claims.get("sub") != payload.get("sub"):
            raise SsoRefusedError(
                _("De inlogdienst van uw gemeente stuurde geen geldig kenmerk mee.")
            )
        municipality = municipality_for_claims(claims)
        values = claim_values(claims, settings.OIDC_ROLE_CLAIM)
        roles, teams = services.sso_roles_for_claims(municipality=municipality, claim_values=values)
        if not roles:
            services.security_event_record(
                kind=SecurityEvent.Kind.SSO_REFUSED,
                user=None,
                municipality=municipality,
                detail=f"{municipality.cbs_code}: {', '.join(values)[:200] or '-'}",
            )
            raise SsoRefusedError(
                _(
                    "U bent wel bekend bij uw gemeente, maar u hebt nog geen rol in Stabiel. "
                    "Vraag de functioneel beheerder van Stabiel om u een rol te geven."
                )
            )
        return services.sso_user_sign_in(
            municipality=municipality,
            subject=str(claims["sub"]),
            email=str(claims.get("email") or ""),
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
            roles=roles,
            teams=teams,
        )
