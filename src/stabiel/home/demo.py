"""A demo region of two municipalities with teams, areas and one user per role.

Safe to run again: everything is found or created by its natural key, and passwords of
existing demo users are left alone only if they were changed (a reset restores the demo one).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from stabiel.accounts.models import (
    Area,
    Municipality,
    PartnerKind,
    PartnerOrganisation,
    Region,
    Team,
    User,
)
from stabiel.accounts.roles import Role
from stabiel.accounts.services import user_save
from stabiel.cases.demo import cases_demo_load, history_demo_load
from stabiel.earlywarning.demo import demo_load as earlywarning_demo_load
from stabiel.insights.demo import voice_demo_load
from stabiel.insights.services import comparison_demo_set
from stabiel.insights.summary import refresh as outcomes_refresh
from stabiel.inventory.demo import inventory_demo_load
from stabiel.meetings.demo import meetings_demo_load, themes_demo_load
from stabiel.plainlanguage.demo import templates_demo_load
from stabiel.plans.demo import plans_demo_load, plans_demo_published_load
from stabiel.privacy.demo import privacy_demo_load
from stabiel.residents.models import RegisterFeed
from stabiel.residents.register.files import SAMPLE_EXTRACT
from stabiel.residents.services import register_feed_apply, register_feed_receive
from stabiel.rules.engine import rules_run
from stabiel.rules.services import rules_seed
from stabiel.safety.demo import (
    free_budget_demo_load,
    party_from_inventory_demo_load,
    safety_demo_load,
)
from stabiel.signals.demo import demo_households_load
from stabiel.supporters.demo import supporters_demo_load

DEMO_PASSWORD = "Stabiel-demo-2026"  # noqa: S105 - published demo login, printed by make run


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    municipality: str


REGION = "Regio Utrechtse Heuvelrug (demo)"
MUNICIPALITIES = [
    # name, CBS code, districts: (name, code, [(neighbourhood, code)])
    (
        "Zeist",
        "GM0355",
        [
            (
                "Zeist-Centrum",
                "WK035501",
                [("Centrum", "BU03550101"), ("Patijnpark", "BU03550102")],
            ),
            (
                "Zeist-West",
                "WK035502",
                [("Vollenhove", "BU03550201"), ("Kerckebosch", "BU03550202")],
            ),
            ("Den Dolder", "WK035503", [("Den Dolder-Noord", "BU03550301")]),
            ("Austerlitz", "WK035504", [("Austerlitz-Dorp", "BU03550401")]),
        ],
    ),
    (
        "De Bilt",
        "GM0310",
        [
            (
                "Bilthoven",
                "WK031001",
                [("Bilthoven-Noord", "BU03100101"), ("Bilthoven-Zuid", "BU03100102")],
            ),
            ("Maartensdijk", "WK031002", [("Maartensdijk-Dorp", "BU03100201")]),
        ],
    ),
]
TEAMS = {
    "GM0355": [
        ("Wijkteam Zeist-Oost", ["WK035501", "WK035504"]),
        ("Wijkteam Zeist-West", ["WK035502", "WK035503"]),
    ],
    "GM0310": [("Sociaal team De Bilt", ["WK031001", "WK031002"])],
}
PARTNERS = [
    ("Heuvelrug Wonen", PartnerKind.HOUSING),
    ("Energie Samen", PartnerKind.ENERGY),
    ("Vitens-Midden (demo)", PartnerKind.WATER),
    ("Zorgverzekeraar Zorg en Zeker (demo)", PartnerKind.INSURER),
    ("Politie basisteam Heuvelrug", PartnerKind.POLICE),
    ("Huisartsenpraktijk Het Slot", PartnerKind.GP),
    ("Christelijk Lyceum Zeist", PartnerKind.SCHOOL),
    ("Balie Sociaal Domein", PartnerKind.FRONT_DESK),
]
USERS = [
    # username, first, last, role, municipality code, team, partner
    ("beleid", "Bea", "de Beleidsadviseur", Role.POLICY_ADVISER, "GM0355", None, ""),
    ("deelnemer", "Dirk", "Deelnemer", Role.SESSION_PARTICIPANT, "GM0355", None, ""),
    ("toegang", "Tara", "Toegang", Role.ACCESS_WORKER, "GM0355", "Wijkteam Zeist-Oost", ""),
    ("toegang-west", "Wim", "West", Role.ACCESS_WORKER, "GM0355", "Wijkteam Zeist-West", ""),
    (
        "melder",
        "Mo",
        "Melder",
        Role.PARTNER_REPORTER,
        "GM0355",
        None,
        "Heuvelrug Wonen",
    ),
    ("teamleider", "Lotte", "Leiding", Role.TEAM_LEAD, "GM0355", "Wijkteam Zeist-Oost", ""),
    (
        "veiligheid",
        "Vera",
        "Veilig",
        Role.SAFETY_SPECIALIST,
        "GM0355",
        "Wijkteam Zeist-Oost",
        "",
    ),
    ("beheer", "Ben", "Beheer", Role.FUNCTIONAL_ADMIN, "GM0355", None, ""),
    ("privacy", "Priya", "Privacy", Role.PRIVACY_OFFICER, "GM0355", None, ""),
    ("beheer-debilt", "Daan", "de Bilt", Role.FUNCTIONAL_ADMIN, "GM0310", None, ""),
    ("toegang-debilt", "Dewi", "de Bilt", Role.ACCESS_WORKER, "GM0310", "Sociaal team De Bilt", ""),
]


@transaction.atomic
def demo_load() -> list[DemoLogin]:
    region, _ = Region.objects.get_or_create(name=REGION)
    municipalities = {}
    for name, code, districts in MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(
            cbs_code=code, defaults={"name": name, "region": region}
        )
        municipalities[code] = municipality
        for district_name, district_code, neighbourhoods in districts:
            district, _ = Area.objects.update_or_create(
                municipality=municipality,
                cbs_code=district_code,
                defaults={"name": district_name, "kind": Area.Kind.DISTRICT},
            )
            for hood_name, hood_code in neighbourhoods:
                Area.objects.update_or_create(
                    municipality=municipality,
                    cbs_code=hood_code,
                    defaults={
                        "name": hood_name,
                        "kind": Area.Kind.NEIGHBOURHOOD,
                        "parent": district,
                    },
                )
    teams = {}
    for code, team_rows in TEAMS.items():
        municipality = municipalities[code]
        for team_name, area_codes in team_rows:
            team, _ = Team.objects.get_or_create(municipality=municipality, name=team_name)
            team.areas.set(Area.objects.filter(municipality=municipality, cbs_code__in=area_codes))
            teams[team_name] = team
    partners = {}
    for municipality in municipalities.values():
        for name, kind in PARTNERS:
            partner, _ = PartnerOrganisation.objects.get_or_create(
                municipality=municipality, name=name, defaults={"kind": kind}
            )
            partners[(municipality.pk, name)] = partner
    logins = []
    for username, first, last, role, code, team, partner in USERS:
        municipality = municipalities[code]
        existing = User.objects.filter(username=username).first()
        user_save(
            municipality=municipality,
            user=existing,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            roles=[role],
            teams=[teams[team]] if team else [],
            partner_organisation=partners[(municipality.pk, partner)] if partner else None,
            is_active=True,
            password=DEMO_PASSWORD if existing is None else None,
        )
        logins.append(DemoLogin(username, str(role.label), municipality.name))
    demo_execution_load(municipalities["GM0355"])
    plans_demo_load(municipalities["GM0355"])
    plans_demo_published_load(municipalities["GM0310"])
    earlywarning_demo_load(municipalities["GM0355"])
    cases_demo_load(municipalities["GM0355"])
    history_demo_load(municipalities["GM0355"])
    supporters_demo_load(municipalities["GM0355"])
    templates_demo_load(municipalities["GM0355"])
    meetings_demo_load(municipalities["GM0355"])
    themes_demo_load(municipalities["GM0355"])
    safety_demo_load(municipalities["GM0355"])
    free_budget_demo_load(municipalities["GM0355"])
    inventory_demo_load(municipalities)
    party_from_inventory_demo_load(municipalities["GM0355"])
    register_sample_load(municipalities["GM0355"])
    voice_demo_load(municipalities["GM0355"])
    privacy_demo_load(municipalities["GM0355"])
    for municipality in municipalities.values():  # what the nightly insights_refresh does
        outcomes_refresh(municipality=municipality)
        # Both demo municipalities put their outcome figures side by side (issue 17, point 4).
        comparison_demo_set(municipality=municipality, opted_in=True)
    return logins


def register_sample_load(municipality) -> None:
    """The sample register extract (GM0355), applied once: the changes file is left for the
    functional administrator to upload and see as a repeat feed."""
    if RegisterFeed.objects.filter(
        municipality=municipality, status=RegisterFeed.Status.APPLIED
    ).exists():
        return
    feed = register_feed_receive(
        municipality=municipality, name=SAMPLE_EXTRACT.name, data=SAMPLE_EXTRACT.read_bytes()
    )
    register_feed_apply(municipality=municipality, feed_id=feed.pk)


def demo_execution_load(municipality) -> None:
    """Households, signals, decisions and the seeded rules for the demo municipality."""
    today = timezone.localdate()
    # In force from January last year: the demo's past alerts (cases.demo.history_demo_load)
    # were raised under them.
    rules_seed(municipality=municipality, in_force_from=date(today.year - 1, 1, 1))
    if demo_households_load(municipality=municipality, today=today):
        rules_run(municipality_id=municipality.pk, today=today)
