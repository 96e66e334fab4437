"""Every write on accounts, teams and areas."""

import logging
from collections.abc import Iterable

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import (
    Area,
    Municipality,
    PartnerOrganisation,
    RoleGrant,
    SecurityEvent,
    SsoRoleMapping,
    Team,
    User,
)
from .policy import Permission, require
from .roles import Role

logger = logging.getLogger(__name__)


@transaction.atomic
def user_save(
    *,
    municipality: Municipality,
    user: User | None,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[str],
    teams: Iterable[Team],
    partner_organisation: PartnerOrganisation | None = None,
    is_active: bool = True,
    password: str | None = None,
) -> User:
    if user is None:
        user = User(municipality=municipality)
    elif user.municipality_id != municipality.pk:
        raise PermissionError("user of another municipality")
    user.username = username
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    if partner_organisation is not None and partner_organisation.municipality_id != municipality.pk:
        raise PermissionError("partner of another municipality")
    user.partner_organisation = partner_organisation
    user.is_active = is_active
    if password:
        user.set_password(password)
    user.save()
    teams = list(teams)
    if any(team.municipality_id != municipality.pk for team in teams):
        raise PermissionError("team of another municipality")
    user.teams.set(teams)
    wanted = set(roles)
    user.role_grants.exclude(role__in=wanted).delete()
    existing = set(user.role_grants.values_list("role", flat=True))
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=role) for role in wanted - existing)
    user._role_cache = None
    return user


@transaction.atomic
def team_save(
    *, municipality: Municipality, team: Team | None, name: str, areas: Iterable[Area]
) -> Team:
    team = team or Team(municipality=municipality)
    team.name = name
    team.save()
    areas = list(areas)
    if any(area.municipality_id != municipality.pk for area in areas):
        raise PermissionError("area of another municipality")
    team.areas.set(areas)
    return team


@transaction.atomic
def area_save(
    *,
    municipality: Municipality,
    area: Area | None,
    name: str,
    kind: str,
    cbs_code: str,
    parent: Area | None,
) -> Area:
    area = area or Area(municipality=municipality)
    if parent is not None and parent.municipality_id != municipality.pk:
        raise PermissionError("parent of another municipality")
    area.name, area.kind, area.cbs_code, area.parent = name, kind, cbs_code, parent
    area.full_clean()
    area.save()
    return area


def security_event_record(
    *,
    kind: str,
    user: User | None,
    actor: User | None = None,
    detail: str = "",
    municipality: Municipality | None = None,
) -> SecurityEvent:
    """One row per event, written inside the caller's transaction, and a log line for the
    server's log (never a code, key or secret)."""
    event = SecurityEvent.objects.create(
        municipality=municipality
        or getattr(user, "municipality", None)
        or getattr(actor, "municipality", None),
        kind=kind,
        user=user,
        actor=actor,
        detail=detail[:300],
    )
    logger.info(
        "security event %s user=%s actor=%s %s",
        kind,
        getattr(user, "pk", None),
        getattr(actor, "pk", None),
        detail,
    )
    return event


# The second factor: a TOTP key in an authenticator app (django-otp).


def second_factor_token_matches(*, key_hex: str, token: str) -> int | None:
    """The time step of a right code for this key (one step of clock drift allowed), else None."""
    totp = TOTP(bytes.fromhex(key_hex), step=30, digits=6)
    if not token.isdigit() or len(token) != 6:
        return None
    if totp.verify(int(token), tolerance=1):
        return totp.t()
    return None


@transaction.atomic
def second_factor_confirm(*, user: User, key_hex: str, token: str) -> TOTPDevice | None:
    """Store the key as the user's device only when the code from the app matches it.

    A wrong code stores nothing; the key stays in the session until a right code comes."""
    step = second_factor_token_matches(key_hex=key_hex, token=token)
    if step is None:
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name="Stabiel", key=key_hex, confirmed=True, last_t=step
    )
    security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR_CONFIRMED, user=user)
    return device


@transaction.atomic
def second_factor_reset(*, actor: User, user: User) -> int:
    """The functional administrator removes a user's device (lost phone). The user sets up a new
    one at the next login. Logged with who did it."""
    require(actor, Permission.USERS_MANAGE)
    if user.municipality_id != actor.municipality_id:
        raise PermissionError("user of another municipality")
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR_RESET, user=user, actor=actor)
    return removed


def second_factor_confirmed(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# Municipal single sign-on: roles from the provider's claim, mapped per municipality.


@transaction.atomic
def sso_role_mapping_add(
    *, actor: User, claim_value: str, role: str, team: Team | None
) -> SsoRoleMapping:
    require(actor, Permission.USERS_MANAGE)
    municipality = actor.municipality
    if team is not None and team.municipality_id != municipality.pk:
        raise PermissionError("team of another municipality")
    return SsoRoleMapping.objects.create(
        municipality=municipality, claim_value=claim_value, role=role, team=team
    )


@transaction.atomic
def sso_role_mapping_remove(*, actor: User, mapping: SsoRoleMapping) -> None:
    require(actor, Permission.USERS_MANAGE)
    if mapping.municipality_id != actor.municipality_id:
        raise PermissionError("mapping of another municipality")
    mapping.delete()


def sso_roles_for_claims(
    *, municipality: Municipality, claim_values: Iterable[str]
) -> tuple[set[str], set[Team]]:
    """The Stabiel roles and teams the claim values grant in this municipality."""
    mappings = SsoRoleMapping.objects.filter(
        municipality=municipality, claim_value__in=list(claim_values)
    ).select_related("team")
    roles = {mapping.role for mapping in mappings}
    teams = {mapping.team for mapping in mappings if mapping.team is not None}
    return roles, teams


@transaction.atomic
def sso_user_sign_in(
    *,
    municipality: Municipality,
    subject: str,
    email: str,
    first_name: str,
    last_name: str,
    roles: set[str],
    teams: set[Team],
) -> User:
    """Find or create the user the provider vouches for; roles and teams follow the provider at
    every login (the provider is the source), so a role taken away there is gone here."""
    user = User.objects.filter(municipality=municipality, sso_subject=subject).first()
    if user is None:
        base = f"{municipality.cbs_code.lower()}-{(email.split('@')[0] or subject)}"[:140]
        username, number = base, 1
        while User.objects.filter(username=username).exists():
            number += 1
            username = f"{base}-{number}"
        user = User(municipality=municipality, sso_subject=subject, username=username)
        user.set_unusable_password()
    user.email = email[:254]
    user.first_name = first_name[:150]
    user.last_name = last_name[:150]
    user.save()
    if Role.ACCESS_WORKER in roles or Role.TEAM_LEAD in roles:
        user.teams.set(teams)
    user.role_grants.exclude(role__in=roles).delete()
    existing = set(user.role_grants.values_list("role", flat=True))
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=role) for role in roles - existing)
    user._role_cache = None
    security_event_record(
        kind=SecurityEvent.Kind.SSO_LOGIN, user=user, detail=", ".join(sorted(roles))
    )
    return user
