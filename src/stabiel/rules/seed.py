"""The stacking rules the seeds give (DOMAIN.md part 4, SEED_INVENTORY.md 1.11).

Numbers the seeds do not give are local settings; the register says so per setting. Each rule
names its publication and the chapter and section it is read from ("source_ref"), never a line
number. A rule the publication gives only as a red flag is the product's own rule built on that
flag ("basis": "product"); the register says so.
"""

from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

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
    # "product": the publication gives a red flag or a direction, not the rule itself.
    basis: NotRequired[str]


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
        "source_ref": (
            "hoofdstuk 'Benut groene vlaggen, verminder rode vlaggen', paragraaf 'Groene vlaggen'; "
            "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de continuïteit van zorg en "
            "ondersteuning?', paragraaf 'Voorbeelden van rode vlaggen'"
        ),
    },
    {
        "code": "rode-vlaggen-langsgaan",
        "title": _("Rode vlaggen: naar de inwoner toe"),
        "kind": "red_flags_in_period",
        "params": {"min_flags": 2, "window_days": 90},
        "action": "go_to_resident",
        "due_working_days": 10,
        "purpose": _(
            "Volgens de publicatie gaat de gemeente bij een of meer rode vlaggen naar de inwoner toe en vraagt hoe het gaat, in plaats van te wachten tot de inwoner zelf hulp vraagt. Hoeveel rode vlaggen de gemeente aanhoudt, is een lokale instelling."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "source_ref": (
            "Actie 5 'Zo word je een (meer) uitnodigende overheid', paragrafen 'Alternatieve "
            "route' en 'Ga uit van de vraag van de inwoner'; hoofdstuk 'Groene vlaggen: wat kun "
            "je doen om de bestaanszekerheid te vergroten?', paragraaf 'Signalen herkennen en "
            "actie ondernemen'"
        ),
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
        "source_ref": (
            "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de continuïteit van zorg en "
            "ondersteuning?', paragraaf 'Onzekerheid zorgt voor stress'; hoofdstuk 'Groene "
            "vlaggen: wat kun je doen om de continuïteit van zorg en ondersteuning te "
            "verbeteren?', paragraaf 'Van kortdurende beschikkingen naar langetermijndenken'"
        ),
    },
    {
        "code": "jarenlang-dezelfde-beschikking",
        "title": _("Jarenlang dezelfde beschikking herhalen"),
        "kind": "same_decision_for_years",
        "params": {"min_years": 3},
        "action": "consider_longer",
        "due_working_days": 20,
        "purpose": _(
            "Elke keer opnieuw dezelfde beschikking aanvragen en afgeven geeft de inwoner stress: gaat de hulp wel door? Overweeg een beschikking die langer loopt, zodat de inwoner rust heeft."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "source_ref": (
            "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de continuïteit van zorg en "
            "ondersteuning?', paragrafen 'Vicieuze cirkel' en 'Voorbeelden van rode vlaggen'; "
            "hoofdstuk 'Groene vlaggen: wat kun je doen om de continuïteit van zorg en "
            "ondersteuning te verbeteren?', paragraaf 'Van kortdurende beschikkingen naar "
            "langetermijndenken'"
        ),
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
        "source_ref": (
            "hoofdstuk 'Groene vlaggen: wat kun je doen om de continuïteit van zorg en "
            "ondersteuning te verbeteren?', paragraaf 'Van kortdurende beschikkingen naar "
            "langetermijndenken'"
        ),
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
        "source_ref": (
            "Bijlage 2 'Schetsen lokale praktijken', gemeente Velsen, 'Tijdig signaleren van vraag'"
        ),
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
            "Schuldhulp aanbieden voordat achterstanden bij meerdere partijen een probleem worden. De publicatie noemt betalingsachterstanden bij zorgverzekeraars, energieleveranciers, waterbedrijven en woningcorporaties als rode vlag; dat er twee of meer schuldeisers nodig zijn, is de eigen regel van Stabiel."
        ),
        "legal_basis": LEGAL_WGS,
        "source": VNG,
        "basis": "product",
        "source_ref": (
            "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de bestaanszekerheid?', paragraaf "
            "'Voorbeelden rode vlaggen' (betalingsachterstanden)"
        ),
    },
    {
        "code": "terugval-na-goed-geland",
        "title": _("Nieuw signaal na een goed afgesloten traject"),
        "kind": "signal_after_well_landed",
        "params": {},
        "action": "relapse_contact",
        "due_working_days": 5,
        "purpose": _(
            "De publicatie vraagt terugval te voorkomen en na het afsluiten de vinger aan de pols te houden. Komt er kort na een goed afgesloten traject een nieuw signaal, dan neemt het team snel contact op."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "basis": "product",
        "source_ref": (
            "hoofdstuk 'Stabiliteit vergroten, stress verminderen', paragraaf '2. Voorkom dat "
            "iemand terugvalt'"
        ),
    },
    {
        "code": "overgang-naar-18",
        "title": _("Jongere met jeugdhulp wordt 18"),
        "kind": "youth_care_turning_18",
        "params": {"months_before": 6},
        "action": "plan_transition",
        "due_working_days": 20,
        "purpose": _(
            "De publicatie noemt de jaren van 16 tot 27 een kwetsbare tijd, waarin veel op jongeren afkomt, en vraagt de gemeente zelf contact te zoeken. Wie jeugdhulp krijgt en 18 wordt, moet over naar hulp voor volwassenen; op tijd samen plannen voorkomt een gat."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "basis": "product",
        "source_ref": (
            "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de bestaanszekerheid?', paragraaf "
            "'Wees alert op problematiek bij jong volwassenen'; hoofdstuk 'Groene vlaggen: wat "
            "kun je doen om de bestaanszekerheid te vergroten?', paragraaf 'Zoek zelf contact "
            "met jongeren'"
        ),
    },
    {
        "code": "veel-wisselingen-hulpverlener",
        "title": _("Veel wisselingen van hulpverlener"),
        "kind": "care_worker_changes",
        "params": {"min_changes": 3, "window_days": 365},
        "action": "review",
        "due_working_days": 20,
        "purpose": _(
            "De publicatie noemt veel wisselingen van hulpverleners als rode vlag voor de continuïteit van zorg en ondersteuning: elke keer opnieuw je verhaal doen geeft stress en het vertrouwen gaat verloren. Krijgt een huishouden bij één organisatie vaak een nieuwe hulpverlener, dan bekijkt het team samen met het huishouden en die organisatie hoe de hulp vaster kan. Hoeveel wisselingen en binnen welke periode, zijn lokale instellingen."
        ),
        "legal_basis": LEGAL_WMO_JW_PW,
        "source": VNG,
        "basis": "product",
        "source_ref": (
            "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de continuïteit van zorg en "
            "ondersteuning?', paragraaf 'Voorbeelden van rode vlaggen' (veel wisselingen van "
            "hulpverleners)"
        ),
    },
]
