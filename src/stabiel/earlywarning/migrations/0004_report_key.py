# Signals point at their report by the report's key (known while a file is read), so forming
# reports needs no second pass over a month's signals. Written by hand: remove the old link and
# add the new one (a change of column type and name in one step would differ per database).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("earlywarning", "0003_report_link_without_db_constraint"),
    ]

    operations = [
        migrations.RemoveField(model_name="debtsignal", name="report"),
        migrations.AddField(
            model_name="report",
            name="key",
            field=models.CharField(editable=False, max_length=60, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="debtsignal",
            name="report",
            field=models.ForeignKey(
                blank=True,
                db_column="report_key",
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="signals",
                to="earlywarning.report",
                to_field="key",
                verbose_name="melding",
            ),
        ),
        migrations.AddField(
            model_name="stageddebtsignal",
            name="report_key",
            field=models.CharField(default="", max_length=60),
            preserve_default=False,
        ),
    ]
