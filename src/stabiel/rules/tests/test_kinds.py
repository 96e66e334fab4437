"""Each rule kind against small hand-made households, and due dates in working days.

Dates are frozen by passing `today`: the kinds never read the clock. Facts are stored through
the real services (household_register, person_register, signal_record, decision_record), so
the tests also hold when those services change what they store.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from stabiel.accounts.tests.factories import (
    AreaFactory,
    PartnerOrganisationFactory,
    UserFactory,
)
from stabiel.residents.services import household_register, person_register
from stabiel.rules.kinds import KINDS, RuleKind, years_before
from stabiel.rules.models import RelapseWatch
from stabiel.rules.working_days import add_working_days, is_working_day
from stabiel.signals.services import decision_record, signal_record

TODAY = date(2026, 6, 15)  # a Monday
D0 = TODAY


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def valid_bsns():
    """Nine-digit numbers that pass the eleven-test, in a fixed order."""
    number = 100000000
    while True:
        digits = str(number)
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - int(digits[8])) % 11 == 0:
            yield digits
        number += 1


# Facts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dec:
    """A decision (or decision-free support) for household `hh`."""

    hh: str
    start: date
    end: date | None = None
    law: str = "wmo"
    product: str = ""  # empty: a product of its own, so decisions differ unless told
    need: str = ""
    born: date | None = None  # for a decision about a young person born then


@dataclass(frozen=True)
class Sig:
    """A partner's signal about household `hh`."""

    hh: str
    code: str
    observed: date
    partner: str = "housing"
    received: date | None = None  # default: received on the day it was observed


@dataclass(frozen=True)
class Watch:
    """A case of household `hh` closed 'well landed' on `starts`, watched until `ends`."""

    hh: str
    starts: date
    ends: date


@dataclass(frozen=True)
class Chg:
    """Household `hh` got care worker `who` at involved organisation `party` from `on` (the
    first one at a party is its starting worker, not a change)."""

    hh: str
    party: str
    on: date
    who: str = "Hulpverlener"


