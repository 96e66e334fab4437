"""The stability model's vocabulary as HSDS taxonomies: how Stabiel's words map onto HSDS terms.

Two taxonomies, both built from the catalogue as one municipality uses it:

- *levensgebieden en soorten voorzieningen*: the nine life domains as top terms, each provision
  type of the checklist (VNG/Movisie 2015) as a term under its life domain;
- *schillen en wettelijke kaders*: the three shells (informal, social domain, other legal
  frames) as top terms, each legal frame under the shell it belongs to.

A service carries the terms of its life domain, provision type, shell and legal frame as HSDS
attributes. Ids are UUIDs derived from the codes, so they stay the same between requests and
between servers; a municipality's own catalogue items get ids that include its CBS code.
"""

import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from stabiel.catalogue.models import LifeDomain, ProvisionType, Shell
from stabiel.catalogue.queries import items_for

from ..models import LegalFrame
from ..rules import FRAMES_OF_SHELL

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://stabiel.nl/hsds")
PROVISIONS = "stabiel-voorzieningen"
SHELLS = "stabiel-schillen"


def derived_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


@dataclass(frozen=True)
class Term:
    id: uuid.UUID
    taxonomy: str
    kind: str  # lifedomain, provisiontype, shell, legalframe
    code: str
    name: str
    description: str
    parent_id: uuid.UUID | None = None


def taxonomy_id(code: str) -> uuid.UUID:
    return derived_id("taxonomy", code)


def taxonomies() -> list[dict]:
    return [
        {
            "id": str(taxonomy_id(PROVISIONS)),
            "name": _("Stabiel: levensgebieden en soorten voorzieningen"),
            "description": _(
                "De negen levensgebieden van het stabiliteitsmodel met onder elk levensgebied de "
                "soorten voorzieningen uit de checklist van VNG en Movisie (2015)."
            ),
            "version": "1",
        },
        {
            "id": str(taxonomy_id(SHELLS)),
            "name": _("Stabiel: schillen en wettelijke kaders"),
            "description": _(
                "De drie schillen waarlangs hulp komt (informeel, sociaal domein, overige "
                "kaders) met onder elke schil de wetten die erbij horen."
            ),
            "version": "1",
        },
    ]


def _item_id(kind: str, item, municipality) -> uuid.UUID:
    if item.municipality_id is None:
        return derived_id("term", kind, item.code)
    return derived_id("term", kind, municipality.cbs_code, item.code)


def frame_term_id(frame: str) -> uuid.UUID:
    return derived_id("term", "legalframe", frame)


def terms(*, municipality) -> list[Term]:
    """Every term of both taxonomies, as this municipality's catalogue has them, in order."""
    found: list[Term] = []
    domains = list(items_for(municipality=municipality, model=LifeDomain).order_by("number"))
    domain_ids = {d.pk: _item_id("lifedomain", d, municipality) for d in domains}
    types = (
        items_for(municipality=municipality, model=ProvisionType)
        .select_related("life_domain")
        .order_by("life_domain__number", "position", "name")
    )
    by_domain: dict[int, list] = {}
    for ptype in types:
        by_domain.setdefault(ptype.life_domain_id, []).append(ptype)
    for domain in domains:
        found.append(
            Term(
                domain_ids[domain.pk],
                PROVISIONS,
                "lifedomain",
                domain.code,
                domain.display_name,
                domain.description,
            )
        )
        found.extend(
            Term(
                _item_id("provisiontype", ptype, municipality),
                PROVISIONS,
                "provisiontype",
                ptype.code,
                ptype.display_name,
                ptype.description,
                domain_ids[domain.pk],
            )
            for ptype in by_domain.get(domain.pk, [])
        )
    for shell in items_for(municipality=municipality, model=Shell).order_by("position", "name"):
        shell_id = _item_id("shell", shell, municipality)
        found.append(
            Term(shell_id, SHELLS, "shell", shell.code, shell.display_name, shell.description)
        )
        found.extend(
            Term(
                frame_term_id(frame),
                SHELLS,
                "legalframe",
                frame,
                str(LegalFrame(frame).label),
                "",
                shell_id,
            )
            for frame in FRAMES_OF_SHELL.get(shell.code, ())
        )
    return found


def term_document(term: Term, *, with_taxonomy: bool = True) -> dict:
    """One term in the shape of HSDS taxonomy_term.json."""
    document: dict = {
        "id": str(term.id),
        "code": term.code,
        "name": term.name,
        "description": term.description,
        "taxonomy": term.taxonomy,
        "taxonomy_id": str(taxonomy_id(term.taxonomy)),
        "language": "nl",
    }
    if term.parent_id is not None:
        document["parent_id"] = str(term.parent_id)
    if with_taxonomy:
        document["taxonomy_detail"] = next(
            t for t in taxonomies() if t["id"] == document["taxonomy_id"]
        )
    return document
