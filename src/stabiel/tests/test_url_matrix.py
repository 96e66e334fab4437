"""Every URL of the product, for every role: the right answer and never a server error."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stabiel.accounts.roles import Role
from stabiel.inventory.models import InventorySettings

pytestmark = pytest.mark.django_db

SKIP_NAMESPACES = {"admin"}
ARGS = {"kind": "rode-vlaggen", "pk": 999999, "action": "oppakken"}
# Any other argument gets a value that fits its converter and names nothing that exists.
BY_CONVERTER = {
    "IntConverter": 999999,
    "UUIDConverter": "00000000-0000-4000-8000-000000000000",
    "SlugConverter": "bestaat-niet",
    "StringConverter": "bestaat-niet",
    "PathConverter": "bestaat-niet",
}


def placeholder(pattern, key):
    if key in ARGS:
        return ARGS[key]
    converter = getattr(pattern.pattern, "converters", {}).get(key)
    return BY_CONVERTER.get(type(converter).__name__, "bestaat-niet")


def product_urls():
    """(name, path) for each URL pattern, with placeholder arguments filled in."""
    found = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in SKIP_NAMESPACES:
                    continue
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                kwargs = {
                    key: placeholder(pattern, key) for key in pattern.pattern.regex.groupindex
                }
                found.append((name, reverse(name, kwargs=kwargs)))

    walk(get_resolver().url_patterns)
    return found


URLS = product_urls()


def test_every_url_is_covered():
    assert len(URLS) >= 15


@pytest.mark.parametrize("role", list(Role))
def test_no_url_answers_a_server_error_for_any_role(client, make_user, team, role, catalogue):
    client.force_login(make_user(role, teams=[team], partner_organisation="Partner"))
    for name, path in URLS:
        for method in ("get", "post", "put", "delete"):
            response = getattr(client, method)(path)
            assert response.status_code < 500, (role, name, method, response.status_code)


# The partner API answers systems, not browsers: without a token it says 401 as problem+json.
# Its schema and documentation page are public (NLGov API-51).
API_PUBLIC = {"api:schema", "api:openapi-json", "api:docs"}


def test_anonymous_gets_login_or_public_page(client):
    public = {
        "set_language",
        "health",  # the load balancer's readiness check
        "accounts:login",
        "accounts:logout",
        "rules:register",
        "rules:register-json",
        "plans:answer",  # a work-session participant answers by signed link, no account
        "assessment:answer",  # so does a respondent of a self-assessment round
        "plainlanguage:check",  # the B1 letter check: any writer, nothing stored
        "insights:experience-answer",  # a household answers the experience questions by link
        "plainlanguage-api:letter-check",  # the same check as API, without a key
        *API_PUBLIC,
    }
    # The open HSDS API is public for a municipality that publishes; the placeholder code here
    # names none, so it answers 404 as problem+json (see test_hsds_is_public_when_switched_on).
    hsds = {name for name, _path in URLS if name.startswith("hsds:")}
    public |= hsds
    for name, path in URLS:
        response = client.get(path)
        assert response.status_code < 500, name
        if name.startswith("api:") and name not in public:
            assert response.status_code == 401, (name, response.status_code)
            assert response["Content-Type"] == "application/problem+json", name
        elif name not in public:
            assert response.status_code in (302, 404), (name, response.status_code)
            if response.status_code == 302:
                assert reverse("accounts:login") in response.url, name


def test_unknown_url_gets_plain_dutch_404(client, make_user):
    client.force_login(make_user(Role.POLICY_ADVISER))
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_security_headers(client):
    response = client.get(reverse("accounts:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_django_admin_is_for_superusers_only(client, make_user):
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    response = client.get("/django-admin/")
    assert response.status_code == 302  # to the admin login: product users are not staff


def test_hsds_is_public_when_switched_on(client, municipality, catalogue):
    InventorySettings.objects.create(municipality=municipality, hsds_public=True)
    for name, _path in URLS:
        if name.startswith("hsds:"):
            kwargs = {"cbs_code": municipality.cbs_code}
            if name.endswith("-detail"):
                kwargs["id"] = "00000000-0000-4000-8000-000000000000"
            response = client.get(reverse(name, kwargs=kwargs))
            expected = 404 if name.endswith("-detail") else 200
            assert response.status_code == expected, (name, response.status_code)
