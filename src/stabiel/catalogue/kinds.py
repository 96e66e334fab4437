"""The kinds of catalogue items as the screens show them: label, filters, columns, editability."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import (
    Action,
    CatalogueItem,
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


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[CatalogueItem]
    label: str | Promise
    intro: str | Promise
    filters: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    # Fixed structure of the model (three pillars, five actions, nine domains) is not added to
    # or switched off locally; lists of flags, events, provisions and signals are.
    extendable: bool = False
    form_fields: tuple[str, ...] = field(default=())


KINDS: tuple[Kind, ...] = (
    Kind(
        "pijlers",
        Pillar,
        _("Pijlers en kern"),
        _("De drie pijlers van het stabiliteitsmodel en de kern in het midden."),
    ),
    Kind(
        "acties",
        Action,
        _("Vijf acties"),
        _("De vijf acties van het preventieplan. Actie 2 tot en met 4 horen bij een pijler."),
        filters=("pillar",),
        columns=("number", "pillar"),
    ),
    Kind(
        "levensgebieden",
        LifeDomain,
        _("Levensgebieden"),
        _(
            "De negen levensgebieden. Vijf zijn kerngebieden; opvoeden en opgroeien telt als er kinderen of jongeren zijn."
        ),
        filters=("weight",),
        columns=("number", "weight"),
    ),
    Kind(
        "perspectieven",
        Perspective,
        _("Perspectieven"),
        _("De vier perspectieven die samen de werkbladen invullen."),
    ),
    Kind(
        "schillen",
        Shell,
        _("Schillen"),
        _(
            "Langs welke weg een voorziening loopt: informeel, sociaal domein of een ander wettelijk kader."
        ),
    ),
    Kind(
        "rode-vlaggen",
        RedFlagType,
        _("Rode vlaggen"),
        _(
            "Signalen dat een stabiel leven in gevaar is. Alleen vlaggen over een persoon of huishouden kunnen als signaal binnenkomen. Gezondheidskenmerken zijn alleen voor beleid."
        ),
        filters=("pillar", "level", "action", "health"),
        columns=("pillar", "level"),
        extendable=True,
        form_fields=("name", "name_en", "description", "pillar", "action", "level"),
    ),
    Kind(
        "groene-vlaggen",
        GreenFlagType,
        _("Groene vlaggen"),
        _("Wat de gemeente en partners doen om levens stabiel te houden."),
        filters=("pillar", "aim", "action"),
        columns=("pillar", "aim"),
        extendable=True,
        form_fields=("name", "name_en", "description", "pillar", "action", "aim"),
    ),
    Kind(
        "gebeurtenissen",
        LifeEvent,
        _("Ingrijpende gebeurtenissen"),
        _("Gebeurtenissen waarna problemen zich kunnen opstapelen."),
        extendable=True,
        form_fields=("name", "name_en", "description"),
    ),
    Kind(
        "voorzieningen",
        ProvisionType,
        _("Soorten voorzieningen"),
        _(
            "Soorten hulp en voorzieningen per levensgebied, met andere namen die gemeenten gebruiken."
        ),
        filters=("life_domain", "q"),
        columns=("life_domain", "group", "aliases"),
        extendable=True,
        form_fields=(
            "name",
            "name_en",
            "description",
            "life_domain",
            "group",
            "aliases",
            "is_agreement",
        ),
    ),
    Kind(
        "signalen",
        SignalType,
        _("Soorten signalen"),
        _(
            "Wat partners kunnen melden. Elk soort signaal hoort bij een rode vlag over een persoon of huishouden."
        ),
        filters=("subject", "pillar"),
        columns=("red_flag_type", "subject", "typical_reporters"),
        extendable=True,
        form_fields=(
            "name",
            "name_en",
            "description",
            "red_flag_type",
            "subject",
            "typical_reporters",
        ),
    ),
)

KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}

_FACT_FIELDS = (
    "number",
    "pillar",
    "action",
    "level",
    "is_health_characteristic",
    "source_list",
    "is_highlighted",
    "aim",
    "weight",
    "life_domain",
    "group",
    "aliases",
    "is_agreement",
    "red_flag_type",
    "subject",
    "typical_reporters",
)


def item_facts(item: CatalogueItem) -> list[tuple[str, object]]:
    """Label and shown value of each kind-specific field the item has, for its detail page."""
    facts = []
    names = {f.name for f in item._meta.concrete_fields}
    for name in _FACT_FIELDS:
        if name not in names:
            continue
        field = item._meta.get_field(name)
        display = getattr(item, f"get_{name}_display", None)
        value = display() if display else getattr(item, name)
        if isinstance(value, bool):
            value = _("ja") if value else _("nee")
        facts.append((field.verbose_name, value if value not in (None, "") else "—"))
    return facts
