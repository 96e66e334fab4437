import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_meeting_kinds_seeded")]

    operations = [
        migrations.AlterField(
            model_name="meeting",
            name="meeting_kind",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="meetings.meetingkind",
                verbose_name="soort overleg",
            ),
        ),
    ]
