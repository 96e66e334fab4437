"""Recurring themes on a discussed case or custom solution (issue 20, part 4): a pillar and a
life domain of the catalogue; bad input stores nothing; policy sees counts only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.catalogue.models import LifeDomain, Pillar
from stabiel.meetings import services
from stabiel.meetings.models import BaseKind, ItemTheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world):
    meeting = services.meeting_plan(
        actor=world["worker"],
        kind=BaseKind.CUSTOM_TABLE,
        held_on=timezone.localdate(),
        team=world["team"],
    )
    return services.item_put_forward(
        actor=world["worker"],
        meeting=meeting,
        household=world["household"],
        put_forward_by="Corporatie",
        summary="Huurachterstand",
    )


def _ids(catalogue):
    pillar = Pillar.objects.get(municipality__isnull=True, code="bestaanszekerheid")
    domain = LifeDomain.objects.get(municipality__isnull=True, code="wonen")
    return pillar, domain


def test_a_worker_tags_and_removes_a_theme(world, item, client, catalogue):
    pillar, domain = _ids(catalogue)
    client.force_login(world["worker"])
    url = reverse("meetings:item-detail", args=[item.pk])
    response = client.post(url, {"action": "theme", "pillar": pillar.pk, "life_domain": domain.pk})
    assert response.status_code == 302
    theme = ItemTheme.objects.get()
    assert (theme.item, theme.pillar, theme.life_domain) == (item, pillar, domain)
    assert "Bestaanszekerheid" in client.get(url).content.decode()
    client.post(url, {"action": "untheme", "theme": str(theme.pk)})
    assert not ItemTheme.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pillar": "", "life_domain": ""}, "Kies een pijler uit de lijst."),
        ({"pillar": "abc", "life_domain": "1"}, "Kies een pijler uit de lijst."),
        ({"pillar": "999999", "life_domain": "999999"}, "Kies een pijler uit de lijst."),
        ({"pillar": "PILLAR", "life_domain": "x"}, "Kies een levensgebied uit de lijst."),
    ],
)
def test_bad_theme_input_is_refused_in_dutch_and_stores_nothing(
    world, item, client, catalogue, data, message
):
    pillar, _ = _ids(catalogue)
    data = {k: (str(pillar.pk) if v == "PILLAR" else v) for k, v in data.items()}
    client.force_login(world["worker"])
    response = client.post(
        reverse("meetings:item-detail", args=[item.pk]), {"action": "theme", **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ItemTheme.objects.exists()


def test_the_same_theme_twice_and_the_core_pillar_are_refused(world, item, catalogue):
    pillar, domain = _ids(catalogue)
    services.theme_add(
        actor=world["worker"], item=item, pillar_id=pillar.pk, life_domain_id=domain.pk
    )
    with pytest.raises(services.MeetingInputError, match="staat er al bij"):
        services.theme_add(
            actor=world["worker"], item=item, pillar_id=pillar.pk, life_domain_id=domain.pk
        )
    core = Pillar.objects.get(municipality__isnull=True, is_core=True)
    with pytest.raises(services.MeetingInputError, match="pijler"):
        services.theme_add(
            actor=world["worker"], item=item, pillar_id=core.pk, life_domain_id=domain.pk
        )
    assert ItemTheme.objects.count() == 1


def test_another_team_cannot_tag_the_item(world, item, client, catalogue):
    pillar, domain = _ids(catalogue)
    client.force_login(world["outsider"])
    response = client.post(
        reverse("meetings:item-detail", args=[item.pk]),
        {"action": "theme", "pillar": pillar.pk, "life_domain": domain.pk},
    )
    assert response.status_code == 404
    assert not ItemTheme.objects.exists()
