"""Stabiel's own interface passes its own check: no official word from the list in any Dutch
message of the catalogues (the msgids, Dutch being the source language)."""

from pathlib import Path

import pytest

from stabiel.plainlanguage.checker.jargon import default_pairs, find_jargon

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("**/locale/en/LC_MESSAGES/django.po"))

# True names the professional screens use on purpose, each for one thing in the product or the
# law; a resident never reads them in a letter. Each keeps its reason.
PRODUCT_TERMS = {
    "termijn": "retention periods (AVG art. 5, Archiefwet 'bewaartermijn') and a rule's set term",
    "binnen de termijn van": "the rule's set term on the triage form (same name as above)",
    "voorzieningen": "the provision inventory, VNG/Movisie checklist 'soorten voorzieningen'",
    "overleggen": "the case meetings menu: the noun 'meetings'; the list means the verb",
    "inzage": "the resident's right of inspection by its legal name (AVG art. 15)",
    "mandaat": "the case table member's mandate, as seed 003 names the maatwerktafel",
    "tijdig": "KPMG's basic function 'Tijdig signaleren' (seed 004), a quoted name",
}


def msgids(path: Path) -> list[str]:
    """The Dutch source strings of one .po file, with continued lines joined."""
    found, current, in_id = [], [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            if current:
                found.append("".join(current))
            current, in_id = [line.split(" ", 1)[1].strip()[1:-1]], True
        elif line.startswith('"') and in_id:
            current.append(line[1:-1])
        else:
            in_id = False
    if current:
        found.append("".join(current))
    return [text for text in found if text]


def test_the_catalogues_are_found():
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_official_word_in_the_interface(path):
    pairs = default_pairs()
    found = [
        (pair.term, text[:80])
        for text in msgids(path)
        for _s, _e, pair in find_jargon(text, pairs)
        if pair.term not in PRODUCT_TERMS
    ]
    assert not found, f"Use the plain word the list gives: {found}"


def test_the_test_can_fail():
    pairs = default_pairs()
    assert find_jargon("Indien u vragen heeft, neem contact op.", pairs)


def test_every_exemption_is_still_needed():
    """An exemption nobody uses any more is removed, so the list only shrinks."""
    pairs = default_pairs()
    used = {
        pair.term
        for path in CATALOGUES
        for text in msgids(path)
        for _s, _e, pair in find_jargon(text, pairs)
    }
    unused = set(PRODUCT_TERMS) - used
    assert not unused, f"remove these exemptions: {sorted(unused)}"
