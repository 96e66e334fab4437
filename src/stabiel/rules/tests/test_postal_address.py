"""People who only share a postal address (briefadres) are never one household for the rules."""

from datetime import date

import pytest

from stabiel.accounts.tests.factories import AreaFactory, TeamFactory
from stabiel.residents.models import Membership, RegisterFeed
from stabiel.residents.services import register_feed_apply, register_feed_receive
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert
from stabiel.rules.services import rules_seed
from stabiel.signals.services import decision_record

pytestmark = pytest.mark.django_db
HEADER = (
    "bsn;voornamen;geslachtsnaam;geboortedatum;gemeentecode;functie_adres;straat;huisnummer;"
    "postcode;woonplaats;datum_aanvang_adreshouding;buurtcode"
)


def _three_decisions_over_two_people(municipality, function: str) -> int:
    area = AreaFactory(municipality=municipality, neighbourhood=True)
    TeamFactory(municipality=municipality).areas.add(area)
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    code = municipality.cbs_code[2:]
    rows = [
        f"111222333;Anna;Vries;1980-03-04;{code};{function};Weeshuislaan;1;3701ZZ;Zeist;2024-01-01;{area.cbs_code}",
        f"123456782;Bram;Jansen;1979-06-01;{code};{function};Weeshuislaan;1;3701ZZ;Zeist;2024-01-01;{area.cbs_code}",
    ]
    feed = register_feed_receive(
        municipality=municipality, name="brp.csv", data="\n".join([HEADER, *rows]).encode()
    )
    feed = register_feed_apply(municipality=municipality, feed_id=feed.pk)
    assert feed.status == RegisterFeed.Status.APPLIED, feed.summary
    members = list(Membership.objects.filter(end_on=None).select_related("person", "household"))
    for index, law in enumerate(["wmo", "participatiewet", "jeugdwet"]):
        member = members[min(index, 1)]
        decision_record(
            municipality=municipality,
            household=member.household,
            person=member.person,
            law=law,
            product=f"Product {index}",
            need=f"need {index}",
            start_on=date(2026, 1, 1),
            end_on=None,
            reference=f"D-{index}",
        )
    rules_run(municipality_id=municipality.pk, today=date(2026, 11, 20))
    return Alert.objects.filter(rule__code="drie-beschikkingen").count()


def test_three_decisions_at_one_home_address_raise_an_alert(catalogue, municipality):
    # The control: the same people living at the address are one household.
    assert _three_decisions_over_two_people(municipality, "W") == 1


def test_three_decisions_over_people_at_one_postal_address_raise_none(catalogue, municipality):
    assert _three_decisions_over_two_people(municipality, "B") == 0
