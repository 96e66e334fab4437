"""The readable sentence of a rule version: what every alert shows and the register publishes."""

from typing import TYPE_CHECKING

from .kinds import KINDS
from .models import RuleVersion

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def sentence(version: RuleVersion) -> "StrOrPromise":
    kind = KINDS[version.kind]
    return kind.sentence(kind.clean_params(version.params))
