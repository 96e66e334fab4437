"""Checks of an offering's values shared by the screens and the file import. No writes."""

from django.utils.translation import gettext as _

from stabiel.catalogue.models import ProvisionType, Shell
from stabiel.catalogue.queries import item_is_active

from . import rules
from .queries import visible_municipality_ids


def offering_problems(
    *, actor, provision_type, shell, fields: dict, served_municipalities=(), served_areas=()
) -> dict[str | None, str]:
    """Everything wrong with an offering's values, as field -> message. Empty when fine."""
    problems: dict[str | None, str] = {}
    municipality = actor.municipality
    if provision_type is None or not isinstance(provision_type, ProvisionType):
        problems["provision_type"] = _("Kies een soort voorziening uit de catalogus.")
    elif provision_type.municipality_id not in (None, municipality.pk) or not item_is_active(
        municipality=municipality, item=provision_type
    ):
        problems["provision_type"] = _("Deze soort voorziening is bij uw gemeente niet in gebruik.")
    if shell is None or not isinstance(shell, Shell):
        problems["shell"] = _("Kies een schil: informeel, sociaal domein of overige kaders.")
    elif shell.municipality_id not in (None, municipality.pk):
        problems["shell"] = _("Deze schil is bij uw gemeente niet in gebruik.")
    else:
        problems.update(
            rules.shell_problems(
                shell_code=shell.code,
                legal_frame=fields.get("legal_frame", ""),
                access_kind=fields.get("access_kind", ""),
            )
        )
    problems.update(
        rules.capacity_problems(
            capacity=fields.get("capacity"), capacity_unit=fields.get("capacity_unit", "")
        )
    )
    problems.update(
        rules.period_problems(valid_from=fields.get("valid_from"), valid_to=fields.get("valid_to"))
    )
    region = visible_municipality_ids(municipality=municipality)
    if any(m.pk not in region for m in served_municipalities):
        problems["served_municipalities"] = _("Kies alleen gemeenten uit uw regio.")
    if any(a.municipality_id not in region for a in served_areas):
        problems["served_areas"] = _("Kies alleen wijken en buurten uit uw regio.")
    return problems
