"""The access log (NEN 7513): who, in which role, when, about which household or person, what
was shown and why. The door that checks and opens households and persons is
`stabiel.residents.access`; it and every other reader of personal data write through here.

Core imports no app: the actor only needs `username`, `municipality` and `access_log_role()`
(the role in which they open personal data, see `accounts.models.User`), and the household or
person only a `label`.
"""

from typing import TYPE_CHECKING, Any

from django.utils import translation

from .models import AccessLogEntry

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def log_access(
    *,
    actor: Any,
    household: Any = None,
    person: Any = None,
    action: str,
    shown: "StrOrPromise",
    purpose: "StrOrPromise",
    municipality: Any = None,
) -> AccessLogEntry:
    # The log is a record: always written in Dutch, whatever language the user reads.
    with translation.override("nl"):
        shown, purpose = str(shown), str(purpose)
    return AccessLogEntry.objects.create(
        # Another municipality only for a refused attempt on its household: its privacy officer
        # sees who tried (`residents.access`).
        municipality=municipality or actor.municipality,
        user=actor,
        username=actor.username,
        role=actor.access_log_role(),
        household_label=household.label if household else "",
        person_label=person.label if person else "",
        action=action,
        shown=shown[:200],
        purpose=purpose[:300],
    )
