"""Every write on accounts, teams and areas."""

from collections.abc import Iterable

from django.db import transaction

from .models import Area, Municipality, PartnerOrganisation, RoleGrant, Team, User


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
