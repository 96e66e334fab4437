"""Who is calling: a partner system, by the token the municipality gave it.

`Authorization: Token <token>`. Only the sha256 of a token is stored, so the token is looked up
by its hash; an inactive client counts as unknown. The caller is no person: request.user stays
anonymous and request.auth is the PartnerApiClient.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from stabiel.accounts.models import Municipality, PartnerOrganisation
from stabiel.core import sqlrows
from stabiel.signals.models import PartnerApiClient
from stabiel.signals.services import api_token_hash

from .exceptions import TokenRejected

KEYWORD = "Token"
# Writing last_used_at on every request would turn every read into a write; a minute is enough
# to tell an administrator whether a client is still in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)
TOKEN_MAX_LENGTH = 200

NOT_RECOGNISED = (
    "Deze sleutel is onbekend of niet meer geldig. Vraag de gemeente om een nieuwe sleutel."
)
MALFORMED_HEADER = (
    "De kop Authorization klopt niet. Schrijf: Authorization: Token <uw sleutel>, "
    "met één spatie en zonder aanhalingstekens."
)


def api_client_for_token(token: str) -> PartnerApiClient | None:
    """The active client with this token, its partner and municipality, in one written-out
    query (every API call asks it; the ORM took longer to build the query than to run it)."""
    qn = connection.ops.quote_name
    models = [PartnerApiClient, PartnerOrganisation, Municipality]
    selected = sqlrows.columns("c", PartnerApiClient) + sqlrows.columns("p", PartnerOrganisation)
    selected += sqlrows.columns("m", Municipality)
    sql = (
        f"SELECT {', '.join(selected)} FROM {qn(PartnerApiClient._meta.db_table)} c "  # noqa: S608 - names from the models
        f"JOIN {qn(PartnerOrganisation._meta.db_table)} p ON p.id = c.partner_id "
        f"JOIN {qn(Municipality._meta.db_table)} m ON m.id = c.municipality_id "
        f"WHERE c.token_hash = %s AND c.active = %s AND c.revoked_at IS NULL "
        f"AND (c.expires_on IS NULL OR c.expires_on >= %s) ORDER BY c.id LIMIT 1"
    )
    # A key with an end date works up to and including that day (the municipality's date).
    with connection.cursor() as cursor:
        cursor.execute(sql, [api_token_hash(token), True, timezone.localdate()])
        row = cursor.fetchone()
    if row is None:
        return None
    client, partner, municipality = sqlrows.instances(row, models)
    client.partner, client.municipality = partner, municipality
    return client


def api_client_mark_used(client: PartnerApiClient, *, now=None) -> None:
    """Record that the client called, at most once per LAST_USED_RESOLUTION.

    The condition sits in the UPDATE itself, so parallel requests write it once. (A candidate
    for signals/services.py, next to api_client_create.)"""
    now = now or timezone.now()
    if client.last_used_at is not None and now - client.last_used_at < LAST_USED_RESOLUTION:
        return
    PartnerApiClient.objects.filter(pk=client.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    client.last_used_at = now


class PartnerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None  # no token at all: the permission answers 401 with how to send one
        if len(parts) != 2 or len(parts[1]) > TOKEN_MAX_LENGTH:
            raise TokenRejected(MALFORMED_HEADER)
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise TokenRejected(MALFORMED_HEADER) from None
        client = api_client_for_token(token)
        if client is None:
            raise TokenRejected(NOT_RECOGNISED)
        api_client_mark_used(client)
        return AnonymousUser(), client

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="api"'


class IsPartnerApiClient(BasePermission):
    """Only a partner system with a valid token; a logged-in user of the web application is not
    one (the API has no session authentication, so no CSRF door either)."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, PartnerApiClient)
