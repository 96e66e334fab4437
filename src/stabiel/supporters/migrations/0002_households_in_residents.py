"""Households and persons moved to the residents app (issue 12): this app's keys to them
point at residents.* in Django's state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0001_initial"),
        ("supporters", "0001_initial"),
    ]

    # Only Django's picture of the models changes: the tables keep their names, rows and keys.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="supportermark",
                    name="household",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="supporter_marks",
                        to="residents.household",
                        verbose_name="huishouden",
                    ),
                ),
                migrations.AlterField(
                    model_name="supportermark",
                    name="person",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="supporter_marks",
                        to="residents.person",
                        verbose_name="bewoner",
                    ),
                ),
            ],
        ),
    ]
