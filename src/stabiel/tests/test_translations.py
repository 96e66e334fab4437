"""Dutch first, English available: every message catalogue is complete and compiled."""

import re
from pathlib import Path

import pytest
from django.utils import translation

SRC = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(SRC.glob("**/locale/en/LC_MESSAGES/django.po"))


def test_every_app_with_a_catalogue_is_found():
    apps = {path.relative_to(SRC).parts[0] for path in CATALOGUES}
    assert {"locale", "cases", "meetings", "supporters", "earlywarning", "plans", "privacy"} <= apps


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_is_complete_and_compiled(po):
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # the first is the header
    untranslated = [e for e in entries if re.search(r'^msgstr ""\s*\Z', e.strip(), re.M)]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert not untranslated, f"{len(untranslated)} untranslated in {po}: {untranslated[:3]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {po}: {fuzzy[:3]}"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_size > 0, f"{mo} is missing: run make messages"


def test_menu_labels_of_every_part_are_english_in_english():
    from stabiel.home.menu import MENU

    same_in_both = {"Start", "Teams"}
    with translation.override("nl"):
        dutch = [str(item.label) for item in MENU]
    with translation.override("en"):
        english = [str(item.label) for item in MENU]
    untranslated = {nl for nl, en in zip(dutch, english, strict=True) if nl == en}
    assert untranslated <= same_in_both, untranslated


def test_words_with_two_meanings_keep_them_apart_in_english():
    """'Melding' is an alert in casework and a report in early warning; 'doel' is a purpose in
    the access log and a goal in the plan with the household. The project catalogue is read
    before the apps' own, so the apps use a context."""
    from django.utils.translation import gettext, npgettext, pgettext

    with translation.override("en"):
        assert gettext("Melding") == "Alert"
        assert pgettext("vroegsignalering", "Melding") == "Report"
        assert npgettext("vroegsignalering", "%(n)s melding", "%(n)s meldingen", 2) == (
            "%(n)s reports"
        )
        assert pgettext("plan met het huishouden", "Doel") == "Goal"
