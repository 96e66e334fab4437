"""Outreach letter templates: only a text that passes the B1 check can become active."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.plainlanguage import outreach, services
from stabiel.plainlanguage.demo import example_templates, templates_demo_load
from stabiel.plainlanguage.models import LetterTemplate, LetterTemplateVersion

pytestmark = pytest.mark.django_db

PLAIN_CORE = (
    "Beste {naam},\n\nWij willen graag met u praten. Misschien kunnen wij helpen.\n\n"
    "{persoonlijke_zin}\n\nBel ons op 14 030. Vraag naar {medewerker}.\n\n"
    "Met vriendelijke groet,\n\n{medewerker}"
)
JARGON_CORE = (
    "Geachte {naam},\n\nIngevolge artikel 4:8 van de Algemene wet bestuursrecht wordt u er "
    "hierbij op gewezen dat u teneinde de aanvraag in behandeling te kunnen nemen, de "
    "benodigde bescheiden dient te verstrekken binnen de gestelde termijn na dagtekening van "
    "deze brief.\n\nHoogachtend,\n{medewerker}"
)


@pytest.fixture
def admin(make_user):
    return make_user(Role.FUNCTIONAL_ADMIN)


# Pure part -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("Beste {naam},", []),  # a known field
        ("Beste {voornaam},", ["voornaam"]),  # not a field Stabiel fills in
        ("Beste {naam} en {bsn}", ["bsn"]),  # an identifier is never a field
        ("Geen velden hier.", []),  # plain text
    ],
)
def test_unknown_fields(text, unknown):
    assert outreach.unknown_fields(text) == unknown


def test_fill_leaves_no_gap_for_an_empty_personal_sentence():
    filled = outreach.fill(
        "Beste {naam},\n\n{persoonlijke_zin}\n\nTot ziens.",
        {"naam": "Sanne", "persoonlijke_zin": ""},
    )
    assert filled == "Beste Sanne,\n\nTot ziens."


def test_a_plain_template_passes_and_a_jargon_one_does_not():
    assert outreach.check_template(PLAIN_CORE, "").passes
    checked = outreach.check_template(JARGON_CORE, "")
    assert not checked.passes
    assert any("bellen" in reason for reason in checked.refusals)  # no phone number


def test_every_example_template_passes():
    for example in example_templates():
        assert outreach.check_template(example["core"], example["back"]).passes, example["name"]


# Services --------------------------------------------------------------------------------------


def test_a_passing_template_is_saved_active_with_its_first_version(admin):
    template = services.template_create(
        actor=admin, name="Uitnodiging", purpose="invitation", core_text=PLAIN_CORE, activate=True
    )
    assert template.active_version.number == 1
    assert template.active_version.verdict == "B1"


def test_a_failing_template_cannot_be_saved_active_and_nothing_is_stored(admin):
    with pytest.raises(services.TemplateNotB1Error) as caught:
        services.template_create(
            actor=admin, name="Oud", purpose="invitation", core_text=JARGON_CORE, activate=True
        )
    assert "haalt de brieftoets niet" in str(caught.value)
    assert not LetterTemplate.objects.exists()
    assert not LetterTemplateVersion.objects.exists()


def test_a_failing_text_can_be_kept_as_draft_and_never_activated(admin):
    template = services.template_create(
        actor=admin, name="Oud", purpose="invitation", core_text=JARGON_CORE
    )
    version = template.versions.get()
    assert not template.is_active and version.verdict == "niet B1"
    with pytest.raises(services.TemplateNotB1Error):
        services.template_activate(actor=admin, template=template, version_id=version.pk)
    template.refresh_from_db()
    assert template.active_version is None


def test_a_new_version_keeps_the_history_and_the_active_one(admin):
    template = services.template_create(
        actor=admin, name="Uitnodiging", purpose="invitation", core_text=PLAIN_CORE, activate=True
    )
    services.template_version_save(
        actor=admin, template=template, core_text=JARGON_CORE, note="proef"
    )
    template.refresh_from_db()
    assert list(template.versions.values_list("number", flat=True)) == [2, 1]
    assert template.active_version.number == 1  # the failing draft did not replace it
    with pytest.raises(PermissionError):
        template.versions.get(number=1).save()  # history is written once


def test_an_unknown_field_is_refused(admin):
    with pytest.raises(services.PlainLanguageInputError) as caught:
        services.template_create(
            actor=admin, name="X", purpose="invitation", core_text="Beste {bsn}, bel 14 030."
        )
    assert "{bsn}" in str(caught.value)
    assert not LetterTemplate.objects.exists()


def test_only_the_functional_administrator_keeps_templates(make_user, team):
    worker = make_user(Role.ACCESS_WORKER, teams=[team])
    with pytest.raises(PermissionDenied):
        services.template_create(actor=worker, name="X", purpose="invitation", core_text=PLAIN_CORE)


def test_the_demo_loads_an_active_template_for_every_purpose(municipality, admin):
    admin.username = "beheer"
    admin.save()
    templates_demo_load(municipality)
    templates_demo_load(municipality)  # safe to run again
    templates = LetterTemplate.objects.filter(municipality=municipality)
    assert templates.count() == 6
    assert all(t.is_active for t in templates)
    assert set(templates.values_list("purpose", flat=True)) == set(LetterTemplate.Purpose.values)


# Screens ---------------------------------------------------------------------------------------


def test_the_administrator_activates_a_template_that_passes(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("plainlanguage:template-list"),
        {
            "name": "Uitnodiging",
            "purpose": "invitation",
            "core_text": PLAIN_CORE,
            "back_text": "",
            "activate": "on",
        },
    )
    template = LetterTemplate.objects.get()
    assert response.status_code == 302
    assert template.is_active
    page = client.get(reverse("plainlanguage:template-detail", args=[template.pk]))
    html = page.content.decode()
    assert "Brieftoets: B1" in html and "Geschiedenis" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "", "purpose": "invitation", "core_text": PLAIN_CORE},
            "Geef het sjabloon een naam",
        ),
        ({"name": "X", "purpose": "brief", "core_text": PLAIN_CORE}, "Kies waarvoor de brief is"),
        (
            {"name": "X", "purpose": "invitation", "core_text": "   "},
            "Schrijf de kern van de brief",
        ),
        (
            {"name": "X", "purpose": "invitation", "core_text": "Beste {bsn}, bel 14 030."},
            "Dit invulveld kent Stabiel niet",
        ),
        (
            {"name": "X", "purpose": "invitation", "core_text": "x" * 7000},
            "Deze tekst is te lang",
        ),
        (
            {"name": "X", "purpose": "invitation", "core_text": JARGON_CORE, "activate": "on"},
            "haalt de brieftoets niet",
        ),
        (
            {
                "name": "X",
                "purpose": "invitation",
                "core_text": (
                    "Dear resident, we would like to talk with you about your situation. "
                    "Please call us on 14 030 when you have time. We are happy to help you "
                    "and your family with the bills and the house."
                ),
            },
            "Engels",
        ),
    ],
)
def test_bad_template_input_gets_a_dutch_message_and_nothing_is_stored(
    client, admin, data, message
):
    client.force_login(admin)
    response = client.post(reverse("plainlanguage:template-list"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LetterTemplate.objects.exists()
    assert not LetterTemplateVersion.objects.exists()


def test_a_failing_activation_shows_the_marks(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("plainlanguage:template-list"),
        {"name": "X", "purpose": "invitation", "core_text": JARGON_CORE, "activate": "on"},
    )
    html = response.content.decode()
    assert 'class="pl-mark pl-ambtelijk"' in html
    assert "nog niet B1" in html


def test_a_template_of_another_municipality_is_not_found(
    client, admin, make_user, other_municipality
):
    other = make_user(Role.FUNCTIONAL_ADMIN, municipality=other_municipality)
    template = services.template_create(
        actor=other, name="Elders", purpose="invitation", core_text=PLAIN_CORE
    )
    client.force_login(admin)
    assert (
        client.get(reverse("plainlanguage:template-detail", args=[template.pk])).status_code == 404
    )
    response = client.post(reverse("plainlanguage:template-activate", args=[template.pk]))
    assert response.status_code == 404
