from django.db import migrations


def load(apps, schema_editor):
    from stabiel.plans.seed import worksheets_load

    worksheets_load(
        worksheet_model=apps.get_model("plans", "Worksheet"),
        question_model=apps.get_model("plans", "Question"),
        source_model=apps.get_model("plans", "WorksheetSource"),
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_measure_practice")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
