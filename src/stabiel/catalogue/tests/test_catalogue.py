"""The national catalogue is complete against SEED_INVENTORY.md, and a municipality can adapt it."""

from collections import Counter

import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.catalogue.levels import FlagLevel
from stabiel.catalogue.models import (
    Action,
    GreenFlagType,
    LifeDomain,
    LifeEvent,
    Perspective,
    Pillar,
    ProvisionType,
    Publication,
    RedFlagType,
    Shell,
    SignalType,
)
from stabiel.catalogue.queries import items_for
from stabiel.catalogue.services import catalogue_load_national, item_switch_set

pytestmark = pytest.mark.django_db


class TestNationalBase:
    def test_model_structure(self, catalogue):
        assert Pillar.objects.filter(is_core=False).count() == 3
        assert Pillar.objects.filter(is_core=True).count() == 1
        assert Perspective.objects.count() == 4
        assert Shell.objects.count() == 3
        assert LifeEvent.objects.count() == 5  # SEED_INVENTORY 1.3, destabilising life events

    def test_actions_2_to_4_belong_to_a_pillar_1_and_5_to_none(self, catalogue):
        pillars = dict(Action.objects.values_list("number", "pillar__code"))
        assert pillars == {
            1: None,
            2: "bestaanszekerheid",
            3: "continuiteit",
            4: "meedoen",
            5: None,
        }

    def test_life_domains_weighted_as_the_checklist(self, catalogue):
        weights = Counter(LifeDomain.objects.values_list("weight", flat=True))
        assert weights == {"core": 5, "conditional": 1, "supplementary": 3}
        assert list(LifeDomain.objects.values_list("number", flat=True)) == list(range(1, 10))

    def test_red_flags_complete_by_level(self, catalogue):
        levels = Counter(RedFlagType.objects.values_list("level", flat=True))
        # 28 unique person/household/neighbourhood flags + 7 system flags + 3 drop-out reasons
        assert sum(levels.values()) == 38
        assert levels[FlagLevel.SYSTEM] == 10
        assert levels[FlagLevel.POPULATION] == 3
        health = set(
            RedFlagType.objects.filter(is_health_characteristic=True).values_list("code", flat=True)
        )
        # low literacy too: the product's own privacy rule (issue 14)
        assert health == {
            "licht-verstandelijke-beperking",
            "psychische-stoornissen",
            "laaggeletterdheid",
        }

    def test_provision_types_per_life_domain(self, catalogue):
        per_domain = dict(
            Counter(ProvisionType.objects.values_list("life_domain__number", flat=True))
        )
        # SEED_INVENTORY 1.8: 29 + 8 + 18 + 20 + 33 + 8 + 12 + 5 + 14 = 147 in checklist order
        assert sum(per_domain.values()) == 147
        assert ProvisionType.objects.filter(is_agreement=True).count() == 6
        assert (
            ProvisionType.objects.filter(code__icontains="housing-first").exists()
            or ProvisionType.objects.filter(name__icontains="Housing First").exists()
        )

    def test_green_flags_have_an_aim(self, catalogue):
        assert GreenFlagType.objects.count() >= 7
        assert not GreenFlagType.objects.filter(aim="").exists()

    def test_every_item_names_its_publication(self, catalogue):
        for model in (
            Pillar,
            Action,
            LifeDomain,
            Perspective,
            Shell,
            RedFlagType,
            GreenFlagType,
            LifeEvent,
            ProvisionType,
            SignalType,
        ):
            assert not model.objects.filter(source__isnull=True).exists(), model

    def test_signal_types_only_point_at_recordable_flags(self, catalogue):
        assert SignalType.objects.count() >= 10
        for signal_type in SignalType.objects.select_related("red_flag_type"):
            assert signal_type.red_flag_type.can_be_signal, signal_type.code

    def test_loading_twice_changes_nothing(self, catalogue):
        before = {
            m: m.objects.count() for m in (RedFlagType, ProvisionType, SignalType, Publication)
        }
        catalogue_load_national()
        assert before == {m: m.objects.count() for m in before}


