"""A wide table on a phone scrolls sideways inside its container; keyboard users must be able to
reach and scroll it (axe: scrollable-region-focusable). Found at 390 px on the outcome pages and
the plan's progress view: every table container there is a named, focusable region."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]
TEMPLATES = [
    *sorted((SRC / "insights" / "templates" / "insights").glob("*.html")),
    SRC / "knowresidents" / "templates" / "knowresidents" / "_areas.html",
    SRC / "knowresidents" / "templates" / "knowresidents" / "load.html",
    SRC / "plans" / "templates" / "plans" / "plan_progress.html",
]
CONTAINER = re.compile(r'<div class="utrecht-table-container[^"]*"[^>]*>')


def containers():
    for path in TEMPLATES:
        for tag in CONTAINER.findall(path.read_text("utf-8")):
            yield pytest.param(tag, id=f"{path.parent.name}/{path.name}")


@pytest.mark.parametrize("tag", list(containers()))
def test_every_table_container_is_a_named_focusable_region(tag):
    assert 'tabindex="0"' in tag
    assert 'role="region"' in tag
    assert "aria-label=" in tag or "aria-labelledby=" in tag


def test_the_templates_hold_table_containers():
    assert len(list(containers())) >= 10
