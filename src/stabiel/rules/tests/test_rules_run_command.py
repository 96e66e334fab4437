import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from stabiel.accounts.tests.factories import TeamFactory
from stabiel.core.models import ProcessingLogEntry
from stabiel.rules.models import Alert
from stabiel.rules.services import rules_seed
from stabiel.signals.services import decision_record
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db


def test_full_run_raises_alerts_logs_and_is_safe_to_repeat(catalogue, municipality):
    pop = population(municipality, households=1)
    TeamFactory(municipality=municipality).areas.add(pop.area)
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    for i, law in enumerate(["wmo", "participatiewet", "beschikkingsvrij"]):
        decision_record(
            municipality=municipality,
            household=pop.households[0],
            person=pop.persons[0],
            law=law,
            product=f"P{i}",
            need=f"n{i}",
            start_on=date(2026, 1, 1),
            end_on=None,
            reference=f"R{i}",
        )
    out = io.StringIO()
    call_command("rules_run", gemeente=municipality.cbs_code.lower(), stdout=out)
    call_command("rules_run", stdout=out)  # a second server starting the same job adds nothing
    assert Alert.objects.filter(rule__code="drie-beschikkingen").count() == 1
    assert ProcessingLogEntry.objects.filter(operation="rules-full-run").count() == 2


def test_unknown_municipality_gives_a_message(db):
    with pytest.raises(CommandError, match="Onbekende gemeente"):
        call_command("rules_run", gemeente="GM0000", stdout=io.StringIO())
