"""Households and persons moved to the residents app (issue 12): this app's keys to them
point at residents.* in Django's state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_caseevent_goal_agreement_triage_contact_and_more"),
        ("residents", "0001_initial"),
    ]

    # Only Django's picture of the models changes: the tables keep their names, rows and keys.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="household",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="residents.household",
                        verbose_name="huishouden",
                    ),
                ),
            ],
        ),
    ]
