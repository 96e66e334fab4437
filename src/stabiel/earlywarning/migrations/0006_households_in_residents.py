"""Households and persons moved to the residents app (issue 12): this app's keys to them
point at residents.* in Django's state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("earlywarning", "0005_report_key_one_index"),
        ("residents", "0001_initial"),
    ]

    # Only Django's picture of the models changes: the tables keep their names, rows and keys.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="debtsignal",
                    name="household",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="residents.household",
                    ),
                ),
                migrations.AlterField(
                    model_name="debtsignal",
                    name="person",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="residents.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="household",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="residents.household",
                        verbose_name="huishouden",
                    ),
                ),
            ],
        ),
    ]
