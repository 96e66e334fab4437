"""The administrator's screens: a decision entered by hand, and column headers per partner."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.policy import GRANTS, Permission
from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import PartnerOrganisationFactory
from stabiel.catalogue.models import LifeDomain, ProvisionType
from stabiel.home.menu import menu_for
from stabiel.residents.services import person_leave
from stabiel.signals import events
from stabiel.signals.importing.pipeline import batch_process
from stabiel.signals.manage_services import column_mapping_save, decision_enter, mapping_problems
from stabiel.signals.models import ColumnMapping, Decision, ImportBatch
from stabiel.signals.services import SignalInputError, batch_create
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db

DECISION_URL = reverse("signals:decision-create")
LIST_URL = reverse("signals:mapping-list")


def mapping_url(partner, kind="signals"):
    return reverse("signals:mapping-update", kwargs={"pk": partner.pk, "kind": kind})


def days_ago(n: int) -> str:
    return f"{timezone.localdate() - timedelta(days=n):%d-%m-%Y}"


@pytest.fixture
def pop(catalogue, municipality):
    return population(municipality, households=2)


@pytest.fixture
def admin(admin_client, pop):
    return admin_client


@pytest.fixture
def provision_type(catalogue):
    return ProvisionType.objects.filter(municipality__isnull=True).first()


@pytest.fixture
def foreign_provision_type(catalogue, other_municipality):
    return ProvisionType.objects.create(
        municipality=other_municipality,
        code="eigen-dagbesteding",
        name="Dagbesteding van een andere gemeente",
        life_domain=LifeDomain.objects.first(),
    )


def decision_data(**overrides):
    data = {
        "bsn": "111222333",
        "law": "wmo",
        "product": "Huishoudelijke hulp",
        "need": "Schoon en leefbaar huis",
        "provision_type": "",
        "start_on": days_ago(30),
        "end_on": "",
        "reference": "WMO-2026-17",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def touched():
    """The households announced to the rules app after commit."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    events.households_touched.connect(receiver, weak=False)
    yield calls
    events.households_touched.disconnect(receiver)


# Decision entered by hand --------------------------------------------------------------------


def test_admin_enters_a_decision_and_sees_only_the_household_label(
    admin, pop, provision_type, touched, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            DECISION_URL,
            decision_data(provision_type=provision_type.pk, end_on=days_ago(-60)),
        )
    assert response.status_code == 302
    assert response.url == reverse("signals:batch-list")
    decision = Decision.objects.get()
    assert (decision.household, decision.person) == (pop.households[0], pop.persons[0])
    assert (decision.law, decision.product, decision.need, decision.reference) == (
        "wmo",
        "Huishoudelijke hulp",
        "Schoon en leefbaar huis",
        "WMO-2026-17",
    )
    assert decision.provision_type == provision_type
    assert decision.start_on == timezone.localdate() - timedelta(days=30)
    assert decision.end_on == timezone.localdate() + timedelta(days=60)
    assert decision.batch is None
    # the stacking rules hear about this household once the decision is committed
    assert [(c["household_ids"], c["changed"]) for c in touched] == [
        ([pop.households[0].pk], "decisions")
    ]
    content = admin.get(response.url).content.decode()
    assert "is vastgelegd bij huishouden" in content
    assert pop.households[0].label in content
    assert "111222333" not in content and "Bewoner" not in content
    assert pop.persons[0].label not in content


def test_decision_free_support_without_end_date(admin, pop):
    response = admin.post(
        DECISION_URL, decision_data(law="beschikkingsvrij", reference="BV-1", end_on="")
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.law, decision.end_on, decision.provision_type) == (
        Decision.Law.DECISION_FREE,
        None,
        None,
    )


def test_form_offers_zonder_beschikking_and_only_own_provision_types(
    admin, foreign_provision_type, provision_type
):
    content = admin.get(DECISION_URL).content.decode()
    assert "Zonder beschikking" in content
    assert provision_type.name in content
    assert foreign_provision_type.name not in content


