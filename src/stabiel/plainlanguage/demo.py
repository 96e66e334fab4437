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
    if admin is None or LetterTemplate.objects.filter(municipality=municipality).exists():
        return
    for example in example_templates():
        services.template_create(
            actor=admin,
            name=example["name"],
            purpose=example["purpose"],
            core_text=example["core"],
            back_text=example["back"],
            note="Voorbeeld van Stabiel",
            activate=True,
        )
