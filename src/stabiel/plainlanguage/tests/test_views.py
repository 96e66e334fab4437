import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.plainlanguage.models import JargonPair

from .test_checker import JARGON_LETTER, PLAIN_LETTER, _docx

pytestmark = pytest.mark.django_db
URL = "/brieftoets/"


def test_an_anonymous_writer_pastes_a_letter_and_sees_marks_in_place(client):
    response = client.post(URL, {"text": JARGON_LETTER})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Oordeel: nog niet B1" in html
    assert '<mark class="pl-mark pl-ambtelijk">Teneinde</mark>' in html
    assert 'href="#uitleg-1"' in html and 'id="uitleg-1"' in html
    assert "juridische tekst vooraan" in html
    assert "op de achterkant" in html  # the structure advice
    assert "Zeg in de brief wie de lezer kan bellen" in html


def test_the_page_works_without_an_account_and_offers_a_sample(client):
    response = client.get(URL + "?voorbeeld=1")
    assert response.status_code == 200
    assert "Ingevolge artikel" in response.content.decode()


def test_a_docx_upload_is_checked(client):
    upload = SimpleUploadedFile("brief.docx", _docx(PLAIN_LETTER.split("\n")))
    response = client.post(URL, {"text": "", "document": upload})
    assert response.status_code == 200
    assert "Oordeel: B1" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Er is geen tekst om te toetsen"),  # empty
        ({"text": "a" * 200_000}, "Deze tekst is te lang"),  # over the character limit
        (
            {"text": "", "document": SimpleUploadedFile("brief.docx", bytes(range(256)) * 8)},
            "geen Word-bestand",
        ),  # binary with a .docx name
        (
            {"text": "", "document": SimpleUploadedFile("brief.docx", _docx(image=True))},
            "alleen afbeeldingen",
        ),  # a .docx with an image only
        (
            {"text": "Dear Sir, we have received your letter and we will call you next week."},
            "Engels",
        ),  # another language
    ],
)
def test_bad_input_gets_a_plain_message_and_nothing_is_kept(client, data, message):
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert JargonPair.objects.count() == 0


def test_ten_megabytes_of_text_gets_a_plain_message(client):
    response = client.post(URL, {"text": "a" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert "te lang om te toetsen" in response.content.decode()


def test_a_municipality_word_counts_for_its_own_users(client, make_user, municipality):
    JargonPair.objects.create(municipality=municipality, term="keukentafelgesprek", plain="gesprek")
    text = "Wij komen langs voor een keukentafelgesprek bij u thuis."
    assert "pl-ambtelijk" not in client.post(URL, {"text": text}).content.decode()
    client.force_login(make_user(Role.ACCESS_WORKER))
    assert "pl-ambtelijk" in client.post(URL, {"text": text}).content.decode()


# The municipality's own words ------------------------------------------------------------


def test_the_administrator_adds_edits_and_removes_a_word(client, make_user, municipality):
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    response = client.post(
        reverse("plainlanguage:jargon-list"), {"term": " Voorliggend ", "plain": "eerst"}
    )
    assert response.status_code == 302
    pair = JargonPair.objects.get()
    assert (pair.term, pair.plain, pair.municipality) == ("voorliggend", "eerst", municipality)
    edit = reverse("plainlanguage:jargon-edit", args=[pair.pk])
    assert client.post(edit, {"term": "voorliggend", "plain": "wat eerst komt"}).status_code == 302
    pair.refresh_from_db()
    assert pair.plain == "wat eerst komt"
    client.post(reverse("plainlanguage:jargon-delete", args=[pair.pk]))
    assert not JargonPair.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"term": "", "plain": "als"}, "Vul het ambtelijke woord in."),  # no term
        ({"term": "indien", "plain": ""}, "Vul een gewoner woord in."),  # no plain word
        ({"term": "indien", "plain": "Indien"}, "moet anders zijn"),  # the same word
    ],
)
def test_a_bad_word_pair_is_refused_and_nothing_stored(client, make_user, data, message):
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    response = client.post(reverse("plainlanguage:jargon-list"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not JargonPair.objects.exists()


def test_a_word_twice_is_refused(client, make_user, municipality):
    JargonPair.objects.create(municipality=municipality, term="indien", plain="als")
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    response = client.post(
        reverse("plainlanguage:jargon-list"), {"term": "Indien", "plain": "wanneer"}
    )
    assert response.status_code == 400
    assert "staat al in de lijst" in response.content.decode()
    assert JargonPair.objects.get().plain == "als"


def test_other_roles_and_municipalities_cannot_edit_words(
    client, make_user, municipality, other_municipality
):
    pair = JargonPair.objects.create(municipality=other_municipality, term="indien", plain="als")
    client.force_login(make_user(Role.ACCESS_WORKER))
    assert client.get(reverse("plainlanguage:jargon-list")).status_code == 403
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    edit = reverse("plainlanguage:jargon-edit", args=[pair.pk])
    assert client.post(edit, {"term": "indien", "plain": "wanneer"}).status_code == 404
    pair.refresh_from_db()
    assert pair.plain == "als"


# API -------------------------------------------------------------------------------------

API = "/api/v1/brieftoets"


def test_the_api_checks_a_letter_without_a_key(client):
    response = client.post(API, {"text": JARGON_LETTER}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "niet B1"
    mark = body["marks"][0]
    assert set(mark) == {"start", "end", "kind", "text", "explanation"}
    assert JARGON_LETTER[mark["start"] : mark["end"]] == mark["text"]
    assert response["API-Version"]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ('{"text": ""}', 400, "Er is geen tekst om te toetsen"),  # empty
        ('{"text": ', 400, "geen geldige JSON"),  # broken JSON
        ("{}", 400, "verplicht"),  # no text field
        ('{"text": "Dear Sir, we will call you next week about your application."}', 400, "Engels"),
        (json.dumps({"text": "a" * 200_000}), 400, "te lang"),  # over the character limit
        (json.dumps({"text": "a" * (10 * 1024 * 1024)}), 413, "te groot"),  # 10 MB
    ],
)
def test_the_api_answers_bad_input_with_a_problem(client, body, status, message):
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert message in response.content.decode()


ENGLISH = (
    b"Dear Sir, we have received your application and we will contact you within two weeks. "
    b"Please call us if you have any questions about this letter."
)


def test_the_api_checks_a_docx_file(client):
    upload = SimpleUploadedFile("brief.docx", _docx(PLAIN_LETTER.split("\n")))
    response = client.post(API, {"document": upload})
    assert response.status_code == 200
    assert response.json()["verdict"] == "B1"


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("leeg.txt", b"", 400, "Er is geen tekst om te toetsen"),  # an empty file
        ("leeg.docx", _docx(), 400, "Er is geen tekst om te toetsen"),  # a .docx without text
        ("groot.txt", b"a" * (10 * 1024 * 1024), 400, "Dit bestand is te groot"),  # 10 MB file
        ("brief.docx", bytes(range(256)) * 40, 400, "geen Word-bestand"),  # binary, .docx name
        ("brief.docx", _docx(image=True), 400, "alleen afbeeldingen"),  # images only
        ("english.txt", ENGLISH, 400, "Engels"),  # another language
        ("brief.pdf", b"%PDF-1.4", 400, "Kies een .docx- of .txt-bestand"),  # another kind
    ],
)
def test_the_api_answers_a_bad_file_with_a_problem(client, name, data, status, message):
    response = client.post(API, {"document": SimpleUploadedFile(name, data)})
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert message in body["detail"]
    assert body["invalid-params"][0]["name"] == "document"
    assert JargonPair.objects.count() == 0


