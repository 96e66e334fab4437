"""Which combinations of shell, legal frame and access kind make sense. Pure, no ORM.

The checklist (VNG/Movisie 2015, "Toelichting") names three shells: informal help, the social
domain (Wmo, Participatiewet, Jeugdwet; a general provision or custom support) and other legal
frames (health insurance, long-term care, justice). A municipality's own shells are not checked.
"""

from django.utils.translation import gettext as _

from .models import LegalFrame

INFORMAL = "informeel"
SOCIAL_DOMAIN = "sociaal-domein"
OTHER_FRAMES = "overige-kaders"

SOCIAL_FRAMES = {LegalFrame.WMO, LegalFrame.YOUTH, LegalFrame.PARTICIPATION}
OTHER_LEGAL_FRAMES = {
    LegalFrame.HEALTH_INSURANCE,
    LegalFrame.LONG_TERM_CARE,
    LegalFrame.JUSTICE,
}

# The legal frames under each national shell, in the order the checklist names them.
FRAMES_OF_SHELL: dict[str, tuple[str, ...]] = {
    INFORMAL: (),
    SOCIAL_DOMAIN: (LegalFrame.WMO, LegalFrame.PARTICIPATION, LegalFrame.YOUTH),
    OTHER_FRAMES: (LegalFrame.HEALTH_INSURANCE, LegalFrame.LONG_TERM_CARE, LegalFrame.JUSTICE),
}


def shell_problems(*, shell_code: str, legal_frame: str, access_kind: str) -> dict[str, str]:
    """Field name -> plain Dutch message, for every combination that cannot be."""
    problems: dict[str, str] = {}
    if shell_code == INFORMAL:
        if legal_frame:
            problems["legal_frame"] = _("Informele hulp loopt niet via een wet. Laat dit leeg.")
        if access_kind:
            problems["access_kind"] = _(
                "Algemeen of maatwerk geldt alleen voor het sociaal domein. Laat dit leeg."
            )
    elif shell_code == SOCIAL_DOMAIN:
        if legal_frame not in SOCIAL_FRAMES:
            problems["legal_frame"] = _("Kies de Wmo, de Jeugdwet of de Participatiewet.")
        if not access_kind:
            problems["access_kind"] = _("Kies of het een algemene voorziening is of maatwerk.")
    elif shell_code == OTHER_FRAMES:
        if legal_frame not in OTHER_LEGAL_FRAMES:
            problems["legal_frame"] = _(
                "Kies de Zorgverzekeringswet, de Wet langdurige zorg of justitie."
            )
        if access_kind:
            problems["access_kind"] = _(
                "Algemeen of maatwerk geldt alleen voor het sociaal domein. Laat dit leeg."
            )
    return problems


def capacity_problems(*, capacity, capacity_unit: str) -> dict[str, str]:
    if capacity is None and capacity_unit:
        return {"capacity": _("Vul het aantal personen in, of laat ook 'omvang geldt' leeg.")}
    if capacity is not None and not capacity_unit:
        return {"capacity_unit": _("Kies of de omvang tegelijk, per dag of per week geldt.")}
    return {}


def period_problems(*, valid_from, valid_to) -> dict[str, str]:
    if valid_from is None:
        return {"valid_from": _("Vul in vanaf wanneer het aanbod geldt.")}
    if valid_to is not None and valid_to < valid_from:
        return {"valid_to": _("De einddatum ligt voor de begindatum.")}
    return {}
