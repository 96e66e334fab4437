"""The stacking rules the seeds give (DOMAIN.md part 4, SEED_INVENTORY.md 1.11).

Numbers the seeds do not give are local settings; the register says so per setting.
"""

from typing import TYPE_CHECKING, Any, TypedDict

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SeedRule(TypedDict):
    code: str
    title: "StrOrPromise"
    kind: str
    params: dict[str, Any]
    action: str
    due_working_days: int
    purpose: "StrOrPromise"
    legal_basis: "StrOrPromise"
    source: str
    source_ref: str


VNG = "vng-stop-het-stapelen-2022"
KPMG = "kpmg-basisfuncties-2019"

LEGAL_WMO_JW_PW = _(
    "Wet maatschappelijke ondersteuning 2015, Jeugdwet en Participatiewet: de gemeente onderzoekt "
    "samen met de inwoner welke ondersteuning nodig is en stemt die op elkaar af."
)
LEGAL_WGS = _(
    "Wet gemeentelijke schuldhulpverlening: de gemeente neemt contact op na een signaal van een "
    "betalingsachterstand (vroegsignalering)."
)

SEED_RULES: list[SeedRule] = [
    {
        "code": "drie-beschikkingen",
        "title": _("Drie of meer vormen van ondersteuning in één huishouden"),
        "kind": "decisions_in_household",
        "params": {"min_count": 3},
        "action": "home_visit",
        "due_working_days": 10,
        "purpose": _(
            "Stapeling van hulp zien en met het huishouden één samenhangend plan maken, in plaats van losse trajecten."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "source_ref": "000:L253, L527-530",
    },
    {
        "code": "rode-vlaggen-langsgaan",
        "title": _("Meerdere rode vlaggen: naar de inwoner toe"),
        "kind": "red_flags_in_period",
        "params": {"min_flags": 2, "window_days": 90},
        "action": "go_to_resident",
        "due_working_days": 10,
        "purpose": _(
            "De inwoner niet laten wachten tot hij zelf hulp vraagt: de alternatieve route van een uitnodigende overheid."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "source_ref": "000:L462, L807, L823",
    },
    {
        "code": "korte-beschikkingen",
        "title": _("Steeds korte beschikkingen voor dezelfde hulpvraag"),
        "kind": "short_decisions_same_need",
        "params": {"min_count": 2, "max_days": 183, "window_days": 730},
        "action": "consider_longer",
        "due_working_days": 20,
        "purpose": _(
            "Korte beschikkingen achter elkaar belasten de inwoner en de organisatie; een langere beschikking geeft rust."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "source_ref": "000:L514-523, L592",
    },
    {
        "code": "jarenlang-dezelfde-beschikking",
        "title": _("Jarenlang dezelfde beschikking"),
        "kind": "same_decision_for_years",
        "params": {"min_years": 3},
        "action": "review",
        "due_working_days": 20,
        "purpose": _("Bekijken of de ondersteuning nog past, of dat iets anders beter helpt."),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "source_ref": "000:L525-552",
    },
    {
        "code": "steeds-andere-hulpvraag",
        "title": _("Steeds andere hulpvragen"),
        "kind": "different_requests",
        "params": {"min_kinds": 3, "window_days": 365},
        "action": "home_visit",
        "due_working_days": 10,
        "purpose": _(
            "Achter losse vragen zit vaak één verhaal; op bezoek gaan laat het hele plaatje zien."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "source_ref": "000:L594",
    },
    {
        "code": "onbetaalde-rekeningen",
        "title": _("Maanden achter met energie of zorgpremie"),
        "kind": "unpaid_bills_months",
        "params": {
            "signal_types": ["energieachterstand", "zorgpremieachterstand"],
            "min_months": 2,
            "window_days": 180,
        },
        "action": "letter_then_visit",
        "due_working_days": 5,
        "purpose": _(
            "Vroeg contact voordat schulden oplopen: eerst een brief, dan een huisbezoek (zoals in Velsen)."
        ),
        "legal_basis": LEGAL_WGS,
        "source": KPMG,
        "source_ref": "004:L1611",
    },
    {
        "code": "meerdere-schuldeisers",
        "title": _("Achterstanden bij twee of meer schuldeisers"),
        "kind": "several_creditors",
        "params": {
            "signal_types": [
                "huurachterstand",
                "energieachterstand",
                "waterachterstand",
                "zorgpremieachterstand",
            ],
            "min_creditors": 2,
            "window_days": 90,
        },
        "action": "offer_debt_help",
        "due_working_days": 10,
        "purpose": _(
            "Schuldhulp aanbieden voordat achterstanden bij meerdere partijen een probleem worden."
        ),
        "legal_basis": LEGAL_WGS,
        "source": VNG,
        "source_ref": "000:L393-424",
    },
    {
        "code": "terugval-na-goed-geland",
        "title": _("Nieuw signaal na een goed afgesloten traject"),
        "kind": "signal_after_well_landed",
        "params": {},
        "action": "relapse_contact",
        "due_working_days": 5,
        "purpose": _(
            "Terugval voorkomen: snel contact als er na het afsluiten toch weer iets gebeurt."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "source_ref": "000:L166-186",
    },
    {
        "code": "overgang-naar-18",
        "title": _("Jongere met jeugdhulp wordt 18"),
        "kind": "youth_care_turning_18",
        "params": {"months_before": 6},
        "action": "plan_transition",
        "due_working_days": 20,
        "purpose": _(
            "Jongeren van 16 tot 27 zijn kwetsbaar bij de overgang van jeugdhulp naar hulp voor volwassenen; op tijd plannen voorkomt een gat."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "source_ref": "000:L389-391, L472",
    },
]
