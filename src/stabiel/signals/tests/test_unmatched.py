"""Issue 12 part 4: a signal about a resident Stabiel does not know is held, not refused, and
matched by an access worker or by the next register feed."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import TeamFactory
from stabiel.core.models import AccessLogEntry
from stabiel.residents.services import household_register, person_register
from stabiel.signals.models import Channel, Signal, UnmatchedSubject
from stabiel.signals.services import (
    SignalInputError,
    signal_record,
    unmatched_discard,
    unmatched_match,
    unmatched_match_known,
)
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db
NEWCOMER = "100000071"  # passes the eleven-test; not in the register (yet)


@pytest.fixture
def world(catalogue, municipality, make_user):
    pop = population(municipality, households=2)
    team = TeamFactory(municipality=municipality)
    team.areas.add(pop.area)
    reporter = make_user(Role.PARTNER_REPORTER, partner_organisation="Heuvelrug Wonen")
    worker = make_user(Role.ACCESS_WORKER, teams=[team])
    return pop, reporter, worker


def report(reporter, *, reference="N-1", bsn=NEWCOMER, postcode="", house_number=""):
    return signal_record(
        municipality=reporter.municipality,
        partner=reporter.partner_organisation,
        signal_type_code="huurachterstand",
        observed_on=timezone.localdate() - timedelta(days=2),
        reference=reference,
        bsn=bsn,
        postcode=postcode,
        house_number=house_number,
        channel=Channel.FORM,
        reported_by=reporter,
    )


def test_the_partner_form_accepts_an_unknown_resident_with_the_usual_thanks(client, world):
    _pop, reporter, _worker = world
    client.force_login(reporter)
    data = {
        "signal_type": "huurachterstand",
        "bsn": NEWCOMER,
        "observed_on": f"{timezone.localdate() - timedelta(days=2):%d-%m-%Y}",
        "reference": "HW-1",
        "note": "",
    }
    response = client.post(reverse("signals:report"), data, follow=True)
    assert "Het signaal is ontvangen" in response.content.decode()
    assert UnmatchedSubject.objects.get().signal.reference == "HW-1"


def test_a_worker_matches_a_held_signal_and_the_rules_see_it(
    world, django_capture_on_commit_callbacks
):
    pop, reporter, worker = world
    signal = report(reporter).signal
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        unmatched_match(actor=worker, signal_id=signal.pk, household_label=pop.households[1].label)
    signal.refresh_from_db()
    assert signal.household == pop.households[1]
    held = UnmatchedSubject.objects.get()
    assert held.outcome == "matched" and held.bsn == "" and held.resolved_by == worker
    assert callbacks  # the rules are told about the household
    assert AccessLogEntry.objects.filter(
        household_label=pop.households[1].label, action="change"
    ).exists()
    with pytest.raises(SignalInputError, match="al gekoppeld"):
        unmatched_match(actor=worker, signal_id=signal.pk, household_label=pop.households[0].label)


def test_a_worker_cannot_match_to_a_household_outside_their_teams(world, municipality, make_user):
    pop, reporter, _worker = world
    outsider = make_user(Role.ACCESS_WORKER, teams=[TeamFactory(municipality=municipality)])
    signal = report(reporter).signal
    with pytest.raises(SignalInputError, match="Geen huishouden met dit kenmerk"):
        unmatched_match(
            actor=outsider, signal_id=signal.pk, household_label=pop.households[0].label
        )
    assert Signal.objects.get().household is None
    assert UnmatchedSubject.objects.get().outcome == "waiting"


@pytest.mark.parametrize(("reason", "message"), [("  ", "Schrijf op waarom"), ("x" * 301, "300")])
def test_discarding_needs_a_reason(world, reason, message):
    _pop, reporter, worker = world
    signal = report(reporter).signal
    with pytest.raises(SignalInputError, match=message):
        unmatched_discard(actor=worker, signal_id=signal.pk, reason=reason)
    assert UnmatchedSubject.objects.get().outcome == "waiting"


def test_discarded_signal_keeps_its_reason_and_loses_its_identifiers(world):
    _pop, reporter, worker = world
    signal = report(reporter).signal
    unmatched_discard(actor=worker, signal_id=signal.pk, reason="BSN was verkeerd, melder belde.")
    held = UnmatchedSubject.objects.get()
    assert (held.outcome, held.bsn, held.person_pseudonym) == ("discarded", "", "")
    assert held.discard_reason == "BSN was verkeerd, melder belde."


def test_the_register_brings_the_resident_in_and_the_signal_is_matched(world, municipality):
    _pop, reporter, _worker = world
    by_bsn = report(reporter).signal
    by_address = report(
        reporter, reference="N-2", bsn="", postcode="3999ZZ", house_number="9"
    ).signal
    assert unmatched_match_known(municipality_id=municipality.pk) == 0
    household = household_register(
        municipality=municipality, street="Nieuw", house_number="9", postcode="3999ZZ", city="Z"
    )
    person_register(
        municipality=municipality,
        bsn=NEWCOMER,
        given_names="Nieuwe",
        surname="Bewoner",
        birth_date=date(1990, 1, 1),
        household=household,
        since=date(2026, 1, 1),
    )
    assert unmatched_match_known(municipality_id=municipality.pk) == 2
    by_bsn.refresh_from_db()
    by_address.refresh_from_db()
    assert by_bsn.household == household and by_bsn.person.identity.bsn == NEWCOMER
    assert by_address.household == household and by_address.person is None
    assert unmatched_match_known(municipality_id=municipality.pk) == 0


def test_an_unmatched_signal_counts_for_no_rule(world, municipality):
    from stabiel.rules.engine import rules_run
    from stabiel.rules.models import Alert
    from stabiel.rules.services import rules_seed

    _pop, reporter, _worker = world
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    for n in range(6):
        report(reporter, reference=f"N-{n}")
    rules_run(municipality_id=municipality.pk, today=timezone.localdate())
    assert not Alert.objects.exists()


def test_queue_screens_match_and_discard_with_dutch_messages(client, world):
    pop, reporter, worker = world
    first = report(reporter).signal
    second = report(reporter, reference="N-2").signal
    client.force_login(worker)
    page = client.get(reverse("signals:unmatched-list")).content.decode()
    assert "2 signalen wachten." in page
    url = reverse("signals:unmatched-detail", args=[first.pk])
    page = client.get(url).content.decode()
    assert NEWCOMER in page and "Huishouden zoeken" in page
    response = client.post(url, {"action": "match", "household": "HH-%"})
    assert "Zoek en kies het huishouden opnieuw." in response.content.decode()
    response = client.post(url, {"action": "match", "household": ""})
    assert "Zoek en kies eerst een huishouden." in response.content.decode()
    assert Signal.objects.get(pk=first.pk).household is None
    response = client.post(url, {"action": "match", "household": pop.households[0].label})
    assert response.status_code == 302
    assert Signal.objects.get(pk=first.pk).household == pop.households[0]
    url = reverse("signals:unmatched-detail", args=[second.pk])
    response = client.post(url, {"action": "discard", "reason": ""})
    assert "Schrijf op waarom u het signaal terzijde legt." in response.content.decode()
    assert UnmatchedSubject.objects.get(signal=second).outcome == "waiting"
    response = client.post(url, {"action": "discard", "reason": "Niet onze gemeente."})
    assert response.status_code == 302
    assert client.get(url).status_code == 404


def test_a_partner_cannot_open_the_queue(client, world):
    _pop, reporter, _worker = world
    report(reporter)
    client.force_login(reporter)
    assert client.get(reverse("signals:unmatched-list")).status_code == 403


def test_the_queue_selectors_log_and_answer_404_the_same(world, municipality, make_user):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from stabiel.accounts.tests.factories import MunicipalityFactory
    from stabiel.signals import queries

    pop, reporter, worker = world
    signal = report(reporter).signal
    before = AccessLogEntry.objects.count()
    assert [h.signal_id for h in queries.unmatched_list(actor=worker)] == [signal.pk]
    assert queries.unmatched_get(actor=worker, signal_id=signal.pk).bsn == NEWCOMER
    assert AccessLogEntry.objects.count() == before + 2  # the list and the one signal
    queries.unmatched_get(actor=worker, signal_id=signal.pk, shown=False)
    assert AccessLogEntry.objects.count() == before + 2  # nothing shown, nothing logged
    elsewhere = make_user(Role.ACCESS_WORKER, municipality=MunicipalityFactory())
    assert queries.unmatched_list(actor=elsewhere) == []
    for actor, signal_id in ((elsewhere, signal.pk), (worker, signal.pk + 999)):
        with pytest.raises(Http404):
            queries.unmatched_get(actor=actor, signal_id=signal_id)
    unmatched_match(actor=worker, signal_id=signal.pk, household_label=pop.households[0].label)
    with pytest.raises(Http404):  # matched: no longer in the queue
        queries.unmatched_get(actor=worker, signal_id=signal.pk)
    with pytest.raises(PermissionDenied):
        queries.unmatched_list(actor=reporter)


def test_the_queue_views_read_and_write_through_queries_and_services():
    from pathlib import Path

    source = (Path(__file__).parents[1] / "unmatched_views.py").read_text(encoding="utf-8")
    assert ".objects" not in source and "log_access" not in source