def test_the_api_asks_for_the_file_when_a_form_has_none(client):
    response = client.post(API, {"text": "Beste meneer Jansen, bel ons gerust."})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "veld document" in response.json()["detail"]


def test_the_api_names_both_ways_to_send_a_letter_for_another_media_type(client):
    response = client.post(API, "Beste meneer Jansen, bel ons.", content_type="text/plain")
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert "multipart/form-data, veld document" in response.json()["detail"]
    assert response.json()["title"] == "Verkeerd soort inhoud"


def test_the_api_refuses_ten_megabytes_of_form_text_plainly(client):
    response = client.post(API, {"document": "a" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert "te groot om te toetsen" in response.json()["detail"]
    assert response.json()["title"] == "Te groot"


# Command ---------------------------------------------------------------------------------


def test_letter_check_prints_one_json_object_per_file(tmp_path, capsys):
    jargon_file = tmp_path / "jargon.txt"
    jargon_file.write_text(JARGON_LETTER, encoding="utf-8")
    plain_file = tmp_path / "gewoon.docx"
    plain_file.write_bytes(_docx(PLAIN_LETTER.split("\n")))
    empty_file = tmp_path / "leeg.txt"
    empty_file.write_text("", encoding="utf-8")

    with pytest.raises(SystemExit):
        call_command("letter_check", str(jargon_file), str(plain_file), str(empty_file), "--json")

    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    first, second, third = (json.loads(line) for line in lines)
    assert (first["file"], first["verdict"]) == (str(jargon_file), "niet B1")
    assert {"start", "end", "kind", "text", "explanation"} == set(first["marks"][0])
    assert second["verdict"] == "B1"
    assert "geen tekst" in third["error"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("leeg.txt", b"", "Er is geen tekst om te toetsen"),  # empty
        ("groot.txt", b"a" * (10 * 1024 * 1024), "Dit bestand is te groot"),  # 10 MB
        ("brief.docx", bytes(range(256)) * 40, "geen Word-bestand"),  # binary, .docx name
        ("brief.docx", _docx(image=True), "alleen afbeeldingen"),  # images only
        ("english.txt", ENGLISH, "Engels"),  # another language
        ("brief.pdf", b"%PDF-1.4", "Kies een .docx- of .txt-bestand"),  # another kind of file
    ],
)
def test_letter_check_names_the_problem_of_each_bad_file(tmp_path, capsys, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)

    with pytest.raises(SystemExit) as stopped:
        call_command("letter_check", str(path), "--json")

    assert stopped.value.code == 1
    line = json.loads(capsys.readouterr().out.strip())
    assert line["file"] == str(path)
    assert message in line["error"]
    assert "verdict" not in line


def test_letter_check_without_json_writes_the_problem_to_stderr(tmp_path, capsys):
    path = tmp_path / "brief.docx"
    path.write_bytes(_docx(image=True))
    missing = tmp_path / "weg.txt"

    with pytest.raises(SystemExit):
        call_command("letter_check", str(path), str(missing))

    err = capsys.readouterr().err
    assert f"{path}: In dit Word-bestand staan alleen afbeeldingen" in err
    assert f"{missing}: Dit bestand bestaat niet." in err
