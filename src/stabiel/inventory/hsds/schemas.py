"""The vendored HSDS 3.0 JSON schemas (see schema/README.md) and validators for them."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "schema"
HSDS_VERSION = "3.0"
SCHEMA_COMMIT = "279fd2eb3552c349bf698c07c00cc25f5fc8249b"
NAMES = (
    "service",
    "service_list",
    "organization",
    "organization_list",
    "service_at_location",
    "service_at_location_list",
    "taxonomy",
    "taxonomy_term",
    "metadata",
)


@cache
def schema(name: str) -> dict:
    if name not in NAMES:
        raise KeyError(name)
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    # The taxonomy term refers to "taxonomy.json" and "metadata.json" by relative name.
    return Registry().with_resources(
        (f"{name}.json", Resource.from_contents(schema(name), default_specification=DRAFT202012))
        for name in ("taxonomy", "metadata")
    )


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one schema that also checks formats (uuid, uri, email, date-time)."""
    return Draft202012Validator(schema(name), registry=_registry(), format_checker=FormatChecker())


def problems(name: str, document) -> list[str]:
    """Every way a document breaks one schema, as 'path: message' (empty when it is valid)."""
    found = []
    for error in sorted(validator(name).iter_errors(document), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(document)"
        found.append(f"{where}: {error.message}")
    return found
