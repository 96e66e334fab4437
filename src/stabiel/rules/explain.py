"""The readable sentence of a rule version: what every alert shows and the register publishes."""

from .kinds import KINDS
from .models import RuleVersion


def sentence(version: RuleVersion) -> str:
    kind = KINDS[version.kind]
    return kind.sentence(kind.clean_params(version.params))
