"""The teams and areas a user works in, asked once per request instead of once per query.

One page asks several query functions (alerts, cases, contacts, meetings) about the same
person, and each needs that person's team ids and area ids: the team lead's start page asked the
same two questions four times (screens benchmark, issue 19). The answers are kept on the user
object, which Django loads anew for every request, so nothing outlives the request. Any change
to teams, memberships or areas in this process makes every kept answer stale (a generation
counter), so a test or a long-running command that changes teams never reads an old answer.
"""

from typing import Any

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

_generation = 0
_ATTRIBUTE = "_stabiel_scope"


def _changed(**kwargs: Any) -> None:
    global _generation
    _generation += 1


def _memo(actor: Any, name: str, compute) -> list[int]:
    if getattr(actor, "pk", None) is None:
        return list(compute())
    kept = actor.__dict__.setdefault(_ATTRIBUTE, {})
    hit = kept.get(name)
    if hit is None or hit[0] != _generation:
        hit = (_generation, tuple(compute()))
        kept[name] = hit
    return list(hit[1])


def team_ids(actor: Any) -> list[int]:
    """Ids of the teams the actor is a member of."""
    return _memo(actor, "team_ids", lambda: actor.teams.values_list("id", flat=True))


def area_ids(actor: Any) -> list[int]:
    """Ids of the areas the actor's teams cover, and of the neighbourhoods of those districts."""
    from .models import Area

    return _memo(
        actor,
        "area_ids",
        lambda: Area.objects.filter(
            Q(teams__members=actor) | Q(parent__teams__members=actor)
        ).values_list("id", flat=True),
    )


def connect() -> None:
    """Called from AccountsConfig.ready: every change that could alter an answer above."""
    from .models import Area, Team, User

    for through in (User.teams.through, Team.areas.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"scope-m2m-{through}")
        post_save.connect(_changed, sender=through, dispatch_uid=f"scope-save-{through}")
        post_delete.connect(_changed, sender=through, dispatch_uid=f"scope-delete-{through}")
    for model in (Area, Team):
        post_save.connect(_changed, sender=model, dispatch_uid=f"scope-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"scope-delete-{model}")
