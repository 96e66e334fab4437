"""Measured beside scored: the team's own figures per step, read through stabiel.insights."""


def measured_for(*, municipality) -> list:
    return []
