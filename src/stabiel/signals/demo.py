"""Demo signals and decisions for the demo municipality, on the demo population of
`residents.demo`.

Deterministic (fixed random seed) and made so that every seeded stacking rule raises alerts.
Everything is fictitious: BSNs pass the eleven-test but are generated, names are invented.
"""

import random
from datetime import date, timedelta

from django.db import transaction

from stabiel.accounts.models import PartnerKind, PartnerOrganisation
from stabiel.catalogue.models import SignalType
from stabiel.residents.demo import demo_population_create, demo_population_present

from .models import Channel, Decision
from .services import SignalRow, content_hash, signals_store

PRODUCTS = {
    "wmo": [
        ("Huishoudelijke hulp", "huishouden"),
        ("Begeleiding individueel", "zelfstandig wonen"),
        ("Dagbesteding", "daginvulling"),
        ("Woningaanpassing", "wonen"),
    ],
    "jeugdwet": [("Jeugdhulp ambulant", "opvoeden"), ("Jeugdhulp verblijf", "veilig opgroeien")],
    "participatiewet": [
        ("Bijstand levensonderhoud", "inkomen"),
        ("Re-integratietraject", "werk"),
        ("Bijzondere bijstand", "inkomen"),
    ],
    "beschikkingsvrij": [("Inzet buurtteam", "zelfstandig wonen"), ("Budgetcoaching", "geldzaken")],
}


class DemoBuilder:
    def __init__(self, municipality, *, today: date, households: int, seed: int = 2026):
        self.m = municipality
        self.today = today
        self.size = households
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.ref = 0
        self.signals: list[SignalRow] = []
        self.decisions: list[Decision] = []
        self.types = {
            t.code: t
            for t in SignalType.objects.filter(municipality__isnull=True).select_related(
                "red_flag_type"
            )
            if t.red_flag_type.can_be_signal
        }
        self.partners = {
            p.kind: p for p in PartnerOrganisation.objects.filter(municipality=municipality)
        }

    # population -------------------------------------------------------------------------
    def population(self):
        self.households, self.members = demo_population_create(
            municipality=self.m, today=self.today, size=self.size, rng=self.rng
        )

    # facts --------------------------------------------------------------------------------
    def signal(self, household, code, days_ago, partner_kind=None):
        signal_type = self.types[code]
        partner = self.partners.get(partner_kind) or self.partners[PartnerKind.FRONT_DESK]
        observed = self.today - timedelta(days=days_ago)
        self.ref += 1
        person = (
            self.rng.choice(self.members[household.pk]) if signal_type.subject == "person" else None
        )
        self.signals.append(
            SignalRow(
                partner_id=partner.pk,
                signal_type_id=signal_type.pk,
                household_id=household.pk,
                person_id=person.pk if person else None,
                observed_on=observed,
                received_on=min(self.today, observed + timedelta(days=self.rng.randint(0, 5))),
                reference=f"DEMO-{self.ref:07d}",
                note="",
                content_hash=content_hash(
                    signal_type.pk, household.pk, person.pk if person else None, observed, ""
                ),
            )
        )

    def decision(self, household, law, start_days_ago, length_days, product=None, person=None):
        product, need = product or self.rng.choice(PRODUCTS[law])
        start = self.today - timedelta(days=start_days_ago)
        end = start + timedelta(days=length_days) if length_days else None
        person = person or self.rng.choice(self.members[household.pk])
        self.ref += 1
        self.decisions.append(
            Decision(
                municipality=self.m,
                household=household,
                person=person,
                law=law,
                product=product,
                need=need,
                start_on=start,
                end_on=end,
                reference=f"DEMO-B-{self.ref:07d}",
                content_hash=content_hash(household.pk, person.pk, law, product, need, start, end),
            )
        )

    def facts(self):
        rng = self.rng
        arrears = {
            "huurachterstand": PartnerKind.HOUSING,
            "energieachterstand": PartnerKind.ENERGY,
            "waterachterstand": PartnerKind.WATER,
            "zorgpremieachterstand": PartnerKind.INSURER,
        }
        other_codes = [c for c in self.types if c not in arrears]
        for household in self.households:
            roll = rng.random()
            # background: a signal here and there, one decision for many
            if rng.random() < 0.25:
                self.signal(household, rng.choice(other_codes), rng.randint(1, 400))
            if rng.random() < 0.3:
                self.decision(
                    household,
                    rng.choice(["wmo", "participatiewet", "beschikkingsvrij"]),
                    rng.randint(30, 700),
                    rng.choice([None, 365]),
                )
            if roll < 0.03:  # three or more kinds of support at once
                for law in ("wmo", "participatiewet", "beschikkingsvrij"):
                    self.decision(household, law, rng.randint(20, 300), None)
            elif roll < 0.06:  # several red flags in 90 days
                for code in rng.sample(other_codes, 2):
                    self.signal(household, code, rng.randint(1, 80))
            elif roll < 0.08:  # short decisions for the same need
                product = PRODUCTS["wmo"][1]
                self.decision(household, "wmo", 400, 120, product)
                self.decision(household, "wmo", 250, 120, product)
            elif roll < 0.10:  # the same decision for years
                product = PRODUCTS["wmo"][0]
                for years in (5, 4, 3, 2, 1):
                    self.decision(
                        household, "wmo", years * 365, 364 if years > 1 else None, product
                    )
            elif roll < 0.12:  # different requests within a year
                for law, index in (("wmo", 2), ("participatiewet", 1), ("beschikkingsvrij", 1)):
                    self.decision(household, law, rng.randint(10, 300), 90, PRODUCTS[law][index])
            elif roll < 0.14:  # energy or premium arrears in several months
                code = rng.choice(["energieachterstand", "zorgpremieachterstand"])
                for days in (20, 55, 85):
                    self.signal(household, code, days, arrears[code])
            elif roll < 0.16:  # arrears with two creditors
                for code in rng.sample(list(arrears), 2):
                    self.signal(household, code, rng.randint(1, 60), arrears[code])
            elif roll < 0.17:  # youth care, turning 18 within months
                young = self.members[household.pk][-1]
                young.birth_month = (self.today - timedelta(days=int(17.7 * 365))).replace(day=1)
                young.save(update_fields=["birth_month"])
                self.decision(household, "jeugdwet", 500, None, person=young)

    def relapses(self, count: int):
        """Households whose case closed well landed 4 months ago, with a new signal since."""
        from stabiel.rules.models import RelapseWatch

        for household in self.rng.sample(self.households, count):
            RelapseWatch.objects.create(
                municipality=self.m,
                household=household,
                starts_on=self.today - timedelta(days=120),
                ends_on=self.today + timedelta(days=245),
            )
            self.signal(household, "geen-reactie-op-brieven", 10)

    def save(self):
        # the one way in for signals; the demo loader runs the rules itself afterwards
        signals_store(
            municipality_id=self.m.pk, rows=self.signals, channel=Channel.DEMO, announce=False
        )
        Decision.objects.bulk_create(self.decisions, batch_size=2000)


@transaction.atomic
def demo_households_load(*, municipality, today: date, households: int = 3000) -> bool:
    """Fill the demo municipality once. Returns False when it already has households."""
    if demo_population_present(municipality=municipality):
        return False
    builder = DemoBuilder(municipality, today=today, households=households)
    builder.population()
    builder.facts()
    builder.relapses(15)
    builder.save()
    return True
