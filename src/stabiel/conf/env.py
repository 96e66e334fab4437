"""Read settings from environment variables, each with a help text.

Every variable read through :func:`env` is recorded in ``DOCUMENTED`` so a test can check that
``docs/configuration.md`` names them all.
"""

import os
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class EnvVar:
    name: str
    help: str
    default: str | None


DOCUMENTED: dict[str, EnvVar] = {}

_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env(name: str, default=_MISSING, *, help: str) -> str:
    DOCUMENTED[name] = EnvVar(name, help, None if default is _MISSING else str(default))
    value = os.environ.get(name)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"Set the environment variable {name}: {help}")
        return default
    return value


def env_bool(name: str, default: bool, *, help: str) -> bool:
    value = env(name, "true" if default else "false", help=help).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, *, help: str) -> int:
    value = env(name, str(default), help=help)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: str, *, help: str) -> list[str]:
    return [item.strip() for item in env(name, default, help=help).split(",") if item.strip()]
