"""Every municipality gets the three kinds of meeting it had (issue 20); each existing meeting
points at its municipality's kind of the same code. Nothing else about a meeting changes."""

from django.db import migrations

# A frozen copy of meetings/kinds.py as it was when this migration was written.
DEFAULT_KINDS = (
    (
        "signalling",
        "Signaleringsoverleg",
        "Het team met partners die bewoners inbrengen, zoals huisarts, wijkagent en huismeester.",
        True,
    ),
    (
        "case_table",
        "Casustafel (anoniem)",
        "Vaste deelnemers van gemeente en partners die mogen beslissen; een teamleider brengt "
        "de casus in.",
        False,
    ),
    (
        "custom_table",
        "Maatwerktafel",
        "Eén deelnemer per partij, met een breed mandaat.",
        True,
    ),
)


def seed(apps, schema_editor):
    Municipality = apps.get_model("accounts", "Municipality")
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    Meeting = apps.get_model("meetings", "Meeting")
    for municipality in Municipality.objects.all():
        for position, (code, name, seats, personal_data) in enumerate(DEFAULT_KINDS):
            kind, _ = MeetingKind.objects.get_or_create(
                municipality=municipality,
                code=code,
                defaults={
                    "name": name,
                    "seats": seats,
                    "personal_data": personal_data,
                    "base": code,
                    "position": position,
                },
            )
            Meeting.objects.filter(
                municipality=municipality, kind=code, meeting_kind__isnull=True
            ).update(meeting_kind=kind)


def unseed(apps, schema_editor):
    apps.get_model("meetings", "Meeting").objects.update(meeting_kind=None)
    apps.get_model("meetings", "MeetingKind").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_meeting_kinds")]

    operations = [migrations.RunPython(seed, unseed)]
