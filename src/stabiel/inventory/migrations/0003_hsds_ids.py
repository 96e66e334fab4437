import uuid

from django.db import migrations, models
from django.db.models import Q


def give_ids(apps, schema_editor):
    """Every existing provider and offering gets its own random HSDS id."""
    for name in ("Provider", "Offering"):
        model = apps.get_model("inventory", name)
        for row in model.objects.filter(hsds_id__isnull=True).only("pk"):
            row.hsds_id = uuid.uuid4()
            row.save(update_fields=["hsds_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0002_importdraft"),
    ]

    operations = [
        migrations.AddField(
            model_name="provider",
            name="hsds_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="HSDS-id"),
        ),
        migrations.AddField(
            model_name="offering",
            name="hsds_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="HSDS-id"),
        ),
        migrations.RunPython(give_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="provider",
            name="hsds_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="HSDS-id"
            ),
        ),
        migrations.AlterField(
            model_name="offering",
            name="hsds_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="HSDS-id"
            ),
        ),
        migrations.AddField(
            model_name="offering",
            name="source_id",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="id in de bron"
            ),
        ),
        migrations.AddConstraint(
            model_name="offering",
            constraint=models.UniqueConstraint(
                condition=~Q(source_id=""),
                fields=("municipality", "source_id"),
                name="offering_source_id_unique",
            ),
        ),
    ]
