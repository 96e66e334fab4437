"""The indicators of "Ken je inwoners": what each one counts, where it comes from, which red flag
it points at and which national reference figure sits beside it. Plain data, no database.

CBS indicators are read from the *Kerncijfers wijken en buurten* table of a year. Each year is a
new table whose column keys carry a year-specific number (`WmoClienten_93` in one year, another
number the next), so an indicator names the column's stem and the loader finds the key.
Local indicators come from a CSV the municipality uploads (GGD health monitor, own figures).

Neighbourhood figures are for planning only: nothing in Stabiel uses them to select a household.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Unit(StrEnum):
    COUNT = "count"  # people or households; small counts are hidden
    PERCENT = "percent"  # a share, as the source gives it


class Origin(StrEnum):
    CBS = "cbs"
    LOCAL = "local"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    unit: Unit
    origin: Origin
    cbs_stem: str = ""  # the CBS column key without its year-specific "_NN"
    red_flag: str = ""  # catalogue RedFlagType code, where one fits
    national_figure: int | None = None  # number in NATIONAL_FIGURES, where one fits
    per_inhabitants: bool = False  # also shown per 1,000 inhabitants (CBS counts)


# Columns every Kerncijfers table has and the loader needs (stems).
CBS_CODE_STEM = "Codering"
CBS_KIND_STEM = "SoortRegio"
CBS_INHABITANTS_STEM = "AantalInwoners"
CBS_NAME_KEY = "WijkenEnBuurten"  # the dimension; cbsodata gives its title (the area's name)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "bijstand",
        _("Inwoners met een bijstandsuitkering"),
        Unit.COUNT,
        Origin.CBS,
        cbs_stem="PersonenPerSoortUitkeringBijstand",
        red_flag="langdurige-bijstand",
        national_figure=10,
        per_inhabitants=True,
    ),
    Indicator(
        "jeugdzorg",
        _("Jongeren met jeugdzorg"),
        Unit.COUNT,
        Origin.CBS,
        cbs_stem="JongerenMetJeugdzorgInNatura",
        national_figure=9,
        per_inhabitants=True,
    ),
    Indicator(
        "wmo",
        _("Inwoners met Wmo-ondersteuning"),
        Unit.COUNT,
        Origin.CBS,
        cbs_stem="WmoClienten",
        red_flag="meer-dan-twee-beschikkingen",
        per_inhabitants=True,
    ),
    Indicator(
        "schulden",
        _("Huishoudens met problematische schulden"),
        Unit.PERCENT,
        Origin.LOCAL,
        red_flag="schulden",
        national_figure=6,
    ),
    Indicator(
        "eenzaamheid",
        _("Volwassenen die zich (zeer) eenzaam voelen"),
        Unit.PERCENT,
        Origin.LOCAL,
        red_flag="veel-mensen-eenzaam",
    ),
    Indicator(
        "psychische-klachten",
        _("Volwassenen met psychische klachten"),
        Unit.PERCENT,
        Origin.LOCAL,
        red_flag="psychische-stoornissen",
        national_figure=2,
    ),
    Indicator(
        "stress",
        _("Volwassenen met (heel) veel stress"),
        Unit.PERCENT,
        Origin.LOCAL,
        national_figure=3,
    ),
    Indicator(
        "laaggeletterdheid",
        _("Laaggeletterde inwoners (16 tot 66 jaar)"),
        Unit.PERCENT,
        Origin.LOCAL,
        red_flag="laaggeletterdheid",
        national_figure=7,
    ),
)

BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
CBS_INDICATORS = tuple(i for i in INDICATORS if i.origin == Origin.CBS)
LOCAL_INDICATORS = tuple(i for i in INDICATORS if i.origin == Origin.LOCAL)

# The Kerncijfers wijken en buurten table of each year (CBS StatLine identifiers).
KERNCIJFERS_TABLES: dict[int, str] = {
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
    2025: "86165NED",
}
