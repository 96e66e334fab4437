import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.plans import sharing
from stabiel.plans.models import Flag, Measure, Plan

from .test_export_fixtures import (
    PARTICIPANT_EMAILS,
    PARTICIPANT_NAMES,
    adviser,
    build_plan,
    full_plan,
)

__all__ = ["adviser", "full_plan"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(full_plan):
    """The full plan as shared JSON (a dict), made in the adviser's municipality."""
    from stabiel.plans.services import plan_update

    plan_update(
        actor=full_plan_actor(full_plan),
        plan=full_plan,
        title=full_plan.title,
        summary=full_plan.summary,
        status=Plan.Status.ADOPTED,
    )
    full_plan.refresh_from_db()
    return json.loads(sharing.plan_share_json(plan=full_plan))


def full_plan_actor(plan):
    from stabiel.accounts.models import User

    return User.objects.filter(municipality=plan.municipality).first()


@pytest.fixture
def importer(make_user, other_municipality):
    return make_user(Role.POLICY_ADVISER, municipality=other_municipality)


def counts():
    return Plan.objects.count(), Flag.objects.count(), Measure.objects.count()


def test_export_holds_codes_and_no_participant_data(shared):
    assert shared["format"] == "stabiel-plan" and shared["version"] == 1
    text = json.dumps(shared, ensure_ascii=False)
    for word in [*PARTICIPANT_NAMES, *PARTICIPANT_EMAILS, "Annelies", "onleesbaar"]:
        assert word not in text
    assert '"id"' not in text and '"pk"' not in text
    assert {f["pillar"] for f in shared["flags"]} == {"bestaanszekerheid", "meedoen", None}
    assert shared["flags"][0]["red_flag_type"] == "schulden"
    measure = shared["measures"][0]
    assert measure["practice"] == "waakvlambegeleiding"
    assert measure["budget"] == "12500.50" and measure["flags"] == ["f1"]
    assert shared["plan"]["status"] == "adopted"


def test_import_makes_a_new_plan_with_status_reset(shared, importer):
    before = counts()
    plan = sharing.plan_import(actor=importer, raw=json.dumps(shared).encode())
    assert plan.municipality == importer.municipality
    assert plan.status == Plan.Status.DRAFT and plan.year == 2026
    assert plan.flags.count() == 3
    measures = list(plan.measures.order_by("pk"))
    assert [m.status for m in measures] == [Measure.Status.PLANNED] * 2
    assert measures[0].practice.slug == "waakvlambegeleiding"
    assert str(measures[0].budget) == "12500.50"
    assert [f.title for f in measures[0].flags.all()] == ["Betaalachterstanden worden laat gezien"]
    assert all(f.municipality == importer.municipality for f in plan.flags.all())
    assert not plan.sessions.exists()
    assert counts() == (before[0] + 1, before[1] + 3, before[2] + 2)


def test_import_into_a_year_that_already_has_a_plan(shared, importer):
    sharing.plan_import(actor=importer, raw=json.dumps(shared).encode())
    before = counts()
    with pytest.raises(sharing.PlanShareError, match="al een preventieplan voor 2026"):
        sharing.plan_import(actor=importer, raw=json.dumps(shared).encode())
    assert counts() == before
    plan = sharing.plan_import(actor=importer, raw=json.dumps(shared).encode(), year=2027)
    assert plan.year == 2027


def broken(shared, change):
    data = json.loads(json.dumps(shared))
    change(data)
    return json.dumps(data).encode()


BAD_FILES = [
    # (what is wrong, how to break it, part of the Dutch message)
    ("not json", lambda s: b"dit is geen json {", "geen JSON"),
    ("binary", lambda s: b"\xff\xfe\x00\x01", "geen JSON"),
    ("empty", lambda s: b"   ", "leeg"),
    ("a list", lambda s: b"[1, 2]", "geen planbestand van Stabiel"),
    ("other format", lambda s: broken(s, lambda d: d.update(format="iets")), "geen planbestand"),
    ("newer version", lambda s: broken(s, lambda d: d.update(version=2)), "nieuwere versie"),
    ("version text", lambda s: broken(s, lambda d: d.update(version="1")), "versie van dit"),
    ("version zero", lambda s: broken(s, lambda d: d.update(version=0)), "versie van dit"),
    ("no plan", lambda s: broken(s, lambda d: d.pop("plan")), "ontbreekt het plan"),
    (
        "database id",
        lambda s: broken(s, lambda d: d["flags"][0].update(id=12)),
        "onbekend veld: id",
    ),
    (
        "participants",
        lambda s: broken(s, lambda d: d.update(participants=[{"name": "X"}])),
        "onbekend veld: participants",
    ),
    ("flags no list", lambda s: broken(s, lambda d: d.update(flags={})), "niet in een lijst"),
    (
        "unknown pillar",
        lambda s: broken(s, lambda d: d["flags"][0].update(pillar="geluk")),
        "onbekende pijler: 'geluk'",
    ),
    (
        "unknown red flag type",
        lambda s: broken(s, lambda d: d["flags"][0].update(red_flag_type="x-1")),
        "onbekende rode vlag",
    ),
    (
        "unknown practice",
        lambda s: broken(s, lambda d: d["measures"][0].update(practice="bestaat-niet")),
        "onbekend goed voorbeeld",
    ),
    (
        "unknown flag key",
        lambda s: broken(s, lambda d: d["measures"][0].update(flags=["f99"])),
        "niet in het bestand staat",
    ),
    (
        "bad colour",
        lambda s: broken(s, lambda d: d["flags"][1].update(colour="blauw")),
        "kleur",
    ),
    (
        "core as pillar",
        lambda s: broken(s, lambda d: d["flags"][0].update(pillar="kern")),
        "niet de kern",
    ),
    (
        "impact off scale",
        lambda s: broken(s, lambda d: d["measures"][1].update(impact=9)),
        "Effect moet een getal",
    ),
    (
        "impact text",
        lambda s: broken(s, lambda d: d["measures"][1].update(impact="veel")),
        "moet 'impact' een getal",
    ),
    (
        "bad date",
        lambda s: broken(s, lambda d: d["measures"][0].update(starts_on="31-12-2026")),
        "geen datum",
    ),
    (
        "unknown outcome figure",
        lambda s: broken(s, lambda d: d["measures"][0].update(outcome_figure="geluk")),
        "Dat uitkomstcijfer kennen we niet",
    ),
    (
        "outcome figure no text",
        lambda s: broken(s, lambda d: d["measures"][0].update(outcome_figure=7)),
        "moet 'outcome_figure' tekst zijn",
    ),
    (
        "negative budget",
        lambda s: broken(s, lambda d: d["measures"][0].update(budget="-5")),
        "negatief",
    ),
    (
        "title not text",
        lambda s: broken(s, lambda d: d["measures"][0].update(title=["a"])),
        "moet 'title' tekst zijn",
    ),
    ("no owner", lambda s: broken(s, lambda d: d["measures"][1].update(owner="")), "'owner'"),
    (
        "too many",
        lambda s: broken(s, lambda d: d.update(measures=[{}] * 501)),
        "te veel",
    ),
    (
        "year out of range",
        lambda s: broken(s, lambda d: d["plan"].update(year=1800)),
        "tussen 2000 en 2100",
    ),
    (
        "year text",
        lambda s: broken(s, lambda d: d["plan"].update(year="2026")),
        "jaar van het plan",
    ),
    ("deep nesting", lambda s: b"[" * 100000 + b"]" * 100000, "geen JSON"),
]


@pytest.mark.parametrize(("what", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_change_nothing(shared, importer, what, make, message):
    before = counts()
    with pytest.raises(sharing.PlanShareError) as error:
        sharing.plan_import(actor=importer, raw=make(shared))
    assert message in str(error.value)
    assert counts() == before


def test_too_large_file(shared, importer, monkeypatch):
    monkeypatch.setattr(sharing, "MAX_BYTES", 100)
    with pytest.raises(sharing.PlanShareError, match="te groot"):
        sharing.plan_import(actor=importer, raw=json.dumps(shared).encode())


def test_local_catalogue_items_do_not_travel(full_plan, adviser):
    from stabiel.catalogue.models import RedFlagType

    flag = full_plan.flags.get(red_flag_type__isnull=False)
    local = RedFlagType.objects.create(
        municipality=adviser.municipality,
        code="eigen-vlag",
        name="Eigen vlag",
        level=flag.red_flag_type.level,
    )
    Flag.objects.filter(pk=flag.pk).update(red_flag_type=local)
    data = sharing.plan_share_data(plan=full_plan)
    assert all(f["red_flag_type"] != "eigen-vlag" for f in data["flags"])


# The upload screen ---------------------------------------------------------------------------


def upload(content: bytes, name="plan.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_upload_screen_imports(client, shared, importer):
    client.force_login(importer)
    url = reverse("plan_exports:import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": upload(json.dumps(shared).encode()), "year": "2028"})
    assert response.status_code == 302
    plan = Plan.objects.get(municipality=importer.municipality)
    assert plan.year == 2028
    assert response["Location"] == reverse("plans:plan-detail", args=[plan.pk])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Kies een planbestand."),
        ({"file": upload(b"")}, "leeg"),
        ({"file": upload(b"<html>")}, "geen JSON"),
        ({"file": upload(b"{}"), "year": "twee"}, "Vul een jaartal in"),
        ({"file": upload(b"{}"), "year": "1850"}, "tussen 2000 en 2100"),
    ],
)
def test_upload_screen_bad_input(client, importer, data, message):
    client.force_login(importer)
    before = counts()
    response = client.post(reverse("plan_exports:import"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_upload_screen_newer_version(client, shared, importer):
    client.force_login(importer)
    shared["version"] = 7
    response = client.post(
        reverse("plan_exports:import"), {"file": upload(json.dumps(shared).encode())}
    )
    assert response.status_code == 400
    assert "nieuwere versie van Stabiel (bestandsversie 7)" in response.content.decode()
    assert not Plan.objects.filter(municipality=importer.municipality).exists()


def test_upload_screen_too_large(client, importer, monkeypatch):
    monkeypatch.setattr(sharing, "MAX_BYTES", 50)
    client.force_login(importer)
    response = client.post(
        reverse("plan_exports:import"), {"file": upload(b"{" + b" " * 100 + b"}")}
    )
    assert response.status_code == 400
    assert "te groot" in response.content.decode()


def test_upload_stopped_by_the_stream_limit(client, importer, settings):
    settings.IMPORT_MAX_BYTES = 10
    client.force_login(importer)
    response = client.post(
        reverse("plan_exports:import"), {"file": upload(b"{" + b" " * 100 + b"}")}
    )
    assert response.status_code == 400
    assert "te groot" in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize("role", [Role.ACCESS_WORKER, Role.FUNCTIONAL_ADMIN, Role.PARTNER_REPORTER])
def test_only_the_policy_adviser_imports(client, shared, make_user, role):
    client.force_login(make_user(role))
    before = counts()
    assert client.get(reverse("plan_exports:import")).status_code == 403
    response = client.post(
        reverse("plan_exports:import"), {"file": upload(json.dumps(shared).encode())}
    )
    assert response.status_code == 403
    assert counts() == before


def test_round_trip_between_municipalities_through_the_screens(
    client, catalogue, make_user, other_municipality
):
    sender = make_user(Role.POLICY_ADVISER)
    plan = build_plan(sender, year=2030)
    client.force_login(sender)
    content = client.get(reverse("plan_exports:share", args=[plan.pk])).content
    receiver = make_user(Role.POLICY_ADVISER, municipality=other_municipality)
    client.force_login(receiver)
    response = client.post(reverse("plan_exports:import"), {"file": upload(content)})
    assert response.status_code == 302
    copy = Plan.objects.get(municipality=other_municipality)
    assert copy.year == 2030
    assert sorted(copy.measures.values_list("title", flat=True)) == sorted(
        plan.measures.values_list("title", flat=True)
    )


def test_an_outcome_figure_travels_with_its_measure(full_plan, importer):
    measure = full_plan.measures.order_by("pk").first()
    Measure.objects.filter(pk=measure.pk).update(outcome_figure="alerts_raised")
    shared = json.loads(sharing.plan_share_json(plan=full_plan))
    assert shared["measures"][0]["outcome_figure"] == "alerts_raised"
    plan = sharing.plan_import(actor=importer, raw=json.dumps(shared).encode())
    assert plan.measures.order_by("pk").first().outcome_figure == "alerts_raised"
    # a file from before outcome figures (no key) still imports
    del shared["measures"][0]["outcome_figure"]
    again = sharing.plan_import(actor=importer, raw=json.dumps(shared).encode(), year=2027)
    assert again.measures.order_by("pk").first().outcome_figure == ""
