import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.privacy.models import RetentionPeriod
from stabiel.privacy.retention import RecordType

pytestmark = pytest.mark.django_db

EDIT = reverse("privacy:retention-edit", args=[RecordType.SIGNALS])


def test_administrator_sees_every_record_type_with_start_and_source(admin_client):
    content = admin_client.get(reverse("privacy:retention-list")).content.decode()
    for label in RecordType.labels:
        assert str(label) in content
    assert "vanaf de dag dat de casus is afgesloten" in content
    assert "Lokale instelling" in content
    assert "24 maanden" in content


def test_administrator_saves_a_period(admin_client, municipality):
    response = admin_client.post(
        EDIT, {"amount": "18", "unit": "months", "source": "Besluit van het college, 2026"}
    )
    assert response.status_code == 302
    row = RetentionPeriod.objects.get(municipality=municipality, record_type="signals")
    assert (row.amount, row.unit, row.source) == (18, "months", "Besluit van het college, 2026")
    content = admin_client.get(reverse("privacy:retention-list")).content.decode()
    assert "18 maanden" in content and "Besluit van het college, 2026" in content


@pytest.mark.parametrize(
    ("record_type", "data", "message"),
    [
        ("signals", {"amount": "", "unit": "months", "source": "x"}, "Vul een termijn in."),
        ("signals", {"amount": "twee", "unit": "months", "source": "x"}, "heel getal"),
        ("signals", {"amount": "0", "unit": "months", "source": "x"}, "minstens 1"),
        ("signals", {"amount": "-3", "unit": "days", "source": "x"}, "minstens 1"),
        ("signals", {"amount": "241", "unit": "months", "source": "x"}, "te lang"),
        ("signals", {"amount": "7400", "unit": "days", "source": "x"}, "te lang"),
        ("signals", {"amount": "10", "unit": "days", "source": "x"}, "te kort"),
        ("access_log", {"amount": "11", "unit": "months", "source": "x"}, "minstens 365 dagen"),
        ("signals", {"amount": "12", "unit": "weeks", "source": "x"}, "Kies maanden of dagen."),
        ("signals", {"amount": "12", "unit": "months", "source": ""}, "Lokale instelling"),
        ("signals", {"amount": "12", "unit": "months", "source": "x" * 301}, "300 tekens"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_stores_nothing(
    admin_client, record_type, data, message
):
    url = reverse("privacy:retention-edit", args=[record_type])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RetentionPeriod.objects.exists()


def test_unknown_record_type_is_404(admin_client):
    url = reverse("privacy:retention-edit", args=["bestaat-niet"])
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"amount": "1", "unit": "days", "source": "x"}).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.PRIVACY_OFFICER, Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.POLICY_ADVISER]
)
def test_only_the_administrator_manages_retention(client, make_user, team, role):
    client.force_login(make_user(role, teams=[team]))
    assert client.get(reverse("privacy:retention-list")).status_code == 403
    assert client.post(EDIT, {"amount": "1", "unit": "days", "source": "x"}).status_code == 403
    assert not RetentionPeriod.objects.exists()


def test_periods_are_per_municipality(admin_client, municipality, other_municipality):
    RetentionPeriod.objects.create(
        municipality=other_municipality, record_type="signals", amount=99, unit="days"
    )
    content = admin_client.get(reverse("privacy:retention-list")).content.decode()
    assert "99 dagen" not in content


def test_the_list_shows_the_last_purge(admin_client, municipality):
    from datetime import date

    from stabiel.privacy.purge import privacy_purge

    assert (
        "Er is nog niet opgeschoond."
        in admin_client.get(reverse("privacy:retention-list")).content.decode()
    )
    privacy_purge(municipality=municipality, today=date(2026, 6, 15))
    content = admin_client.get(reverse("privacy:retention-list")).content.decode()
    assert "Laatste opschoning:" in content
