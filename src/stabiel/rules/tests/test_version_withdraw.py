"""A version planned for the future can be withdrawn before it starts, never after (issue 13)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.rules.engine import versions_in_force
from stabiel.rules.models import Rule, RuleVersion
from stabiel.rules.services import (
    RuleInputError,
    rule_version_create,
    rule_version_withdraw,
    rules_seed,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rule(catalogue, municipality):
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    return Rule.objects.get(municipality=municipality, code="drie-beschikkingen")


def plan(rule, actor, *, starts=TODAY + timedelta(days=14), min_count=4):
    return rule_version_create(
        actor=actor,
        rule=rule,
        params={"min_count": min_count},
        action="home_visit",
        due_working_days=10,
        in_force_from=starts,
        purpose="",
        legal_basis="",
        change_note="Vier is genoeg voor ons team.",
    )


def withdraw_url(version):
    return reverse("rules:version-withdraw", args=[version.rule_id, version.pk])


def test_a_planned_version_is_withdrawn_on_screen(client, rule, admin_user):
    planned = plan(rule, admin_user)
    client.force_login(admin_user)
    detail = client.get(reverse("rules:rule-detail", args=[rule.pk])).content.decode()
    assert withdraw_url(planned) in detail
    assert client.get(withdraw_url(planned)).status_code == 200
    response = client.post(withdraw_url(planned), {"reason": "Eerst met het team bespreken."})
    assert response.status_code == 302
    assert response.url == reverse("rules:rule-detail", args=[rule.pk])
    planned.refresh_from_db()
    assert planned.withdrawn_by == admin_user and planned.withdrawn_at is not None
    assert planned.withdrawal_reason == "Eerst met het team bespreken."
    first = rule.versions.get(number=1)
    assert first.in_force_until is None  # the version before runs on
    page = client.get(response.url).content.decode()
    assert "Versie 2 is ingetrokken." in page
    assert "Eerst met het team bespreken." in page  # kept in the history
    # On the day it would have started, the first version still applies.
    later = TODAY + timedelta(days=20)
    in_force = versions_in_force(municipality_id=rule.municipality_id, today=later)
    assert list(in_force.filter(rule=rule)) == [first]


def test_the_next_version_gets_a_new_number(rule, admin_user):
    planned = plan(rule, admin_user)
    rule_version_withdraw(actor=admin_user, version_id=planned.pk, reason="Niet nodig.")
    again = plan(rule, admin_user, min_count=5)
    assert again.number == 3
    assert rule.versions.get(number=1).in_force_until == again.in_force_from - timedelta(days=1)


def test_a_version_that_started_cannot_be_withdrawn(client, rule, admin_user):
    started = plan(rule, admin_user, starts=TODAY + timedelta(days=1))
    with time_machine.travel(datetime(2026, 6, 16, 10, 0, tzinfo=UTC), tick=False):
        client.force_login(admin_user)
        response = client.post(withdraw_url(started), {"reason": "Toch niet."})
        assert response.status_code == 400
        assert "al ingegaan" in response.content.decode()
        detail = client.get(reverse("rules:rule-detail", args=[rule.pk])).content.decode()
        assert withdraw_url(started) not in detail
    started.refresh_from_db()
    assert started.withdrawn_at is None
    assert rule.versions.get(number=1).in_force_until == TODAY


def test_the_version_in_force_cannot_be_withdrawn(rule, admin_user):
    current = rule.versions.get()
    with pytest.raises(RuleInputError):
        rule_version_withdraw(actor=admin_user, version_id=current.pk, reason="Weg ermee.")
    current.refresh_from_db()
    assert current.withdrawn_at is None


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Schrijf kort op waarom de versie niet doorgaat."),
        ("   ", "Schrijf kort op waarom de versie niet doorgaat."),
        ("x" * 301, "Schrijf de reden in hoogstens 300 tekens."),
    ],
)
def test_bad_input_gives_a_message_and_changes_nothing(client, rule, admin_user, reason, message):
    planned = plan(rule, admin_user)
    client.force_login(admin_user)
    response = client.post(withdraw_url(planned), {"reason": reason})
    assert response.status_code == 400
    assert message in response.content.decode()
    planned.refresh_from_db()
    assert planned.withdrawn_at is None
    assert rule.versions.get(number=1).in_force_until == planned.in_force_from - timedelta(days=1)


def test_an_earlier_planned_version_waits_for_the_later_one(rule, admin_user):
    second = plan(rule, admin_user)
    third = plan(rule, admin_user, starts=TODAY + timedelta(days=30), min_count=5)
    with pytest.raises(RuleInputError, match="latere versie"):
        rule_version_withdraw(actor=admin_user, version_id=second.pk, reason="Niet nodig.")
    rule_version_withdraw(actor=admin_user, version_id=third.pk, reason="Niet nodig.")
    second.refresh_from_db()
    assert second.in_force_until is None and second.withdrawn_at is None


def test_withdrawn_twice_or_by_another_role_or_municipality(
    client, rule, admin_user, make_user, other_municipality, team
):
    planned = plan(rule, admin_user)
    client.force_login(make_user(Role.ACCESS_WORKER, teams=[team]))
    assert client.post(withdraw_url(planned), {"reason": "x"}).status_code == 403
    other_admin = make_user(Role.FUNCTIONAL_ADMIN, municipality=other_municipality)
    client.force_login(other_admin)
    assert client.get(withdraw_url(planned)).status_code == 404
    assert client.post(withdraw_url(planned), {"reason": "x"}).status_code == 404
    with pytest.raises(RuleVersion.DoesNotExist):
        rule_version_withdraw(actor=other_admin, version_id=planned.pk, reason="x")
    rule_version_withdraw(actor=admin_user, version_id=planned.pk, reason="Niet nodig.")
    # A withdrawn version has no withdraw page any more.
    client.force_login(admin_user)
    assert client.get(withdraw_url(planned)).status_code == 404
    with pytest.raises(RuleInputError):
        rule_version_withdraw(actor=admin_user, version_id=planned.pk, reason="Nog eens.")
