import pytest
from django.urls import reverse

from stabiel.accounts.models import Area, Team, User
from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def user_post(**overrides):
    data = {
        "username": "nieuwe.collega",
        "first_name": "Nina",
        "last_name": "Nieuw",
        "email": "nina@example.org",
        "roles": [Role.POLICY_ADVISER],
        "is_active": "on",
        "new_password": "Een-sterk-wachtwoord-42",
    }
    data.update(overrides)
    return data


class TestLogin:
    def test_login_with_good_password(self, client, make_user):
        make_user(Role.POLICY_ADVISER, username="bea")
        response = client.post(
            reverse("accounts:login"), {"username": "bea", "password": "Een-lang-wachtwoord-1"}
        )
        assert response.status_code == 302
        assert response.url == reverse("home:home")

    def test_wrong_password_gives_dutch_message(self, client, make_user):
        make_user(Role.POLICY_ADVISER, username="bea")
        response = client.post(reverse("accounts:login"), {"username": "bea", "password": "fout"})
        assert response.status_code == 200
        assert "klopt niet" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("accounts:user-list"))
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url

    def test_logout_needs_post(self, client, make_user):
        client.force_login(make_user(Role.POLICY_ADVISER))
        assert client.get(reverse("accounts:logout")).status_code == 405
        assert client.post(reverse("accounts:logout")).status_code == 302
        assert "_auth_user_id" not in client.session

    def test_password_change_refuses_weak_password(self, client, make_user):
        user = make_user(Role.POLICY_ADVISER)
        client.force_login(user)
        response = client.post(
            reverse("accounts:password-change"),
            {
                "old_password": "Een-lang-wachtwoord-1",
                "new_password1": "123",
                "new_password2": "123",
            },
        )
        assert response.status_code == 200
        user.refresh_from_db()
        assert user.check_password("Een-lang-wachtwoord-1")

    def test_session_expires_when_idle(self, settings):
        assert settings.SESSION_COOKIE_AGE <= 60 * 60
        assert settings.SESSION_SAVE_EVERY_REQUEST