def test_the_same_decision_twice_is_stored_once(admin):
    admin.post(DECISION_URL, decision_data())
    response = admin.post(DECISION_URL, decision_data(), follow=True)
    assert "was al vastgelegd" in response.content.decode()
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        # end before start
        (
            {"start_on": days_ago(10), "end_on": days_ago(20)},
            "end_on",
            "De einddatum ligt vóór de begindatum.",
        ),
        # a valid BSN nobody in this municipality has
        ({"bsn": "100000071"}, "bsn", "Deze persoon is niet bekend in de gemeente."),
        # the eleven-test fails
        (
            {"bsn": "123456789"},
            "bsn",
            "Dit BSN klopt niet. Een BSN heeft negen cijfers en haalt de elfproef.",
        ),
        ({"bsn": ""}, "bsn", "Vul het BSN in."),
        # a law that does not exist
        ({"law": "wet-op-de-zorgtoeslag"}, "law", "Kies een wet uit de lijst"),
        ({"law": ""}, "law", "Kies een wet, of &#x27;zonder beschikking&#x27;."),
        ({"start_on": "31-02-2026"}, "start_on", "Dit is geen datum."),
        ({"start_on": days_ago(-3)}, "start_on", "De begindatum ligt in de toekomst."),
        ({"start_on": "01-01-1850"}, "start_on", "De begindatum is te lang geleden."),
        ({"end_on": "morgen"}, "end_on", "Dit is geen datum."),
        ({"reference": "  "}, "reference", "Vul het kenmerk in."),
        ({"reference": "K" * 65}, "reference", "niet meer dan 64 tekens"),
        ({"product": "p" * 121}, "product", "niet meer dan 120 tekens"),
        ({"need": ""}, "need", "Vul de hulpvraag in."),
        # provision type that is not in the catalogue at all
        ({"provision_type": "999999"}, "provision_type", "catalogus van uw gemeente"),
    ],
)
def test_bad_decision_input_gives_a_message_at_the_field_and_stores_nothing(
    admin, overrides, field, message, touched, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(DECISION_URL, decision_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].has_error(field)
    assert not Decision.objects.exists()
    assert touched == []


def test_provision_type_of_another_municipality_is_refused(admin, foreign_provision_type):
    response = admin.post(DECISION_URL, decision_data(provision_type=foreign_provision_type.pk))
    assert response.status_code == 200
    assert "Kies een soort voorziening uit de catalogus van uw gemeente." in (
        response.content.decode()
    )
    assert response.context["form"].has_error("provision_type")
    assert not Decision.objects.exists()


def test_person_of_another_municipality_is_refused(admin, other_municipality):
    # the third BSN lives only in the other municipality (ours has two households)
    population(other_municipality, households=3)
    response = admin.post(DECISION_URL, decision_data(bsn="100000009"))
    assert "Deze persoon is niet bekend in de gemeente." in response.content.decode()
    assert not Decision.objects.exists()


def test_person_who_moved_away_is_refused(admin, pop):
    person_leave(person=pop.persons[0], on=date(2024, 1, 1))
    response = admin.post(DECISION_URL, decision_data())
    assert "woont niet (meer) in de gemeente" in response.content.decode()
    assert response.context["form"].has_error("bsn")
    assert not Decision.objects.exists()


def test_reference_reused_for_other_content_is_refused_and_the_first_stays(admin):
    admin.post(DECISION_URL, decision_data())
    first = Decision.objects.get()
    response = admin.post(DECISION_URL, decision_data(product="Begeleiding", bsn="123456782"))
    assert response.status_code == 200
    assert "Dit kenmerk is al gebruikt voor een andere beschikking." in response.content.decode()
    assert response.context["form"].has_error("reference")
    assert list(Decision.objects.values_list("pk", "product")) == [
        (first.pk, "Huishoudelijke hulp")
    ]


def test_service_refuses_a_foreign_provision_type_even_without_the_form(
    admin_user, pop, foreign_provision_type
):
    with pytest.raises(SignalInputError) as error:
        decision_enter(
            actor=admin_user,
            bsn="111222333",
            law="wmo",
            product="Dagbesteding",
            need="Structuur",
            start_on=date(2025, 1, 1),
            end_on=None,
            reference="X-1",
            provision_type=foreign_provision_type,
        )
    assert error.value.field == "provision_type"
    assert not Decision.objects.exists()


def test_service_refuses_a_partner_reporter(make_user, pop):
    reporter = make_user(Role.PARTNER_REPORTER, partner_organisation="Wonen")
    with pytest.raises(PermissionError):
        decision_enter(
            actor=reporter,
            bsn="111222333",
            law="wmo",
            product="Hulp",
            need="Hulp",
            start_on=date(2025, 1, 1),
            end_on=None,
            reference="X-1",
        )
    assert not Decision.objects.exists()


# Column mapping per partner ----------------------------------------------------------------


@pytest.fixture
def partner(municipality):
    return PartnerOrganisationFactory(municipality=municipality, name="Heuvelrug Wonen")


def test_mapping_list_shows_own_partners_with_their_headers(
    admin_client, partner, municipality, other_municipality
):
    PartnerOrganisationFactory(municipality=other_municipality, name="Elders Wonen")
    ColumnMapping.objects.create(
        municipality=municipality, partner=partner, kind="signals", columns={"datum": "Peildatum"}
    )
    response = admin_client.get(LIST_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Heuvelrug Wonen" in content and "Elders Wonen" not in content
    assert "Datum: Peildatum" in content
    assert "Standaardkoppen" in content  # the decisions file of the same partner
    assert mapping_url(partner, "decisions") in content


def test_mapping_form_is_prefilled_and_shows_defaults_and_required_columns(
    admin_client, partner, municipality
):
    ColumnMapping.objects.create(
        municipality=municipality, partner=partner, kind="signals", columns={"datum": "Peildatum"}
    )
    response = admin_client.get(mapping_url(partner))
    form = response.context["form"]
    assert form["datum"].value() == "Peildatum"
    assert form["bsn"].value() in (None, "")
    content = response.content.decode()
    assert "Leeg laten als de kolom &#x27;signaalsoort&#x27; heet." in content
    assert content.count("kolom verplicht in het bestand") == 3  # signaalsoort, datum, kenmerk


def test_admin_saves_a_mapping_with_only_the_filled_in_headers(admin_client, partner):
    response = admin_client.post(
        mapping_url(partner),
        {"signaalsoort": " Soort ", "datum": "Peildatum", "kenmerk": "", "bsn": ""},
    )
    assert response.status_code == 302
    assert response.url == LIST_URL
    mapping = ColumnMapping.objects.get()
    assert (mapping.partner, mapping.kind, mapping.municipality_id) == (
        partner,
        "signals",
        partner.municipality_id,
    )
    assert mapping.columns == {"signaalsoort": "Soort", "datum": "Peildatum"}
    # saving again replaces the mapping, it does not add a second one
    admin_client.post(mapping_url(partner), {"kenmerk": "Dossier"})
    assert ColumnMapping.objects.get().columns == {"kenmerk": "Dossier"}


def test_saved_mapping_is_used_when_the_partners_file_is_read(
    catalogue, admin_client, admin_user, partner
):
    pop = population(admin_user.municipality, households=1)
    admin_client.post(
        mapping_url(partner),
        {"signaalsoort": "Soort", "postcode": "PC", "huisnummer": "Nr", "datum": "Peildatum"},
    )
    pc, nr = pop.addresses[0]
    data = f"Soort;PC;Nr;Peildatum;kenmerk\nhuurachterstand;{pc};{nr};{days_ago(3)};M-1\n".encode()
    receipt = batch_create(
        municipality=admin_user.municipality,
        kind="signals",
        partner=partner,
        uploaded_by=admin_user,
        filename="levering.csv",
        stream=io.BytesIO(data),
        size=len(data),
    )
    assert batch_process(receipt.batch.pk).status == ImportBatch.Status.DONE


@pytest.mark.parametrize(
    ("data", "fields", "message"),
    [
        # two fields typed with the same header (case and spaces do not count)
        (
            {"postcode": "Nummer", "huisnummer": " nummer "},
            {"postcode", "huisnummer"},
            "is ook gekozen voor",
        ),
        # a typed header that is another field's default header
        (
            {"bsn": "postcode"},
            {"bsn"},
            "De kolom &#x27;postcode&#x27; is ook gekozen voor Postcode",
        ),
        ({"toelichting": "x" * 101}, {"toelichting"}, "te lang (hoogstens 100 tekens)"),
    ],
)
def test_bad_mapping_gives_a_message_at_the_field_and_changes_nothing(
    admin_client, partner, municipality, data, fields, message
):
    ColumnMapping.objects.create(
        municipality=municipality, partner=partner, kind="signals", columns={"datum": "Peildatum"}
    )
    response = admin_client.post(mapping_url(partner), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert {name for name in response.context["form"].errors} == fields
    assert ColumnMapping.objects.get().columns == {"datum": "Peildatum"}


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        # nothing typed: every default header, all different
        ({}, set()),
        # typed headers that differ from every other header
        ({"bsn": "Burgerservicenummer", "datum": "Peildatum"}, set()),
        # a typed header equal to its own default is fine
        ({"datum": "DATUM"}, set()),
        # two typed headers the same apart from case: both fields are told
        ({"bsn": "Nr", "huisnummer": "nr"}, {"bsn", "huisnummer"}),
        # typed header equals another field's default header: only the typed field is told
        ({"kenmerk": "datum"}, {"kenmerk"}),
        # swapping two headers is fine: each column is read once
        ({"postcode": "huisnummer", "huisnummer": "postcode"}, set()),
        # too long
        ({"toelichting": "t" * 101}, {"toelichting"}),
        # a field this kind of file does not have
        ({"wet": "Wet"}, {"wet"}),
    ],
)
def test_mapping_problems(columns, expected):
    from stabiel.signals.importing.specs import SPECS

    assert set(mapping_problems(defaults=SPECS["signals"][0].columns, columns=columns)) == expected


def test_service_refuses_a_bad_mapping_and_stores_nothing(admin_user, partner):
    with pytest.raises(SignalInputError) as error:
        column_mapping_save(
            actor=admin_user, partner=partner, kind="signals", columns={"bsn": "x" * 101}
        )
    assert error.value.field == "bsn"
    with pytest.raises(SignalInputError):
        column_mapping_save(actor=admin_user, partner=partner, kind="rode-vlaggen", columns={})
    assert not ColumnMapping.objects.exists()


def test_service_refuses_a_partner_of_another_municipality(admin_user, other_municipality):
    elsewhere = PartnerOrganisationFactory(municipality=other_municipality)
    with pytest.raises(PermissionError):
        column_mapping_save(actor=admin_user, partner=elsewhere, kind="signals", columns={})
    assert not ColumnMapping.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_kind_or_partner_answers_404(admin_client, partner, other_municipality, method):
    elsewhere = PartnerOrganisationFactory(municipality=other_municipality)
    for url in (
        mapping_url(partner, "rode-vlaggen"),
        mapping_url(elsewhere),
        reverse("signals:mapping-update", kwargs={"pk": 999999, "kind": "signals"}),
    ):
        response = getattr(admin_client, method)(url, {"datum": "Peildatum"})
        assert response.status_code == 404, url
    assert not ColumnMapping.objects.exists()


# Who may open these screens ----------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        Role.PARTNER_REPORTER,  # shares the import permission, but not these screens
        Role.ACCESS_WORKER,
        Role.TEAM_LEAD,
        Role.POLICY_ADVISER,
        Role.PRIVACY_OFFICER,
    ],
)
def test_other_roles_get_403_and_change_nothing(client, make_user, pop, partner, role):
    client.force_login(make_user(role, partner_organisation="Heuvelrug Wonen"))
    for url in (DECISION_URL, LIST_URL, mapping_url(partner), mapping_url(partner, "nope")):
        assert client.get(url).status_code == 403, url
    assert client.post(DECISION_URL, decision_data()).status_code == 403
    assert client.post(mapping_url(partner), {"datum": "Peildatum"}).status_code == 403
    assert not Decision.objects.exists()
    assert not ColumnMapping.objects.exists()


def test_anonymous_goes_to_the_login_page(client, partner):
    login = reverse("accounts:login")
    for url in (DECISION_URL, LIST_URL, mapping_url(partner)):
        response = client.get(url)
        assert response.status_code == 302 and login in response.url, url
    response = client.post(DECISION_URL, decision_data())
    assert response.status_code == 302 and login in response.url
    assert not Decision.objects.exists()


def test_menu_links_show_exactly_where_the_screens_open(make_user):
    # The menu can only name a permission; this one must stay the administrator's alone, or a
    # partner reporter would see a link that answers 403.
    assert GRANTS[Permission.USERS_MANAGE] == {Role.FUNCTIONAL_ADMIN}
    assert Role.FUNCTIONAL_ADMIN in GRANTS[Permission.IMPORTS_MANAGE]
    admin_menu = {item["url_name"] for item in menu_for(make_user(Role.FUNCTIONAL_ADMIN))}
    assert {"signals:decision-create", "signals:mapping-list"} <= admin_menu
    for role in set(Role) - {Role.FUNCTIONAL_ADMIN}:
        names = {item["url_name"] for item in menu_for(make_user(role))}
        assert not names & {"signals:decision-create", "signals:mapping-list"}, role
