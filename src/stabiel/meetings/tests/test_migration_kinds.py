"""Meetings held before kinds of meeting existed (issue 20) come through meetings/0004-0006 intact:
every municipality gets its three kinds, each meeting points at its own municipality's kind of the
same code, and nothing else about a meeting, its participants or its agenda changes. Only the
meetings app is migrated back and forth (fast; runs on SQLite and PostgreSQL like every test)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from stabiel.accounts.tests.factories import MunicipalityFactory, TeamFactory, UserFactory
from stabiel.meetings.models import Meeting, MeetingKind, MeetingParticipant

BEFORE_KINDS = [("meetings", "0003_plain_field_labels")]
KINDS_REQUIRED = [("meetings", "0006_meeting_kind_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _rows(apps):
    meeting = apps.get_model("meetings", "Meeting")
    return {
        m["id"]: m
        for m in meeting.objects.values(
            "id", "municipality_id", "kind", "held_on", "team_id", "title", "created_by_id"
        )
    }


@pytest.mark.django_db(transaction=True)
def test_existing_meetings_get_their_municipalitys_kind_and_keep_everything_else():
    zeist, debilt, empty = MunicipalityFactory(), MunicipalityFactory(), MunicipalityFactory()
    teams = {m.pk: TeamFactory(municipality=m) for m in (zeist, debilt)}
    users = {m.pk: UserFactory(municipality=m) for m in (zeist, debilt)}
    latest = [MigrationExecutor(connection).loader.graph.leaf_nodes("meetings")[0]]
    try:
        old = _migrate(BEFORE_KINDS)
        old_meeting = old.get_model("meetings", "Meeting")
        old_participant = old.get_model("meetings", "MeetingParticipant")
        assert "meeting_kind" not in {f.name for f in old_meeting._meta.get_fields()}
        day = date(2026, 3, 2)
        for municipality in (zeist, debilt):
            for kind in ("signalling", "case_table", "custom_table"):
                meeting = old_meeting.objects.create(
                    municipality_id=municipality.pk,
                    kind=kind,
                    held_on=day,
                    team_id=None if kind == "case_table" else teams[municipality.pk].pk,
                    title=f"{kind} {municipality.cbs_code}",
                    created_by_id=users[municipality.pk].pk,
                )
                old_participant.objects.create(
                    meeting=meeting,
                    party="Woningcorporatie",
                    name="Els de Wit",
                    mandate="Huurachterstand bevriezen",
                )
        # A second signalling meeting in one municipality shares the same kind.
        old_meeting.objects.create(
            municipality_id=zeist.pk,
            kind="signalling",
            held_on=date(2026, 4, 6),
            team_id=teams[zeist.pk].pk,
            title="",
            created_by_id=users[zeist.pk].pk,
        )
        before = _rows(old)
        participants = sorted(old_participant.objects.values_list("meeting_id", "party", "name"))

        new = _migrate(KINDS_REQUIRED)
        new_meeting = new.get_model("meetings", "Meeting")
        new_kind = new.get_model("meetings", "MeetingKind")
        assert _rows(new) == before
        # Three kinds for every municipality, also one without meetings, as the defaults say.
        for municipality in (zeist, debilt, empty):
            kinds = {
                k.code: (k.base, k.personal_data, k.active)
                for k in new_kind.objects.filter(municipality_id=municipality.pk)
            }
            assert kinds == {
                "signalling": ("signalling", True, True),
                "case_table": ("case_table", False, True),
                "custom_table": ("custom_table", True, True),
            }
        assert new_kind.objects.count() == 9
        for meeting in new_meeting.objects.select_related("meeting_kind"):
            assert meeting.meeting_kind.municipality_id == meeting.municipality_id
            assert meeting.meeting_kind.code == meeting.kind
        assert (
            new_meeting.objects.filter(municipality_id=zeist.pk, kind="signalling")
            .values("meeting_kind")
            .distinct()
            .count()
            == 1
        )
        assert (
            sorted(
                new.get_model("meetings", "MeetingParticipant").objects.values_list(
                    "meeting_id", "party", "name"
                )
            )
            == participants
        )

        # And back: the meetings stay, the kinds go.
        back = _migrate(BEFORE_KINDS)
        assert _rows(back) == before
    finally:
        _migrate(latest)
    # Forward again, on today's models: every meeting has a kind named as before.
    assert Meeting.objects.count() == 7
    assert MeetingKind.objects.count() == 9
    assert MeetingParticipant.objects.count() == 6
    case_table = Meeting.objects.get(municipality=debilt, kind="case_table")
    assert case_table.meeting_kind.name == "Casustafel (anoniem)" and case_table.team_id is None
