"""Where in a publication something comes from, in words: the publication's name and its chapter
or section, never an internal line reference such as "000:L414-418".

Catalogue items, worksheets and practices keep their line reference (``source_ref``) for the
project's own checks against the seeds; screens and documents show :func:`source_label`.
"""

import re
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

SECTIONS_FILE = Path(__file__).resolve().parent / "seed" / "sections.yaml"

# Seed file prefix -> publication code (see seed/publications.yaml).
PUBLICATION_OF_PREFIX = {
    "000": "vng-stop-het-stapelen-2022",
    "001": "vng-nieuws-2022",
    "002": "vng-movisie-checklist-2015",
    "003": "integraal-werken-2018",
    "004": "kpmg-basisfuncties-2019",
}
_REF = re.compile(r"^\s*(\d{3}):L(\d+)")


@lru_cache(maxsize=1)
def _sections() -> dict[str, list[tuple[int, str, str]]]:
    data = yaml.safe_load(SECTIONS_FILE.read_text(encoding="utf-8")) or {}
    return {
        str(prefix): sorted((row["from"], row["chapter"], row["section"]) for row in rows)
        for prefix, rows in data.items()
    }


def section_of(ref: str) -> str:
    """'Rode vlaggen: ... / Voorbeelden rode vlaggen' for '000:L414-418'; '' when unknown."""
    match = _REF.match(ref or "")
    if not match:
        return ""
    prefix, line = match.group(1), int(match.group(2))
    found = None
    for start, chapter, section in _sections().get(prefix, []):
        if start > line:
            break
        found = (chapter, section)
    if found is None:
        return ""
    chapter, section = found
    return f"{chapter} / {section}" if section and section != chapter else chapter


def publication_code_of(ref: str) -> str:
    match = _REF.match(ref or "")
    return PUBLICATION_OF_PREFIX.get(match.group(1), "") if match else ""


def source_label(publication, ref: str = "") -> str:
    """'VNG, Stop het stapelen (2022), hoofdstuk Actie 2 / Voorbeelden rode vlaggen'. Without a
    known section only the publication; a bare line reference is never shown."""
    parts = []
    if publication is not None:
        parts.append(f"{publication.publisher}, {publication.title} ({publication.year})")
    section = section_of(ref)
    if section:
        parts.append(_("onderdeel: %(section)s") % {"section": section})
    return ", ".join(parts)
