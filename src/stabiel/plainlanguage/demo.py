"""Demo: Stabiel's example outreach letter templates, active, kept by the functional administrator.

The same texts are a starting point for a real municipality (data/outreach_templates.yaml).
"""

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model

from . import services
from .models import LetterTemplate

EXAMPLES = Path(__file__).resolve().parent / "data" / "outreach_templates.yaml"


def example_templates() -> list[dict]:
    return yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))


def templates_demo_load(municipality, *, username: str = "beheer") -> None:
    admin = get_user_model().objects.filter(municipality=municipality, username=username).first()
    if admin is None:
        return
    # By name: a demo made before a new example (the letter for young people turning 18, issue
    # 20) gets that one added and keeps the others as they are.
    present = set(
        LetterTemplate.objects.filter(municipality=municipality).values_list("name", flat=True)
    )
    for example in example_templates():
        if example["name"] in present:
            continue
        services.template_create(
            actor=admin,
            name=example["name"],
            purpose=example["purpose"],
            core_text=example["core"],
            back_text=example["back"],
            note="Voorbeeld van Stabiel",
            activate=True,
        )
