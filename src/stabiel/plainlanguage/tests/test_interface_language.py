"""Stabiel's own interface passes its own check: no official word from the list in any Dutch
message of the catalogues (the msgids, Dutch being the source language)."""

from pathlib import Path

import pytest

from stabiel.plainlanguage.checker.jargon import default_pairs, find_jargon

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("**/locale/en/LC_MESSAGES/django.po"))

# Names the professional screens use on purpose, each for one thing in the product; a resident
# never reads them in a letter. Everything else on the list fails the test.
PRODUCT_TERMS = {
    "termijn": "a rule's due time and the retention periods (Bewaartermijnen)",
    "binnen de termijn van": "the rule's due time on the triage form",
    "voorzieningen": "the provision inventory (DOMAIN.md part 3)",
    "overleggen": "the case meetings menu (noun, not the verb 'hand over')",
    "inzage": "the resident's right of inspection (AVG art. 15)",
    "mandaat": "the case table member's mandate (seed 003)",
    "toewijzen": "assigning an alert to a worker",
    "behandelaar": "the worker who handles an early-warning report",
    "toelichting": "a field for a worker's note",
    "uiterlijk": "the due-date label of alerts and agreements",
    "annuleren": "cancel links of forms",
    "beëindigen": "ending a supporter mark",
    "onderbouwing": "answers as evidence for a flag in the plan workbench",
    "tijdig": "KPMG's basic function 'Tijdig signaleren' (seed 004)",
    "coördineren": "the process lead's task (DOMAIN.md part 4)",
    "verzoek": "the partner API's error title for a request",
    "verzoeken": "residents' requests to the privacy officer (a noun here, AVG art. 15 and 16)",
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
