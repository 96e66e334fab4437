"""The readable sentence of a rule version: what every alert shows and the register publishes."""

from .kinds import KINDS


def sentence(version) -> str:
    kind = KINDS[version.kind]
    return kind.sentence(kind.clean_params(version.params))
