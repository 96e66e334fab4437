import pytest

from stabiel.accounts.policy import GRANTS, Permission, may
from stabiel.accounts.roles import Role
from stabiel.home.menu import menu_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_exactly_its_permissions(make_user, role):
    user = make_user(role)
    for permission, roles in GRANTS.items():
        assert may(user, permission) == (role in roles), (role, permission)


def test_every_permission_is_granted_to_someone():
    assert set(GRANTS) == set(Permission)


def test_user_without_municipality_may_nothing(db):
    from stabiel.accounts.tests.factories import UserFactory

    host = UserFactory(municipality=None, roles=[Role.FUNCTIONAL_ADMIN], is_superuser=True)
    assert not any(may(host, p) for p in Permission)


def test_inactive_user_may_nothing(make_user):
    user = make_user(Role.FUNCTIONAL_ADMIN, is_active=False)
    assert not may(user, Permission.USERS_MANAGE)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # the administrator manages people and the catalogue
        (
            Role.FUNCTIONAL_ADMIN,
            {
                "home:home",
                "meetings:cost-figures",
                "meetings:kind-settings",
                "catalogue:overview",
                "practices:list",
                "inventory:offering-list",
                "assessment:route",
                "accounts:user-list",
                "accounts:team-list",
                "accounts:area-list",
                "accounts:sso-mapping-list",
                "signals:batch-list",
                "signals:decision-create",
                "signals:mapping-list",
                "signals:key-list",
                "rules:rule-list",
                "rules:register",
                "earlywarning:figures",
                "privacy:retention-list",
                "plainlanguage:check",
                "plainlanguage:jargon-list",
                "plainlanguage:template-list",
                "safety:ladder",
                "residents:feed-list",
                "insights:compare-setting",
            },
        ),
        # a policy adviser reads the catalogue, manages no users
        (
            Role.POLICY_ADVISER,
            {
                "home:home",
                "catalogue:overview",
                "practices:list",
                "plans:plan-list",
                "inventory:offering-list",
                "assessment:route",
                "insights:outcomes",
                "insights:safety",
                "insights:compare-setting",
                "insights:meeting-themes",
                "knowresidents:picture",
                "plainlanguage:check",
            },
        ),
        # the safety specialist works the team's cases and answers consults (issue 20)
        (
            Role.SAFETY_SPECIALIST,
            {
                "home:home",
                "alerts:alert-list",
                "cases:case-list",
                "meetings:meeting-list",
                "supporters:mark-list",
                "insights:stories",
                "residents:search",
                "signals:unmatched-list",
                "safety:consults",
                "plainlanguage:check",
            },
        ),
        # a partner reporter reports and sees its own signals, nothing of the vocabulary screens
        (
            Role.PARTNER_REPORTER,
            {
                "home:home",
                "signals:report",
                "signals:own-list",
                "signals:batch-list",
                "earlywarning:own-feedback",
                "plainlanguage:check",
            },
        ),
        # a session participant answers by link; logged in, the home page lists their sessions
        # and they can read the catalogue (issue 14); like everyone, they may check a letter
        (Role.SESSION_PARTICIPANT, {"home:home", "catalogue:overview", "plainlanguage:check"}),
    ],
)
def test_menu_shows_only_what_the_role_may_open(make_user, role, expected):
    user = make_user(role)
    assert {item["url_name"] for item in menu_for(user)} == expected
