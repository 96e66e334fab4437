"""Households and persons, moved here from stabiel_signals (issue 12).

The tables were created by stabiel_signals 0001 and keep their names (each model's db_table):
this migration only tells Django's state that the models now live here, and renames their
content types so that nothing that points at one loses it."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["household", "householdaddress", "person", "personidentity", "membership"]


def _content_types(from_label, to_label):
    def move(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(
            schema_editor.connection.alias
        )
        # A content type that already exists under the new label (made by a later post_migrate)
        # stays; the old one is then left as it is rather than clash with it.
        present = content_types.filter(app_label=to_label).values_list("model", flat=True)
        content_types.filter(app_label=from_label, model__in=MODELS).exclude(
            model__in=list(present)
        ).update(app_label=to_label)

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("stabiel_signals", "0006_signal_withdrawn_on"),
    ]

    # Only Django's picture of the models changes: the tables keep their names, rows and keys.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(
                    _content_types("stabiel_signals", "residents"),
                    _content_types("residents", "stabiel_signals"),
                )
            ],
            state_operations=[
                migrations.CreateModel(
                    name="Household",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="gewijzigd op"),
                        ),
                        ("pseudonym", models.CharField(max_length=64)),
                        ("label", models.CharField(max_length=16, verbose_name="kenmerk")),
                        ("merged_on", models.DateField(blank=True, null=True)),
                        (
                            "area",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to="accounts.area",
                                verbose_name="buurt",
                            ),
                        ),
                        (
                            "merged_into",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="merged_from",
                                to="residents.household",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="accounts.municipality",
                                verbose_name="gemeente",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "huishouden",
                        "verbose_name_plural": "huishoudens",
                        "db_table": "stabiel_signals_household",
                    },
                ),
                migrations.CreateModel(
                    name="HouseholdAddress",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="gewijzigd op"),
                        ),
                        ("street", models.CharField(max_length=120, verbose_name="straat")),
                        (
                            "house_number",
                            models.CharField(max_length=16, verbose_name="huisnummer"),
                        ),
                        ("postcode", models.CharField(max_length=6, verbose_name="postcode")),
                        ("city", models.CharField(max_length=80, verbose_name="plaats")),
                        (
                            "household",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="address",
                                to="residents.household",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "adres",
                        "verbose_name_plural": "adressen",
                        "db_table": "stabiel_signals_householdaddress",
                    },
                ),
                migrations.CreateModel(
                    name="Person",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="gewijzigd op"),
                        ),
                        ("pseudonym", models.CharField(max_length=64)),
                        ("label", models.CharField(max_length=16, verbose_name="kenmerk")),
                        (
                            "birth_month",
                            models.DateField(blank=True, null=True, verbose_name="geboortemaand"),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="accounts.municipality",
                                verbose_name="gemeente",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "persoon",
                        "verbose_name_plural": "personen",
                        "db_table": "stabiel_signals_person",
                    },
                ),
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="gewijzigd op"),
                        ),
                        ("start_on", models.DateField(verbose_name="sinds")),
                        ("end_on", models.DateField(blank=True, null=True, verbose_name="tot")),
                        (
                            "household",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="residents.household",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="residents.person",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bewoner",
                        "verbose_name_plural": "bewoners",
                        "db_table": "stabiel_signals_membership",
                    },
                ),
                migrations.CreateModel(
                    name="PersonIdentity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="gewijzigd op"),
                        ),
                        ("bsn", models.CharField(max_length=9, verbose_name="BSN")),
                        ("given_names", models.CharField(max_length=120, verbose_name="voornamen")),
                        (
                            "surname_prefix",
                            models.CharField(
                                blank=True, max_length=20, verbose_name="tussenvoegsel"
                            ),
                        ),
                        ("surname", models.CharField(max_length=120, verbose_name="achternaam")),
                        ("birth_date", models.DateField(verbose_name="geboortedatum")),
                        (
                            "person",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="identity",
                                to="residents.person",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "identiteit",
                        "verbose_name_plural": "identiteiten",
                        "db_table": "stabiel_signals_personidentity",
                    },
                ),
                migrations.AddConstraint(
                    model_name="household",
                    constraint=models.UniqueConstraint(
                        fields=("municipality", "pseudonym"), name="household_pseudonym_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="household",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("merged_into__isnull", True),
                            ("merged_on__isnull", False),
                            _connector="OR",
                        ),
                        name="household_merge_has_date",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="person",
                    constraint=models.UniqueConstraint(
                        fields=("municipality", "pseudonym"), name="person_pseudonym_unique"
                    ),
                ),
                migrations.AddIndex(
                    model_name="membership",
                    index=models.Index(fields=["household", "end_on"], name="membership_household"),
                ),
                migrations.AddConstraint(
                    model_name="membership",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("end_on__isnull", True)),
                        fields=("person",),
                        name="membership_one_current",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="membership",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("end_on__isnull", True),
                            ("end_on__gte", models.F("start_on")),
                            _connector="OR",
                        ),
                        name="membership_dates",
                    ),
                ),
            ],
        ),
    ]
