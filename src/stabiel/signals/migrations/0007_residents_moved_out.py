"""Households and persons moved to the residents app (issue 12): removed from this app's
state only; the tables stay, now owned by residents (see residents/0001_initial)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_households_in_residents"),
        ("earlywarning", "0006_households_in_residents"),
        ("meetings", "0002_households_in_residents"),
        ("privacy", "0003_households_in_residents"),
        ("residents", "0001_initial"),
        ("rules", "0003_households_in_residents"),
        ("stabiel_signals", "0006_signal_withdrawn_on"),
        ("supporters", "0002_households_in_residents"),
    ]

    # Only Django's picture of the models changes: the tables keep their names, rows and keys.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="household",
                    name="area",
                ),
                migrations.RemoveField(
                    model_name="household",
                    name="merged_into",
                ),
                migrations.RemoveField(
                    model_name="household",
                    name="municipality",
                ),
                migrations.AlterField(
                    model_name="signal",
                    name="household",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signals",
                        to="residents.household",
                    ),
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="household",
                ),
                migrations.AlterField(
                    model_name="decision",
                    name="household",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="residents.household",
                    ),
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="person",
                ),
                migrations.RemoveField(
                    model_name="person",
                    name="municipality",
                ),
                migrations.RemoveField(
                    model_name="personidentity",
                    name="person",
                ),
                migrations.AlterField(
                    model_name="decision",
                    name="person",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="residents.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="signal",
                    name="person",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signals",
                        to="residents.person",
                    ),
                ),
                migrations.DeleteModel(
                    name="HouseholdAddress",
                ),
                migrations.DeleteModel(
                    name="Household",
                ),
                migrations.DeleteModel(
                    name="Membership",
                ),
                migrations.DeleteModel(
                    name="PersonIdentity",
                ),
                migrations.DeleteModel(
                    name="Person",
                ),
            ],
        ),
    ]
