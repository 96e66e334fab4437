"""Every seeded list against the publications (/work/shared/SEED_INVENTORY.md): one test per list
pins how many items it has and which publication (and part of it) they come from."""

import re

import pytest

from stabiel.catalogue.models import (
    Action,
    GreenFlagType,
    LifeDomain,
    LifeEvent,
    Perspective,
    Pillar,
    ProvisionType,
    RedFlagType,
    Shell,
    SignalType,
)
from stabiel.catalogue.sources import section_of, source_label

pytestmark = pytest.mark.django_db

VNG = "vng-stop-het-stapelen-2022"
CHECKLIST = "vng-movisie-checklist-2015"


def national(model, **filters):
    return model.objects.filter(municipality__isnull=True, **filters)


def first_line(ref: str) -> int:
    return int(re.match(r"\d{3}:L(\d+)", ref).group(1))


def assert_from(items, *, publication: str, lines: tuple[int, int] | None = None):
    for item in items:
        assert item.source.code == publication, item.code
        if lines is not None:
            assert lines[0] <= first_line(item.source_ref) <= lines[1], (item.code, item.source_ref)


@pytest.mark.parametrize(
    ("source_list", "count", "lines"),
    [
        # the six general examples: three stand alone, three recur in a pillar list (000:L216-223)
        ("Voorbeelden rode vlaggen (algemeen)", 3, (216, 223)),
        # action 2: the nine tiles (000:L393-424)
        ("Actie 2 Bestaanszekerheid: voorbeelden rode vlaggen", 9, (223, 424)),
        ("Actie 2 Bestaanszekerheid: uitgelicht voorbeeld", 1, (379, 383)),
        # action 3: six tiles (000:L525-552) and the highlighted example (000:L514-523)
        ("Actie 3 Continuïteit: voorbeelden rode vlaggen", 6, (222, 552)),
        ("Actie 3 Continuïteit: uitgelicht voorbeeld", 1, (514, 523)),
        # action 4: seven tiles (000:L711-739) and the highlighted example (000:L670-677)
        ("Actie 4 Meedoen: rode vlaggen", 7, (220, 739)),
        ("Actie 4 Meedoen: uitgelicht voorbeeld", 1, (670, 677)),
        # system level: collaboration (000:L568-578) and why residents drop out of view (L227-231)
        ("Actie 3: rode vlaggen in de samenwerking met andere organisaties", 7, (572, 578)),
        (
            "Rode vlaggen in de begeleiding: waarom kwetsbare inwoners uit beeld raken",
            3,
            (227, 231),
        ),
    ],
)
def test_red_flag_list(catalogue, source_list, count, lines):
    items = national(RedFlagType, source_list__startswith=source_list)
    assert items.count() == count
    assert_from(items, publication=VNG, lines=lines)


def test_red_flags_in_total_and_the_general_examples(catalogue):
    assert national(RedFlagType).count() == 38  # 28 unique person/household/population + 10 system
    general = national(RedFlagType, source_list__icontains="voorbeelden rode vlaggen (algemeen)")
    assert general.count() == 6  # 000:L216-223


def test_existential_security_has_nine_tiles_and_one_highlighted_example(catalogue):
    flags = national(RedFlagType, pillar__code="bestaanszekerheid")
    assert flags.count() == 10
    assert [f.code for f in flags.filter(is_highlighted=True)] == [
        "gebrek-administratieve-vaardigheden"
    ]
    assert national(RedFlagType, is_highlighted=True).count() == 3  # one per action 2, 3, 4


def test_every_system_flag_says_which_list_it_comes_from(catalogue):
    system = national(RedFlagType, level="system")
    assert system.count() == 10
    assert all(f.source_list for f in system)
    assert all(f.source_list for f in national(RedFlagType))


def test_health_characteristics_are_policy_items_only(catalogue):
    health = national(RedFlagType, is_health_characteristic=True)
    assert sorted(f.code for f in health) == [
        "laaggeletterdheid",  # the product's own privacy rule, not the seed's (issue 14)
        "licht-verstandelijke-beperking",
        "psychische-stoornissen",
    ]
    assert not any(f.can_be_signal for f in health)
    assert not SignalType.objects.filter(red_flag_type__in=health).exists()


def test_green_flags(catalogue):
    general = national(GreenFlagType, source_ref__regex=r"^000:L(25[5-9]|26[0-3])")
    assert general.count() == 7  # 000:L255-263
    assert national(GreenFlagType).count() == 10  # plus the three level examples of 000:L253
    assert_from(national(GreenFlagType), publication=VNG, lines=(253, 263))


@pytest.mark.parametrize(
    ("model", "count", "publication"),
    [
        (Pillar, 4, VNG),  # three pillars and the core, 000:L153
        (Action, 5, VNG),  # five actions, 000:L276-284
        (Perspective, 4, VNG),  # four perspectives, 000:L855
        (LifeEvent, 5, VNG),  # destabilising life events, 000:L235
        (LifeDomain, 9, CHECKLIST),  # nine life domains, 002:L51-59
        (Shell, 3, CHECKLIST),  # three shells, 002:L128
        (ProvisionType, 147, CHECKLIST),  # 141 provision types + 6 housing agreements
    ],
)
def test_catalogue_list(catalogue, model, count, publication):
    items = national(model)
    assert items.count() == count
    assert_from(items, publication=publication)


def test_provision_types_per_life_domain(catalogue):
    counts = {d.code: national(ProvisionType, life_domain=d).count() for d in national(LifeDomain)}
    assert sum(counts.values()) == 147
    assert counts["wonen"] == 29 and counts["sociale-contacten"] == 33
    assert national(ProvisionType, is_agreement=True).count() == 6


def test_sources_read_as_publication_and_section(catalogue):
    flag = national(RedFlagType).get(code="betalingsachterstanden")
    label = source_label(flag.source, flag.source_ref)
    assert "Stop het stapelen" in label and "Voorbeelden rode vlaggen" in label
    assert "000:" not in label and "L414" not in label
    assert (
        section_of("004:L1083-1144") == "Bijlage 2: Schetsen lokale praktijken / Gemeente Enschede"
    )
    assert section_of("onzin") == ""
