"""Load the five worksheets and their questions from ``seed/worksheets.yaml``.

Idempotent: run it twice and nothing changes. Called by a data migration (so every database has
the worksheets) and by the demo and test fixtures (a flushed test database loses them).
"""

from pathlib import Path

import yaml

SEED_FILE = Path(__file__).parent / "seed" / "worksheets.yaml"
PERSPECTIVES = ("sociaal-domein", "veiligheid", "toegang-welzijn", "inwoner")


def worksheet_specs() -> list[dict]:
    with SEED_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def worksheets_load(*, worksheet_model=None, question_model=None, source_model=None) -> int:
    """Create or update the worksheets. The models can be passed in by a migration."""
    if worksheet_model is None:
        from .models import Question, Worksheet, WorksheetSource

        worksheet_model, question_model, source_model = Worksheet, Question, WorksheetSource
    changed = 0
    for spec in worksheet_specs():
        sheet, _ = worksheet_model.objects.update_or_create(
            number=spec["number"],
            defaults={
                "action_code": spec["action"],
                "title": spec["title"],
                "intro": spec.get("intro", ""),
                "own_question_prompt": spec["own_question_prompt"],
                "publication_code": spec["publication"],
                "source_ref": spec.get("source_ref", ""),
            },
        )
        for position, source in enumerate(spec.get("sources", []), start=1):
            source_model.objects.update_or_create(
                worksheet=sheet,
                url=source["url"],
                defaults={"label": source["label"], "position": position},
            )
        for number, question in enumerate(spec["questions"], start=1):
            _, made = question_model.objects.update_or_create(
                code=question["code"],
                defaults={
                    "worksheet": sheet,
                    "number": number,
                    "text": question["text"],
                    "help_text": question.get("help", ""),
                    "kind": question["kind"],
                    "perspective_codes": list(question.get("perspectives", PERSPECTIVES)),
                    "source_ref": question.get("source_ref", ""),
                },
            )
            changed += int(made)
    return changed
