"""Parsed area figures and the errors of a load. Shared by the CBS loader and the CSV reader."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Level(StrEnum):
    COUNTRY = "country"
    MUNICIPALITY = "municipality"
    DISTRICT = "district"
    NEIGHBOURHOOD = "neighbourhood"


def level_of(code: str) -> Level | None:
    """The level of a CBS area code: NL00, GMnnnn, WKnnnnnn, BUnnnnnnnn; None when it is none."""
    if code == "NL00":
        return Level.COUNTRY
    prefix, digits = code[:2], code[2:]
    if not digits.isdigit():
        return None
    if prefix == "GM" and len(digits) == 4:
        return Level.MUNICIPALITY
    if prefix == "WK" and len(digits) == 6:
        return Level.DISTRICT
    if prefix == "BU" and len(digits) == 8:
        return Level.NEIGHBOURHOOD
    return None


def parent_code(code: str) -> str | None:
    """The code of the area one level up (a neighbourhood's district, a district's municipality)."""
    level = level_of(code)
    if level == Level.NEIGHBOURHOOD:
        return "WK" + code[2:8]
    if level == Level.DISTRICT:
        return "GM" + code[2:6]
    return None


@dataclass(frozen=True)
class AreaValue:
    area_code: str
    area_name: str
    indicator: str
    value: Decimal


@dataclass(frozen=True)
class RowProblem:
    line: int  # 0: the file or response as a whole
    message: str


class LoadError(ValueError):
    """A load that cannot be stored; every problem has a plain Dutch message."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
