"""The functional administrator loads a register extract on the screen: preview first, then
the background task applies it (issue 12, part 2). Bad input: a message, nothing stored."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stabiel.accounts.models import Municipality
from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory
from stabiel.residents import services
from stabiel.residents.models import (
    Household,
    Membership,
    Person,
    PersonIdentity,
    RegisterChange,
    RegisterFeed,
)
from stabiel.residents.register.files import SAMPLE_CHANGES, SAMPLE_EXTRACT

pytestmark = pytest.mark.django_db
HEADER = (
    "bsn;voornamen;voorvoegsel;geslachtsnaam;geboortedatum;gemeentecode;functie_adres;straat;"
    "huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;datum_aanvang_adreshouding;"
    "datum_overlijden;datum_vertrek"
)
ANNA = "111222333;Anna;de;Vries;1980-03-04;0355;W;Slotlaan;12;;;3701AB;Zeist;2010-01-01;;"


@pytest.fixture
def zeist(db):
    # get_or_create: the factory's own sequence reaches GM0355 in long runs.
    municipality, _ = Municipality.objects.get_or_create(
        cbs_code="GM0355", defaults={"name": "Zeist"}
    )
    return municipality


@pytest.fixture
def beheer(client, make_user, zeist):
    user = make_user(Role.FUNCTIONAL_ADMIN, municipality=zeist)
    client.force_login(user)
    return user


def _state():
    return (
        RegisterFeed.objects.count(),
        Person.objects.count(),
        Household.objects.count(),
        Membership.objects.count(),
        RegisterChange.objects.count(),
        list(PersonIdentity.objects.values_list("surname", "died_on").order_by("pk")),
    )


def upload(client, name: str, data: bytes, capture):
    """Post the file; the background task runs once the request committed; then the page the
    administrator was sent to (reloaded, as the page does by itself)."""
    with capture(execute=True):
        response = client.post(
            reverse("residents:feed-list"), {"file": SimpleUploadedFile(name, data)}
        )
    if response.status_code != 302:
        return response
    return client.get(response.url)


def confirm(client, feed: RegisterFeed, capture):
    with capture(execute=True):
        response = client.post(reverse("residents:feed-confirm", args=[feed.pk]))
    return client.get(response.url)


def test_load_the_sample_then_the_changes_previewed_first(
    client, beheer, django_capture_on_commit_callbacks
):
    response = upload(
        client, SAMPLE_EXTRACT.name, SAMPLE_EXTRACT.read_bytes(), django_capture_on_commit_callbacks
    )
    feed = RegisterFeed.objects.get()
    assert response.request["PATH_INFO"] == reverse("residents:feed-detail", args=[feed.pk])
    page = response.content.decode()
    # the preview ran in the background task: it says what would change, nothing is stored yet
    assert feed.status == RegisterFeed.Status.PREVIEW
    assert "Wijzigingen controleren en bevestigen" in page
    assert f'data-kind="arrival">{feed.summary["arrival"]}<' in page
    assert feed.summary["arrival"] == 173
    assert Person.objects.count() == 0 and RegisterChange.objects.count() == 0
    assert 'http-equiv="refresh"' not in page  # nothing to wait for

    response = confirm(client, feed, django_capture_on_commit_callbacks)
    feed.refresh_from_db()
    assert feed.status == RegisterFeed.Status.APPLIED
    assert feed.confirmed_by == beheer
    assert Person.objects.count() == 173
    assert "Wat er is veranderd" in response.content.decode()

    upload(
        client, SAMPLE_CHANGES.name, SAMPLE_CHANGES.read_bytes(), django_capture_on_commit_callbacks
    )
    second = RegisterFeed.objects.order_by("-pk").first()
    assert second.status == RegisterFeed.Status.PREVIEW
    for kind in ("arrival", "move", "death", "departure", "name"):
        assert second.summary.get(kind, 0) > 0, kind
    confirm(client, second, django_capture_on_commit_callbacks)
    kinds = set(RegisterChange.objects.filter(feed=second).values_list("kind", flat=True))
    assert kinds == {"arrival", "move", "death", "departure", "name"}
    # the list shows both deliveries, no resident
    listing = client.get(reverse("residents:feed-list")).content.decode()
    assert SAMPLE_CHANGES.name in listing and "Vries" not in listing


def test_the_same_file_twice_changes_nothing_and_says_so(
    client, beheer, django_capture_on_commit_callbacks
):
    data = f"{HEADER}\n{ANNA}\n".encode()
    upload(client, "a.csv", data, django_capture_on_commit_callbacks)
    confirm(client, RegisterFeed.objects.get(), django_capture_on_commit_callbacks)
    before = _state()[1:]
    response = upload(client, "a-again.csv", data, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "Precies dit bestand is al verwerkt" in page
    assert "Geen wijzigingen" in page
    again = RegisterFeed.objects.order_by("-pk").first()
    confirm(client, again, django_capture_on_commit_callbacks)
    again.refresh_from_db()
    assert again.status == RegisterFeed.Status.APPLIED
    assert _state()[1:] == before


def test_an_older_file_after_a_newer_one_is_not_called_harmless(
    client, beheer, django_capture_on_commit_callbacks
):
    old = f"{HEADER}\n{ANNA}\n".encode()
    upload(client, "old.csv", old, django_capture_on_commit_callbacks)
    confirm(client, RegisterFeed.objects.get(), django_capture_on_commit_callbacks)
    renamed = f"{HEADER}\n{ANNA.replace('Vries', 'Vries-Bos')}\n".encode()
    upload(client, "new.csv", renamed, django_capture_on_commit_callbacks)
    confirm(
        client, RegisterFeed.objects.order_by("-pk").first(), django_capture_on_commit_callbacks
    )
    page = upload(client, "old-again.csv", old, django_capture_on_commit_callbacks)
    text = page.content.decode()
    assert "Precies dit bestand is al eerder verwerkt" in text
    assert "zet gegevens terug" in text and "verandert niets" not in text


def test_rejected_rows_come_back_with_line_and_reason_and_nothing_changes(
    client, beheer, django_capture_on_commit_callbacks
):
    bad_bsn = ANNA.replace("111222333", "123456789")
    no_number = "123456782;Bram;;Jansen;1979-06-01;0355;W;Slotlaan;;;;3701AB;Zeist;2011-05-01;;"
    died_early = (
        "100000009;Cor;;Smit;1979-06-01;0355;W;Slotlaan;3;;;3701AB;Zeist;2011-05-01;1970-01-01;"
    )
    response = upload(
        client,
        "fout.csv",
        f"{HEADER}\n{ANNA}\n{bad_bsn}\n{no_number}\n{died_early}\n".encode(),
        django_capture_on_commit_callbacks,
    )
    feed = RegisterFeed.objects.get()
    assert feed.status == RegisterFeed.Status.REJECTED
    assert not feed.chunks.exists()  # the file itself is not kept
    page = response.content.decode()
    assert "3 afgekeurde regels" in page
    assert (
        '<td class="utrecht-table__cell">4</td><td class="utrecht-table__cell">Het adres heeft geen huisnummer.</td>'
        in page
    )
    assert "De datum van overlijden ligt vóór de geboortedatum." in page
    assert "Bevestigen" not in page
    assert Person.objects.count() == 0 and Household.objects.count() == 0
    # and it cannot be confirmed after all
    response = confirm(client, feed, django_capture_on_commit_callbacks)
    assert "dat kan nu niet meer" in response.content.decode()
    assert Person.objects.count() == 0


BINARY = "Dit is geen CSV- of Excel-bestand (het bevat binaire gegevens)."
UTF16 = f"{HEADER}\n{ANNA}\n".encode("utf-16")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("leeg.csv", b"", "Het bestand is leeg."),
        ("spaties.csv", b"  \n\n", "Het bestand is leeg."),
        ("kolommen.csv", b"bsn;naam\n111222333;Anna\n", "Deze kolommen ontbreken in de kopregel"),
        ("plaatje.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, BINARY),
        ("utf16.csv", UTF16, BINARY),
        ("kapot.xlsx", b"PK\x03\x04 niet echt", "Het Excel-bestand kan niet worden gelezen."),
        ("anders.json", b'{"mensen": []}', "heeft geen lijst &#x27;personen&#x27;"),
        ("kapot.json", b'{"personen": [', "Het bestand is geen geldige JSON."),
        ("diep.json", b"[" * 100_000 + b"]" * 100_000, "Het bestand is geen geldige JSON."),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_stored(
    client, beheer, django_capture_on_commit_callbacks, name, data, message
):
    before = _state()
    response = upload(client, name, data, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    page = response.content.decode()
    assert "stabiel-error-summary" in page
    assert message in page
    assert _state() == before


def test_a_file_over_the_limit_is_refused_before_it_is_stored(
    client, beheer, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "MAX_FEED_BYTES", 100)
    before = _state()
    response = upload(
        client, "groot.csv", f"{HEADER}\n{ANNA}\n".encode(), django_capture_on_commit_callbacks
    )
    assert "Het bestand is groter dan 200 MB." in response.content.decode()
    assert _state() == before


def test_discard_drops_the_file_and_changes_nothing(
    client, beheer, django_capture_on_commit_callbacks
):
    upload(client, "a.csv", f"{HEADER}\n{ANNA}\n".encode(), django_capture_on_commit_callbacks)
    feed = RegisterFeed.objects.get()
    response = client.post(reverse("residents:feed-discard", args=[feed.pk]), follow=True)
    feed.refresh_from_db()
    assert feed.status == RegisterFeed.Status.DISCARDED and not feed.chunks.exists()
    assert "Er is niets veranderd" in response.content.decode()
    assert Person.objects.count() == 0


def test_a_feed_waiting_for_the_worker_refreshes_itself_without_script(client, beheer, zeist):
    feed = RegisterFeed.objects.create(
        municipality=zeist, name="x.csv", digest="0", status=RegisterFeed.Status.QUEUED
    )
    page = client.get(reverse("residents:feed-detail", args=[feed.pk])).content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert "Nu verversen" in page
    assert 'aria-current="step"' in page


@pytest.mark.parametrize("role", [r for r in Role if r != Role.FUNCTIONAL_ADMIN])
def test_only_the_functional_administrator_loads_the_register(client, make_user, zeist, role):
    feed = RegisterFeed.objects.create(
        municipality=zeist, name="x.csv", digest="0", status=RegisterFeed.Status.PREVIEW
    )
    client.force_login(make_user(role, municipality=zeist, partner_organisation="Partner"))
    assert client.get(reverse("residents:feed-list")).status_code == 403
    assert client.get(reverse("residents:feed-detail", args=[feed.pk])).status_code == 403
    assert client.post(reverse("residents:feed-confirm", args=[feed.pk])).status_code == 403
    feed.refresh_from_db()
    assert feed.status == RegisterFeed.Status.PREVIEW
    with pytest.raises(PermissionDenied):  # the service checks too
        services.register_feed_confirm(actor=make_user(role, municipality=zeist), feed_id=feed.pk)


def test_another_municipality_s_feed_is_not_found(client, beheer, make_user):
    other = MunicipalityFactory()
    feed = RegisterFeed.objects.create(
        municipality=other, name="x.csv", digest="0", status=RegisterFeed.Status.PREVIEW
    )
    assert client.get(reverse("residents:feed-detail", args=[feed.pk])).status_code == 404
    assert client.post(reverse("residents:feed-confirm", args=[feed.pk])).status_code == 404
    feed.refresh_from_db()
    assert feed.status == RegisterFeed.Status.PREVIEW


def test_the_sample_extracts_can_be_downloaded(client, beheer):
    response = client.get(reverse("residents:feed-sample", args=["voorbeeld"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"bsn;voornamen")
    assert client.get(reverse("residents:feed-sample", args=["bestaat-niet"])).status_code == 404


def test_the_menu_names_the_register_for_the_administrator_only(client, beheer, make_user, zeist):
    url = reverse("residents:feed-list")
    assert f'href="{url}"' in client.get(reverse("home:home")).content.decode()
    client.force_login(make_user(Role.ACCESS_WORKER, municipality=zeist))
    assert f'href="{url}"' not in client.get(reverse("home:home")).content.decode()


def test_while_working_the_page_counts_the_rows(client, beheer, zeist):
    from stabiel.residents.models import RegisterFeedProgress

    feed = RegisterFeed.objects.create(
        municipality=zeist, name="x.csv", digest="0", status=RegisterFeed.Status.QUEUED
    )
    RegisterFeedProgress.objects.create(
        feed_id=feed.pk, stage="apply", rows_done=45000, rows_total=100000
    )
    page = client.get(reverse("residents:feed-detail", args=[feed.pk])).content.decode()
    assert 'data-progress="rows"' in page
    assert "45" in page and "(45%)" in page
    # the preview's count is not shown as the apply's
    RegisterFeedProgress.objects.filter(feed_id=feed.pk).update(stage="preview")
    page = client.get(reverse("residents:feed-detail", args=[feed.pk])).content.decode()
    assert 'data-progress="rows"' not in page