@dataclass
class World:
    municipality: object
    households: dict
    addresses: dict
    partners: dict
    bsns: object = field(default_factory=valid_bsns)
    counter: int = 0

    def ref(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"


@pytest.fixture
def world(catalogue, municipality):
    area = AreaFactory(municipality=municipality, neighbourhood=True)
    households, addresses = {}, {}
    for index, name in enumerate("ABC"):
        postcode, number = f"37{index:02d}CD", str(index + 1)
        households[name] = household_register(
            municipality=municipality,
            street="Laan",
            house_number=number,
            postcode=postcode,
            city="Zeist",
            area=area,
        )
        addresses[name] = (postcode, number)
    partners = {
        kind: PartnerOrganisationFactory(
            municipality=municipality, name=f"Partner {kind}", kind=kind
        )
        for kind in ("housing", "energy", "insurer", "police")
    }
    return World(municipality, households, addresses, partners)


def store(world: World, facts) -> None:
    for fact in facts:
        if isinstance(fact, Dec):
            person = None
            if fact.born:
                person = person_register(
                    municipality=world.municipality,
                    bsn=next(world.bsns),
                    given_names="Jong",
                    surname="Mens",
                    birth_date=fact.born,
                    household=world.households[fact.hh],
                    since=date(2010, 1, 1),
                )
            ref = world.ref("D")
            decision_record(
                municipality=world.municipality,
                household=world.households[fact.hh],
                person=person,
                law=fact.law,
                product=fact.product or f"product {ref}",
                need=fact.need or f"need {ref}",
                start_on=fact.start,
                end_on=fact.end,
                reference=ref,
            )
        elif isinstance(fact, Sig):
            postcode, number = world.addresses[fact.hh]
            signal_record(
                municipality=world.municipality,
                partner=world.partners[fact.partner],
                signal_type_code=fact.code,
                observed_on=fact.observed,
                reference=world.ref("S"),
                postcode=postcode,
                house_number=number,
                today=fact.received or fact.observed,
            )
        elif isinstance(fact, Chg):
            from stabiel.safety.models import CareWorkerChange, InvolvedParty

            user = UserFactory(municipality=world.municipality)
            party, _made = InvolvedParty.objects.get_or_create(
                municipality=world.municipality,
                household=world.households[fact.hh],
                organisation=fact.party,
                defaults={"role": "Begeleiding", "since": date(2020, 1, 1), "recorded_by": user},
            )
            CareWorkerChange.objects.create(
                municipality=world.municipality,
                party=party,
                care_worker=fact.who,
                from_on=fact.on,
                recorded_by=user,
            )
        else:
            RelapseWatch.objects.create(
                municipality=world.municipality,
                household=world.households[fact.hh],
                starts_on=fact.starts,
                ends_on=fact.ends,
            )


def matched(world: World, kind: RuleKind, params: dict, today: date) -> dict[str, int]:
    """Household name -> number of evidence items, for the households the kind matches."""
    names = {household.pk: name for name, household in world.households.items()}
    found: dict[str, int] = {}
    for item in kind.evidence(
        municipality_id=world.municipality.pk,
        p=kind.clean_params(params),
        today=today,
        household_ids=None,
    ):
        found[names[item.household_id]] = found.get(names[item.household_id], 0) + 1
    return found


# (kind, params, facts, today, expected {household: evidence count}); one comment per row.
CASES = [
    # Three running decisions in one household: the seeds' "three decisions, always visit".
    ("decisions_in_household", {"min_count": 3}, [Dec("A", days_ago(100))] * 3, D0, {"A": 3}),
    # Two running decisions: one short of three.
    ("decisions_in_household", {"min_count": 3}, [Dec("A", days_ago(100))] * 2, D0, {}),
    # Three decisions, but one ended yesterday: never three at the same time today.
    (
        "decisions_in_household",
        {"min_count": 3},
        [Dec("A", days_ago(100)), Dec("A", days_ago(100)), Dec("A", days_ago(100), days_ago(1))],
        D0,
        {},
    ),
    # A decision that ends today still runs today.
    (
        "decisions_in_household",
        {"min_count": 3},
        [Dec("A", days_ago(100)), Dec("A", days_ago(100)), Dec("A", days_ago(100), D0)],
        D0,
        {"A": 3},
    ),
    # Support without a formal decision counts as well (several municipalities work that way).
    (
        "decisions_in_household",
        {"min_count": 3},
        [
            Dec("A", days_ago(9)),
            Dec("A", days_ago(9)),
            Dec("A", days_ago(9), law="beschikkingsvrij"),
        ],
        D0,
        {"A": 3},
    ),
    # A decision that starts tomorrow does not run yet.
    (
        "decisions_in_household",
        {"min_count": 3},
        [Dec("A", days_ago(9)), Dec("A", days_ago(9)), Dec("A", D0 + timedelta(days=1))],
        D0,
        {},
    ),
    # Decisions in different households do not add up.
    (
        "decisions_in_household",
        {"min_count": 3},
        [Dec("A", days_ago(9)), Dec("A", days_ago(9)), Dec("B", days_ago(9))],
        D0,
        {},
    ),
    # A municipality that sets the bar at two sees household A with two.
    ("decisions_in_household", {"min_count": 2}, [Dec("A", days_ago(9))] * 2, D0, {"A": 2}),
    # Rent arrears and a police report on care: two different red flags in 90 days.
    (
        "red_flags_in_period",
        {"min_flags": 2, "window_days": 90},
        [
            Sig("A", "huurachterstand", days_ago(10)),
            Sig("A", "problematische-schulden", days_ago(80)),
        ],
        D0,
        {"A": 2},
    ),
    # Rent and energy arrears are the same red flag (payment arrears): one flag only.
    (
        "red_flags_in_period",
        {"min_flags": 2, "window_days": 90},
        [
            Sig("A", "huurachterstand", days_ago(10)),
            Sig("A", "energieachterstand", days_ago(5), partner="energy"),
        ],
        D0,
        {},
    ),
    # Observed exactly 90 days ago is outside "the last 90 days" (today and the 89 days before).
    (
        "red_flags_in_period",
        {"min_flags": 2, "window_days": 90},
        [
            Sig("A", "huurachterstand", days_ago(10)),
            Sig("A", "problematische-schulden", days_ago(90)),
        ],
        D0,
        {},
    ),
    # Observed 89 days ago is inside.
    (
        "red_flags_in_period",
        {"min_flags": 2, "window_days": 90},
        [
            Sig("A", "huurachterstand", days_ago(10)),
            Sig("A", "problematische-schulden", days_ago(89)),
        ],
        D0,
        {"A": 2},
    ),
    # With one flag as the local agreement, a single signal is enough.
    (
        "red_flags_in_period",
        {"min_flags": 1, "window_days": 90},
        [Sig("B", "geen-daginvulling", days_ago(3))],
        D0,
        {"B": 1},
    ),
    # Looking back from an earlier date, a signal observed later is not seen.
    (
        "red_flags_in_period",
        {"min_flags": 2, "window_days": 90},
        [
            Sig("A", "huurachterstand", days_ago(40)),
            Sig("A", "problematische-schulden", days_ago(5)),
        ],
        days_ago(20),
        {},
    ),
    # Two short decisions (183 days each) for the same need within two years.
    (
        "short_decisions_same_need",
        {"min_count": 2, "max_days": 183, "window_days": 730},
        [
            Dec("A", days_ago(400), days_ago(400) + timedelta(days=183), need="begeleiding"),
            Dec("A", days_ago(200), days_ago(200) + timedelta(days=183), need="begeleiding"),
        ],
        D0,
        {"A": 2},
    ),
    # Two short decisions, but for different needs.
    (
        "short_decisions_same_need",
        {"min_count": 2, "max_days": 183, "window_days": 730},
        [
            Dec("A", days_ago(400), days_ago(300), need="begeleiding"),
            Dec("A", days_ago(200), days_ago(100), need="huishoudelijke hulp"),
        ],
        D0,
        {},
    ),
    # One of them lasts 184 days: longer than "short".
    (
        "short_decisions_same_need",
        {"min_count": 2, "max_days": 183, "window_days": 730},
        [
            Dec("A", days_ago(400), days_ago(400) + timedelta(days=184), need="begeleiding"),
            Dec("A", days_ago(200), days_ago(100), need="begeleiding"),
        ],
        D0,
        {},
    ),
    # A decision without an end date is not short.
    (
        "short_decisions_same_need",
        {"min_count": 2, "max_days": 183, "window_days": 730},
        [
            Dec("A", days_ago(400), days_ago(300), need="begeleiding"),
            Dec("A", days_ago(200), None, need="begeleiding"),
        ],
        D0,
        {},
    ),
    # The first one started 730 days ago: outside the two-year window.
    (
        "short_decisions_same_need",
        {"min_count": 2, "max_days": 183, "window_days": 730},
        [
            Dec("A", days_ago(730), days_ago(650), need="begeleiding"),
            Dec("A", days_ago(200), days_ago(100), need="begeleiding"),
        ],
        D0,
        {},
    ),
    # The same product decided again and again since three years ago, and it still runs.
    (
        "same_decision_for_years",
        {"min_years": 3},
        [
            Dec("A", years_before(D0, 3), years_before(D0, 2), product="begeleiding"),
            Dec("A", years_before(D0, 2) + timedelta(days=1), None, product="begeleiding"),
        ],
        D0,
        {"A": 2},
    ),
    # The first decision is only two years old.
    (
        "same_decision_for_years",
        {"min_years": 3},
        [
            Dec("A", years_before(D0, 2), days_ago(200), product="begeleiding"),
            Dec("A", days_ago(199), None, product="begeleiding"),
        ],
        D0,
        {},
    ),
    # Repeated for years, but nothing runs today any more.
    (
        "same_decision_for_years",
        {"min_years": 3},
        [
            Dec("A", years_before(D0, 4), years_before(D0, 2), product="begeleiding"),
            Dec("A", years_before(D0, 2), days_ago(1), product="begeleiding"),
        ],
        D0,
        {},
    ),
    # One long decision running for four years was never decided again: not "again and again".
    (
        "same_decision_for_years",
        {"min_years": 3},
        [Dec("A", years_before(D0, 4), None, product="begeleiding")],
        D0,
        {},
    ),
    # Support without a decision is no decision: it never counts for this rule.
    (
        "same_decision_for_years",
        {"min_years": 3},
        [
            Dec(
                "A",
                years_before(D0, 4),
                years_before(D0, 2),
                law="beschikkingsvrij",
                product="buurthulp",
            ),
            Dec("A", years_before(D0, 2), None, law="beschikkingsvrij", product="buurthulp"),
        ],
        D0,
        {},
    ),
    # A renewal already decided for next month is not evidence yet (fixed in kinds.py: it was).
    (
        "same_decision_for_years",
        {"min_years": 3},
        [
            Dec("A", years_before(D0, 3), years_before(D0, 2), product="begeleiding"),
            Dec(
                "A",
                years_before(D0, 2) + timedelta(days=1),
                D0 + timedelta(days=20),
                product="begeleiding",
            ),
            Dec("A", D0 + timedelta(days=21), None, product="begeleiding"),
        ],
        D0,
        {"A": 2},
    ),
    # Three different needs within a year: one story behind loose requests.
    (
        "different_requests",
        {"min_kinds": 3, "window_days": 365},
        [
            Dec("A", days_ago(300), need="huishoudelijke hulp"),
            Dec("A", days_ago(200), need="opvoedondersteuning"),
            Dec("A", days_ago(10), need="schuldhulp", law="participatiewet"),
        ],
        D0,
        {"A": 3},
    ),
    # Three requests for the same need are one kind of help.
    (
        "different_requests",
        {"min_kinds": 3, "window_days": 365},
        [Dec("A", days_ago(n), need="huishoudelijke hulp") for n in (300, 200, 10)],
        D0,
        {},
    ),
    # The first request started 365 days ago: just outside the year.
    (
        "different_requests",
        {"min_kinds": 3, "window_days": 365},
        [
            Dec("A", days_ago(365), need="huishoudelijke hulp"),
            Dec("A", days_ago(200), need="opvoedondersteuning"),
            Dec("A", days_ago(10), need="schuldhulp"),
        ],
        D0,
        {},
    ),
    # Energy arrears in May and health premium arrears in June: two months (the Velsen way).
    (
        "unpaid_bills_months",
        {
            "signal_types": ["energieachterstand", "zorgpremieachterstand"],
            "min_months": 2,
            "window_days": 180,
        },
        [
            Sig("A", "energieachterstand", date(2026, 5, 20), partner="energy"),
            Sig("A", "zorgpremieachterstand", date(2026, 6, 2), partner="insurer"),
        ],
        D0,
        {"A": 2},
    ),
    # Two signals in the same calendar month are one month.
    (
        "unpaid_bills_months",
        {
            "signal_types": ["energieachterstand", "zorgpremieachterstand"],
            "min_months": 2,
            "window_days": 180,
        },
        [
            Sig("A", "energieachterstand", date(2026, 6, 1), partner="energy"),
            Sig("A", "zorgpremieachterstand", date(2026, 6, 14), partner="insurer"),
        ],
        D0,
        {},
    ),
    # Rent arrears are not among the chosen signal types.
    (
        "unpaid_bills_months",
        {"signal_types": ["energieachterstand"], "min_months": 2, "window_days": 180},
        [
            Sig("A", "energieachterstand", date(2026, 5, 20), partner="energy"),
            Sig("A", "huurachterstand", date(2026, 6, 2)),
        ],
        D0,
        {},
    ),
    # The older month lies outside the 180 days.
    (
        "unpaid_bills_months",
        {
            "signal_types": ["energieachterstand", "zorgpremieachterstand"],
            "min_months": 2,
            "window_days": 180,
        },
        [
            Sig("A", "energieachterstand", days_ago(180), partner="energy"),
            Sig("A", "energieachterstand", days_ago(3), partner="energy"),
        ],
        D0,
        {},
    ),
    # Arrears with the housing corporation and the energy company: two creditors.
    (
        "several_creditors",
        {
            "signal_types": ["huurachterstand", "energieachterstand"],
            "min_creditors": 2,
            "window_days": 90,
        },
        [
            Sig("A", "huurachterstand", days_ago(30)),
            Sig("A", "energieachterstand", days_ago(3), partner="energy"),
        ],
        D0,
        {"A": 2},
    ),
    # Two reports from the same creditor are one creditor.
    (
        "several_creditors",
        {
            "signal_types": ["huurachterstand", "energieachterstand"],
            "min_creditors": 2,
            "window_days": 90,
        },
        [Sig("A", "huurachterstand", days_ago(30)), Sig("A", "huurachterstand", days_ago(3))],
        D0,
        {},
    ),
    # A police report is no payment arrear, whoever sends it.
    (
        "several_creditors",
        {
            "signal_types": ["huurachterstand", "energieachterstand"],
            "min_creditors": 2,
            "window_days": 90,
        },
        [
            Sig("A", "huurachterstand", days_ago(30)),
            Sig("A", "politiemelding-zorg-overlast", days_ago(3), partner="police"),
        ],
        D0,
        {},
    ),
    # One creditor reported 90 days ago: outside the window.
    (
        "several_creditors",
        {
            "signal_types": ["huurachterstand", "energieachterstand"],
            "min_creditors": 2,
            "window_days": 90,
        },
        [
            Sig("A", "huurachterstand", days_ago(90)),
            Sig("A", "energieachterstand", days_ago(3), partner="energy"),
        ],
        D0,
        {},
    ),
    # A new signal comes in while the closed case is watched.
    (
        "signal_after_well_landed",
        {},
        [
            Watch("A", days_ago(60), D0 + timedelta(days=120)),
            Sig("A", "huurachterstand", days_ago(5)),
        ],
        D0,
        {"A": 1},
    ),
    # A signal that came in on the closing day belongs to the case, not to a relapse.
    (
        "signal_after_well_landed",
        {},
        [Watch("A", days_ago(60), D0), Sig("A", "huurachterstand", days_ago(60))],
        D0,
        {},
    ),
    # A signal after the watch period ended is not a relapse of that case.
    (
        "signal_after_well_landed",
        {},
        [Watch("A", days_ago(200), days_ago(20)), Sig("A", "huurachterstand", days_ago(10))],
        D0,
        {},
    ),
    # Looking back from an earlier date, a signal received later is not seen (fixed in kinds.py).
    (
        "signal_after_well_landed",
        {},
        [
            Watch("A", days_ago(60), D0 + timedelta(days=120)),
            Sig("A", "huurachterstand", days_ago(40), received=days_ago(5)),
        ],
        days_ago(20),
        {},
    ),
    # No closed case, no relapse.
    ("signal_after_well_landed", {}, [Sig("A", "huurachterstand", days_ago(5))], D0, {}),
    # Born in June 2008 with youth care running: turns 18 this month.
    (
        "youth_care_turning_18",
        {"months_before": 6},
        [Dec("A", days_ago(300), law="jeugdwet", born=date(2008, 6, 28))],
        D0,
        {"A": 1},
    ),
    # Born in November 2008: turns 18 in the sixth month from now (June counts as the first).
    (
        "youth_care_turning_18",
        {"months_before": 6},
        [Dec("A", days_ago(300), law="jeugdwet", born=date(2008, 11, 30))],
        D0,
        {"A": 1},
    ),
    # Born in December 2008: the seventh month, not yet.
    (
        "youth_care_turning_18",
        {"months_before": 6},
        [Dec("A", days_ago(300), law="jeugdwet", born=date(2008, 12, 1))],
        D0,
        {},
    ),
    # Born in May 2008: already 18.
    (
        "youth_care_turning_18",
        {"months_before": 6},
        [Dec("A", days_ago(300), law="jeugdwet", born=date(2008, 5, 31))],
        D0,
        {},
    ),
    # The right age, but the support comes under the Wmo, not the Jeugdwet.
    (
        "youth_care_turning_18",
        {"months_before": 6},
        [Dec("A", days_ago(300), law="wmo", born=date(2008, 7, 1))],
        D0,
        {},
    ),
    # The right age, but the youth care has ended.
    (
        "youth_care_turning_18",
        {"months_before": 6},
        [Dec("A", days_ago(300), days_ago(1), law="jeugdwet", born=date(2008, 7, 1))],
        D0,
        {},
    ),
    # Across the turn of the year: in November 2026, born April 2009 turns 18 within 6 months.
    (
        "youth_care_turning_18",
        {"months_before": 6},
        [Dec("A", date(2026, 1, 1), law="jeugdwet", born=date(2009, 4, 15))],
        date(2026, 11, 10),
        {"A": 1},
    ),
    # A first care worker and three new ones at one organisation within the year: the three
    # changes are the evidence, the first worker is not.
    (
        "care_worker_changes",
        {"min_changes": 3, "window_days": 365},
        [
            Chg("A", "Jeugdhulp", days_ago(500)),
            Chg("A", "Jeugdhulp", days_ago(200)),
            Chg("A", "Jeugdhulp", days_ago(100)),
            Chg("A", "Jeugdhulp", days_ago(10)),
        ],
        D0,
        {"A": 3},
    ),
    # Two changes only: below the local setting of three.
    (
        "care_worker_changes",
        {"min_changes": 3, "window_days": 365},
        [Chg("A", "Jeugdhulp", days_ago(d)) for d in (300, 200, 100)],
        D0,
        {},
    ),
    # Counted per organisation: two changes at each of two organisations is not three at one.
    (
        "care_worker_changes",
        {"min_changes": 3, "window_days": 365},
        [Chg("A", "Jeugdhulp", days_ago(d)) for d in (300, 200, 100)]
        + [Chg("A", "Wmo-begeleiding", days_ago(d)) for d in (300, 200, 100)],
        D0,
        {},
    ),
    # A change exactly a window ago still counts (as on the case screen); one day older not.
    (
        "care_worker_changes",
        {"min_changes": 2, "window_days": 365},
        [Chg("A", "Jeugdhulp", days_ago(d)) for d in (800, 365, 5)]
        + [Chg("B", "Jeugdhulp", days_ago(d)) for d in (800, 366, 5)],
        D0,
        {"A": 2},
    ),
    # A change planned after `today` is not evidence yet.
    (
        "care_worker_changes",
        {"min_changes": 1, "window_days": 365},
        [Chg("A", "Jeugdhulp", days_ago(100)), Chg("A", "Jeugdhulp", TODAY + timedelta(days=3))],
        D0,
        {},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "params", "facts", "today", "expected"), CASES)
def test_kind_evidence(world, code, params, facts, today, expected):
    store(world, facts)
    assert matched(world, KINDS[code], params, today) == expected


@pytest.mark.django_db
def test_evidence_can_be_limited_to_touched_households(world):
    store(world, [Dec("A", days_ago(9))] * 3 + [Dec("B", days_ago(9))] * 3)
    kind = KINDS["decisions_in_household"]
    evidence = kind.evidence(
        municipality_id=world.municipality.pk,
        p=kind.clean_params({"min_count": 3}),
        today=TODAY,
        household_ids=[world.households["B"].pk],
    )
    assert {item.household_id for item in evidence} == {world.households["B"].pk}


@pytest.mark.django_db
def test_evidence_stays_inside_the_municipality(world, other_municipality):
    store(world, [Dec("A", days_ago(9))] * 3)
    kind = KINDS["decisions_in_household"]
    assert (
        kind.evidence(
            municipality_id=other_municipality.pk,
            p=kind.clean_params({}),
            today=TODAY,
            household_ids=None,
        )
        == []
    )


def test_every_kind_has_cases():
    assert {code for code, *_ in CASES} == set(KINDS)


# Sentences: (kind, params, the exact Dutch sentence); one comment per row.
SENTENCES = [
    # The seeds' three decisions.
    (
        "decisions_in_household",
        {"min_count": 3},
        "Een huishouden krijgt 3 of meer vormen van ondersteuning tegelijk, met of zonder beschikking.",
    ),
    # One red flag reads in the singular.
    (
        "red_flags_in_period",
        {"min_flags": 1, "window_days": 30},
        "Over een huishouden is in de laatste 30 dagen een signaal met een rode vlag binnengekomen.",
    ),
    # Two or more red flags read in the plural.
    (
        "red_flags_in_period",
        {"min_flags": 2, "window_days": 90},
        "Over een huishouden zijn in de laatste 90 dagen signalen over 2 of meer verschillende rode vlaggen binnengekomen.",
    ),
    # Short decisions name all three numbers.
    (
        "short_decisions_same_need",
        {"min_count": 3, "max_days": 90, "window_days": 365},
        "Een huishouden kreeg in de laatste 365 dagen 3 of meer korte beschikkingen (hoogstens 90 dagen) voor dezelfde hulpvraag.",
    ),
    # Years of the same decision.
    (
        "same_decision_for_years",
        {"min_years": 5},
        "Een huishouden krijgt al 5 jaar of langer steeds opnieuw dezelfde beschikking, en die loopt nog.",
    ),
    # Different requests.
    (
        "different_requests",
        {"min_kinds": 4, "window_days": 180},
        "Een huishouden vroeg in de laatste 180 dagen om 4 of meer verschillende soorten hulp.",
    ),
    # Unpaid bills in months.
    (
        "unpaid_bills_months",
        {"min_months": 3, "window_days": 120},
        "Over een huishouden kwamen in de laatste 120 dagen in 3 of meer verschillende maanden signalen van onbetaalde rekeningen binnen.",
    ),
    # Several creditors.
    (
        "several_creditors",
        {"min_creditors": 3, "window_days": 60},
        "Over een huishouden meldden in de laatste 60 dagen 3 of meer schuldeisers een betalingsachterstand.",
    ),
    # Relapse has no settings.
    (
        "signal_after_well_landed",
        {},
        "Er komt een nieuw signaal binnen over een huishouden waarvan het traject kort geleden goed geland is afgesloten.",
    ),
    # Turning 18.
    (
        "youth_care_turning_18",
        {"months_before": 3},
        "Een jongere met jeugdhulp wordt binnen 3 maanden 18: plan samen de overgang naar ondersteuning voor volwassenen.",
    ),
    # Many changes of care worker.
    (
        "care_worker_changes",
        {"min_changes": 3, "window_days": 365},
        "Bij een organisatie die betrokken is bij een huishouden kreeg het huishouden in de laatste 365 dagen 3 keer of vaker een nieuwe hulpverlener.",
    ),
]


@pytest.mark.parametrize(("code", "params", "sentence"), SENTENCES)
def test_kind_sentence(code, params, sentence):
    kind = KINDS[code]
    assert str(kind.sentence(kind.clean_params(params))) == sentence


def test_every_kind_has_a_sentence_case():
    assert {code for code, *_ in SENTENCES} == set(KINDS)


@pytest.mark.parametrize("code", sorted(KINDS))
def test_every_kind_says_what_it_is_and_uses(code):
    kind = KINDS[code]
    assert kind.code == code
    assert str(kind.label) and str(kind.uses)
    for param in kind.params:
        assert str(param.label)
        assert param.is_codes or param.minimum <= param.default <= param.maximum


# Bad settings: (kind, raw settings, the Dutch message); one comment per row.
BAD_PARAMS = [
    # Not a number.
    (
        "decisions_in_household",
        {"min_count": "drie"},
        "Aantal lopende beschikkingen of vormen van ondersteuning: vul een heel getal in.",
    ),
    # Below the minimum.
    (
        "decisions_in_household",
        {"min_count": 1},
        "Aantal lopende beschikkingen of vormen van ondersteuning: kies een getal van 2 tot en met 20.",
    ),
    # Above the maximum.
    (
        "red_flags_in_period",
        {"window_days": 731},
        "Periode in dagen: kies een getal van 7 tot en met 730.",
    ),
    # No signal types at all.
    (
        "several_creditors",
        {"signal_types": []},
        "Soorten signalen: kies minstens één soort signaal.",
    ),
    # Only blanks is no signal type either.
    (
        "unpaid_bills_months",
        {"signal_types": " , "},
        "Soorten signalen: kies minstens één soort signaal.",
    ),
]


@pytest.mark.parametrize(("code", "raw", "message"), BAD_PARAMS)
def test_clean_params_refuses_bad_settings_in_dutch(code, raw, message):
    with pytest.raises(ValueError, match=message):
        KINDS[code].clean_params(raw)


def test_clean_params_fills_defaults_and_reads_numbers_and_code_lists():
    kind = KINDS["several_creditors"]
    assert kind.clean_params(
        {"min_creditors": "3", "signal_types": "huurachterstand, energieachterstand"}
    ) == {
        "signal_types": ("huurachterstand", "energieachterstand"),
        "min_creditors": 3,
        "window_days": 90,
    }


# Local settings: (kind, settings, labels that are local); one comment per row.
LOCAL = [
    # The publication names the red flag of many changes of care worker, but gives no number.
    (
        "care_worker_changes",
        {"min_changes": 3},
        ["Aantal wisselingen van hulpverlener bij één organisatie", "Binnen een periode van dagen"],
    ),
    # The seeds give three decisions: unchanged it is no local setting.
    ("decisions_in_household", {"min_count": 3}, []),
    # Changed to four it is.
    (
        "decisions_in_household",
        {"min_count": 4},
        ["Aantal lopende beschikkingen of vormen van ondersteuning"],
    ),
    # The seeds give "two or three" short decisions; the days are the municipality's own.
    (
        "short_decisions_same_need",
        {"min_count": 2},
        ["Kort is: hoogstens zoveel dagen", "Binnen een periode van dagen"],
    ),
    # Signal types stored as a JSON list are still local (no seed gives them).
    (
        "unpaid_bills_months",
        {"signal_types": ["energieachterstand", "zorgpremieachterstand"]},
        ["Soorten signalen", "Aantal maanden met een achterstand", "Binnen een periode van dagen"],
    ),
]


@pytest.mark.parametrize(("code", "params", "labels"), LOCAL)
def test_local_settings(code, params, labels):
    kind = KINDS[code]
    assert [str(label) for label in kind.local_settings(kind.clean_params(params))] == labels


# Working days: (start, working days to add, due date); one comment per row.
WORKING_DAYS = [
    # Zero days: the start itself, even on a Sunday.
    (date(2026, 6, 14), 0, date(2026, 6, 14)),
    # An ordinary week: Monday plus 4 is Friday.
    (date(2026, 6, 15), 4, date(2026, 6, 19)),
    # Ten working days span two weekends.
    (date(2026, 2, 2), 10, date(2026, 2, 16)),
    # Friday plus one is Monday.
    (date(2026, 6, 19), 1, date(2026, 6, 22)),
    # Saturday plus one is Monday: the start is not counted.
    (date(2026, 6, 20), 1, date(2026, 6, 22)),
    # Friday 24 Dec 2027: Christmas falls on the weekend, so Monday 27 Dec is a working day.
    (date(2027, 12, 24), 1, date(2027, 12, 27)),
    # Thursday 24 Dec 2026: Christmas on Friday, Boxing Day on Saturday, then the weekend.
    (date(2026, 12, 24), 1, date(2026, 12, 28)),
    # Into the new year: 28-31 Dec, New Year's Day (Friday 1 Jan 2027) skipped, then Monday 4 Jan.
    (date(2026, 12, 24), 5, date(2027, 1, 4)),
    # King's Day, Monday 27 April 2026.
    (date(2026, 4, 24), 1, date(2026, 4, 28)),
    # King's Day 2025 moved to Saturday 26 April (the 27th was a Sunday): Monday 28 April works.
    (date(2025, 4, 25), 1, date(2025, 4, 28)),
    # Easter Monday, 6 April 2026.
    (date(2026, 4, 4), 1, date(2026, 4, 7)),
    # Ascension Day, Thursday 14 May 2026.
    (date(2026, 5, 13), 1, date(2026, 5, 15)),
    # Whit Monday, 25 May 2026.
    (date(2026, 5, 22), 1, date(2026, 5, 26)),
    # Liberation Day is a holiday in the package in lustrum years only: 5 May 2025 is skipped.
    (date(2025, 5, 2), 1, date(2025, 5, 6)),
    # ... and 5 May 2026 is a working day.
    (date(2026, 5, 4), 1, date(2026, 5, 5)),
    # Good Friday counts as a holiday in the `holidays` package (3 April 2026).
    (date(2026, 4, 2), 1, date(2026, 4, 7)),
]


@pytest.mark.parametrize(("start", "days", "due"), WORKING_DAYS)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due
    if days:
        assert is_working_day(due)


def test_add_working_days_refuses_negative_days():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 6, 15), -1)


# years_before: (day, years, result); one comment per row.
@pytest.mark.parametrize(
    ("day", "years", "result"),
    [
        # An ordinary day.
        (date(2026, 6, 15), 3, date(2023, 6, 15)),
        # 29 February becomes 28 February in a year without it.
        (date(2028, 2, 29), 1, date(2027, 2, 28)),
        # 29 February to a leap year is still 28 February (no leap check: a day early is safe).
        (date(2028, 2, 29), 4, date(2024, 2, 28)),
    ],
)
def test_years_before(day, years, result):
    assert years_before(day, years) == result