class TestMunicipalityAdaptsCatalogue:
    def test_switching_a_national_item_off_hides_it_for_that_municipality_only(
        self, catalogue, municipality, other_municipality
    ):
        flag = RedFlagType.objects.get(code="schulden")
        item_switch_set(municipality=municipality, item=flag, active=False)
        assert flag not in items_for(municipality=municipality, model=RedFlagType)
        assert flag in items_for(municipality=other_municipality, model=RedFlagType)
        flag.refresh_from_db()
        assert flag.municipality is None  # the national base is untouched

    def test_admin_adds_own_red_flag(self, catalogue, admin_client, admin_user):
        pillar = Pillar.objects.get(code="meedoen")
        response = admin_client.post(
            reverse("catalogue:item-create", args=["rode-vlaggen"]),
            {
                "name": "Geen internet thuis",
                "description": "Kan niets online regelen.",
                "pillar": pillar.pk,
                "level": "household",
            },
        )
        assert response.status_code == 302
        item = RedFlagType.objects.get(name="Geen internet thuis")
        assert item.municipality == admin_user.municipality
        assert item in items_for(municipality=admin_user.municipality, model=RedFlagType)

    def test_switch_off_through_the_screen(self, catalogue, admin_client, admin_user):
        flag = RedFlagType.objects.get(code="schulden")
        url = reverse("catalogue:item-switch", args=["rode-vlaggen", flag.pk])
        assert admin_client.get(url).status_code == 405
        assert admin_client.post(url, {"active": "0"}).status_code == 302
        assert flag not in items_for(municipality=admin_user.municipality, model=RedFlagType)

    def test_signal_type_cannot_use_a_health_characteristic(self, catalogue, admin_client):
        health = RedFlagType.objects.get(code="psychische-stoornissen")
        before = SignalType.objects.count()
        response = admin_client.post(
            reverse("catalogue:item-create", args=["signalen"]),
            {"name": "Psychische klachten gemeld", "red_flag_type": health.pk, "subject": "person"},
        )
        assert response.status_code == 200
        assert "Kies een item uit de catalogus" in response.content.decode()
        assert SignalType.objects.count() == before

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"name": "", "level": "household"}, "verplicht"),
            ({"name": "X", "level": "galaxy"}, "geldige"),
            (
                {"name": "X", "level": "household", "pillar": "999999"},
                "Kies een item uit de catalogus",
            ),
        ],
    )
    def test_bad_input_on_own_item(self, catalogue, admin_client, data, message):
        before = RedFlagType.objects.count()
        response = admin_client.post(reverse("catalogue:item-create", args=["rode-vlaggen"]), data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert RedFlagType.objects.count() == before

    def test_national_items_cannot_be_edited_and_fixed_structure_not_extended(
        self, catalogue, admin_client
    ):
        flag = RedFlagType.objects.get(code="schulden")
        assert (
            admin_client.get(
                reverse("catalogue:item-update", args=["rode-vlaggen", flag.pk])
            ).status_code
            == 404
        )
        assert (
            admin_client.get(reverse("catalogue:item-create", args=["pijlers"])).status_code == 404
        )

    def test_items_of_another_municipality_are_invisible(
        self, catalogue, admin_client, other_municipality
    ):
        from stabiel.catalogue.services import item_save_local

        foreign = item_save_local(
            municipality=other_municipality, model=LifeEvent, item=None, values={"name": "Geheim"}
        )
        assert (
            admin_client.get(
                reverse("catalogue:item-detail", args=["gebeurtenissen", foreign.pk])
            ).status_code
            == 404
        )
        assert (
            admin_client.get(
                reverse("catalogue:item-update", args=["gebeurtenissen", foreign.pk])
            ).status_code
            == 404
        )
        assert (
            "Geheim"
            not in admin_client.get(
                reverse("catalogue:item-list", args=["gebeurtenissen"])
            ).content.decode()
        )

    @pytest.mark.parametrize(
        "role", [Role.POLICY_ADVISER, Role.ACCESS_WORKER, Role.PRIVACY_OFFICER]
    )
    def test_readers_cannot_edit(self, catalogue, client, make_user, team, role):
        client.force_login(make_user(role, teams=[team]))
        assert client.get(reverse("catalogue:item-list", args=["rode-vlaggen"])).status_code == 200
        assert (
            client.get(reverse("catalogue:item-create", args=["rode-vlaggen"])).status_code == 403
        )


class TestBrowsing:
    @pytest.fixture
    def reader(self, client, make_user):
        client.force_login(make_user(Role.POLICY_ADVISER))
        return client

    def test_filter_red_flags_by_pillar_and_level(self, catalogue, reader):
        pillar = Pillar.objects.get(code="continuiteit")
        response = reader.get(
            reverse("catalogue:item-list", args=["rode-vlaggen"]),
            {"pillar": pillar.pk, "level": "system"},
        )
        content = response.content.decode()
        assert response.status_code == 200
        system_flags = RedFlagType.objects.filter(pillar=pillar, level="system")
        assert system_flags.exists()
        for flag in system_flags:
            assert flag.name in content
        assert RedFlagType.objects.get(code="schulden").name not in content

    def test_filter_by_action_and_search_provisions(self, catalogue, reader):
        response = reader.get(
            reverse("catalogue:item-list", args=["voorzieningen"]), {"q": "Housing First"}
        )
        assert "Housing First" in response.content.decode()

    @pytest.mark.parametrize(
        "query",
        [
            {"pillar": "abc"},
            {"level": "x" * 500},
            {"pillar": "99999999999999999999"},
            {"health": "misschien"},
        ],
    )
    def test_bad_filter_values_show_a_message_not_an_error(self, catalogue, reader, query):
        response = reader.get(reverse("catalogue:item-list", args=["rode-vlaggen"]), query)
        assert response.status_code == 200
        assert "niet bestaat" in response.content.decode()

    def test_unknown_kind_and_id_are_404(self, catalogue, reader):
        assert reader.get("/catalogus/onbekend/").status_code == 404
        assert (
            reader.get(reverse("catalogue:item-detail", args=["rode-vlaggen", 999999])).status_code
            == 404
        )

    def test_overview_draws_the_model_with_a_table_alternative(self, catalogue, reader):
        content = reader.get(reverse("catalogue:overview")).content.decode()
        assert "<svg" in content and 'role="group"' in content
        assert "<caption>" in content
        for pillar in Pillar.objects.all():
            assert pillar.name in content

    def test_partner_reporter_cannot_browse(self, catalogue, client, make_user):
        client.force_login(make_user(Role.PARTNER_REPORTER, partner_organisation="Corporatie"))
        assert client.get(reverse("catalogue:overview")).status_code == 403
