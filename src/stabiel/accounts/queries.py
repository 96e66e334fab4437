from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Area, RoleGrant, Team, User


def user_list(*, municipality) -> QuerySet[User]:
    return (
        User.objects.filter(municipality=municipality)
        .prefetch_related(
            "teams", Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role"))
        )
        .order_by("username")
    )


def user_get(*, municipality, pk: int) -> User:
    return get_object_or_404(User, municipality=municipality, pk=pk)


def team_list(*, municipality) -> QuerySet[Team]:
    return (
        Team.objects.filter(municipality=municipality)
        .prefetch_related("areas")
        .annotate(member_count=Count("members", distinct=True))
    )


def team_get(*, municipality, pk: int) -> Team:
    return get_object_or_404(Team, municipality=municipality, pk=pk)


def area_list(*, municipality) -> QuerySet[Area]:
    return (
        Area.objects.filter(municipality=municipality)
        .select_related("parent")
        .prefetch_related("teams")
    )


def area_get(*, municipality, pk: int) -> Area:
    return get_object_or_404(Area, municipality=municipality, pk=pk)