class TestUserManagement:
    def test_admin_creates_user_with_role_and_team(self, admin_client, admin_user):
        team = TeamFactory(municipality=admin_user.municipality)
        response = admin_client.post(
            reverse("accounts:user-create"),
            user_post(roles=[Role.ACCESS_WORKER], teams=[team.pk]),
        )
        assert response.status_code == 302
        user = User.objects.get(username="nieuwe.collega")
        assert user.municipality == admin_user.municipality
        assert user.role_set == {Role.ACCESS_WORKER}
        assert list(user.teams.all()) == [team]
        assert user.check_password("Een-sterk-wachtwoord-42")

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"roles": []}, "Kies minstens één rol"),
            ({"new_password": "kort"}, "te kort"),
            ({"new_password": ""}, "Geef een wachtwoord op"),
            ({"roles": [Role.ACCESS_WORKER]}, "horen bij minstens één team"),
            ({"roles": [Role.PARTNER_REPORTER]}, "partnerorganisatie"),
            ({"roles": ["superheld"]}, "geldige"),
            ({"email": "geen-adres"}, "e-mailadres"),
        ],
    )
    def test_bad_input_gives_message_and_stores_nothing(self, admin_client, overrides, message):
        before = User.objects.count()
        response = admin_client.post(reverse("accounts:user-create"), user_post(**overrides))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert User.objects.count() == before

    def test_team_of_other_municipality_is_refused(self, admin_client, other_municipality):
        foreign = TeamFactory(municipality=other_municipality)
        response = admin_client.post(
            reverse("accounts:user-create"),
            user_post(roles=[Role.ACCESS_WORKER], teams=[foreign.pk]),
        )
        assert response.status_code == 200
        assert "bestaat niet in uw gemeente" in response.content.decode()
        assert not User.objects.filter(username="nieuwe.collega").exists()

    def test_user_of_other_municipality_is_not_found(self, admin_client, other_municipality):
        stranger = UserFactory(municipality=other_municipality)
        assert (
            admin_client.get(reverse("accounts:user-update", args=[stranger.pk])).status_code == 404
        )
        response = admin_client.post(
            reverse("accounts:user-update", args=[stranger.pk]), user_post()
        )
        assert response.status_code == 404
        stranger.refresh_from_db()
        assert stranger.username != "nieuwe.collega"

    def test_unknown_user_id_is_404(self, admin_client):
        assert admin_client.get(reverse("accounts:user-update", args=[999999])).status_code == 404

    def test_edit_keeps_password_when_left_empty(self, admin_client, admin_user):
        colleague = UserFactory(municipality=admin_user.municipality, roles=[Role.POLICY_ADVISER])
        response = admin_client.post(
            reverse("accounts:user-update", args=[colleague.pk]),
            user_post(
                username=colleague.username,
                new_password="",
                roles=[Role.POLICY_ADVISER, Role.TEAM_LEAD],
                teams=[TeamFactory(municipality=admin_user.municipality).pk],
            ),
        )
        assert response.status_code == 302
        colleague.refresh_from_db()
        assert colleague.check_password("Een-lang-wachtwoord-1")
        colleague._role_cache = None
        assert colleague.role_set == {Role.POLICY_ADVISER, Role.TEAM_LEAD}

    @pytest.mark.parametrize("role", [r for r in Role if r != Role.FUNCTIONAL_ADMIN])
    def test_other_roles_get_403(self, client, make_user, role):
        client.force_login(make_user(role))
        assert client.get(reverse("accounts:user-list")).status_code == 403
        response = client.post(reverse("accounts:user-create"), user_post())
        assert response.status_code == 403
        assert "geen toegang" in response.content.decode()
        assert not User.objects.filter(username="nieuwe.collega").exists()

    def test_list_shows_only_own_municipality(self, admin_client, other_municipality):
        UserFactory(municipality=other_municipality, username="buurman")
        assert "buurman" not in admin_client.get(reverse("accounts:user-list")).content.decode()


class TestTeamsAndAreas:
    def test_create_area_and_team(self, admin_client, admin_user):
        response = admin_client.post(
            reverse("accounts:area-create"),
            {"name": "Oost", "kind": "district", "cbs_code": "wk012301"},
        )
        assert response.status_code == 302
        area = Area.objects.get(municipality=admin_user.municipality, cbs_code="WK012301")
        response = admin_client.post(
            reverse("accounts:team-create"), {"name": "Team Oost", "areas": [area.pk]}
        )
        assert response.status_code == 302
        assert list(Team.objects.get(name="Team Oost").areas.all()) == [area]

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"name": "X", "kind": "district", "cbs_code": "BU01230101"}, "past niet bij de soort"),
            ({"name": "X", "kind": "district", "cbs_code": "12345"}, "WK en zes cijfers"),
            ({"name": "", "kind": "district", "cbs_code": "WK012399"}, "verplicht"),
            ({"name": "X", "kind": "stad", "cbs_code": "WK012399"}, "geldige"),
        ],
    )
    def test_bad_area_input(self, admin_client, data, message):
        before = Area.objects.count()
        response = admin_client.post(reverse("accounts:area-create"), data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert Area.objects.count() == before

    def test_duplicate_team_name_is_refused(self, admin_client, admin_user):
        TeamFactory(municipality=admin_user.municipality, name="Team Noord")
        response = admin_client.post(reverse("accounts:team-create"), {"name": "team noord"})
        assert "al een team met deze naam" in response.content.decode()
        assert Team.objects.filter(municipality=admin_user.municipality).count() == 1

    def test_area_of_other_municipality_cannot_join_team(self, admin_client, other_municipality):
        foreign = AreaFactory(municipality=other_municipality)
        response = admin_client.post(
            reverse("accounts:team-create"), {"name": "Team", "areas": [foreign.pk]}
        )
        assert "bestaat niet in uw gemeente" in response.content.decode()
        assert not Team.objects.filter(name="Team").exists()
