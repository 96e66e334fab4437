"""Households and persons moved to the residents app (issue 12): this app's keys to them
point at residents.* in Django's state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0001_initial"),
        ("rules", "0002_alert_evidence_fingerprint"),
    ]

    # Only Django's picture of the models changes: the tables keep their names, rows and keys.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="alert",
                    name="household",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="alerts",
                        to="residents.household",
                    ),
                ),
                migrations.AlterField(
                    model_name="relapsewatch",
                    name="household",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="residents.household",
                    ),
                ),
            ],
        ),
    ]
