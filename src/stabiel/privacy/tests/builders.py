"""Small builders for the privacy tests: one row of each record type, dated as asked."""

import itertools
from datetime import date, datetime, time

from django.utils import timezone

from stabiel.accounts.tests.factories import PartnerOrganisationFactory, TeamFactory
from stabiel.cases.models import Agreement, Case, CaseEvent, Contact, Goal, Triage
from stabiel.catalogue.models import SignalType
from stabiel.core.models import AccessLogEntry, ProcessingLogEntry
from stabiel.earlywarning.models import ContactAttempt, DebtSignal, Report
from stabiel.meetings.models import BaseKind, Meeting, MeetingItem, MeetingKind
from stabiel.rules.models import Alert, AlertEvidence, Rule, RuleVersion
from stabiel.signals.models import Decision, ImportBatch, ImportChunk, ImportRejection, Signal
from stabiel.supporters.models import SupporterMark

_seq = itertools.count(1)


def moment(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


class Builder:
    def __init__(self, municipality, household, person, user):
        self.m, self.household, self.person, self.user = municipality, household, person, user
        self.partner = PartnerOrganisationFactory(municipality=municipality, name="Woonstichting")
        self.team = TeamFactory(municipality=municipality)
        self._rule = None

    def signal(self, observed_on: date, *, household=None, person=None, note="") -> Signal:
        n = next(_seq)
        return Signal.objects.create(
            municipality=self.m,
            signal_type=SignalType.objects.order_by("pk").first(),
            household=household or self.household,
            person=person,
            observed_on=observed_on,
            received_on=observed_on,
            partner=self.partner,
            reference=f"S{n}",
            note=note,
            channel="form",
            content_hash=f"h{n}",
        )

    def decision(self, end_on: date | None, *, start_on: date | None = None) -> Decision:
        n = next(_seq)
        return Decision.objects.create(
            municipality=self.m,
            household=self.household,
            law="wmo",
            product="Huishoudelijke hulp",
            need="schoonmaken",
            start_on=start_on or date(2015, 1, 1),
            end_on=end_on,
            reference=f"D{n}",
            content_hash=f"h{n}",
        )

    def rule(self):
        if self._rule is None:
            rule = Rule.objects.create(municipality=self.m, code="test", title="Testregel")
            version = RuleVersion.objects.create(
                rule=rule,
                number=1,
                kind="red_flags_in_period",
                params={},
                action="home_visit",
                due_working_days=5,
                in_force_from=date(2015, 1, 1),
                purpose="test",
                legal_basis="test",
            )
            self._rule = (rule, version)
        return self._rule

    def alert(self, closed_on: date | None, *, evidence=(), household=None) -> Alert:
        rule, version = self.rule()
        alert = Alert.objects.create(
            municipality=self.m,
            household=household or self.household,
            rule=rule,
            rule_version=version,
            status="closed" if closed_on else "open",
            raised_on=date(2015, 1, 1) if closed_on else date(2026, 1, 1),
            due_on=date(2026, 12, 31),
            closed_at=moment(closed_on) if closed_on else None,
            close_reason="Afgehandeld" if closed_on else "",
        )
        for thing in evidence:
            AlertEvidence.objects.create(
                alert=alert,
                signal=thing if isinstance(thing, Signal) else None,
                decision=thing if isinstance(thing, Decision) else None,
                added_on=alert.raised_on,
            )
        return alert

    def triage(self, alert, case=None) -> Triage:
        return Triage.objects.create(
            municipality=self.m,
            alert=alert,
            urgency="soon",
            outcome="visit",
            due_on=date(2026, 1, 1),
            decided_by=self.user,
            case=case,
        )

    def case(
        self, closed_on: date | None, *, origin_alert=None, household=None, opened_on=None
    ) -> Case:
        case = Case.objects.create(
            municipality=self.m,
            household=household or self.household,
            team=self.team,
            case_lead=self.user,
            status="closed" if closed_on else "open",
            opened_on=opened_on or date(2015, 1, 1),
            closed_on=closed_on,
            closed_reason="Klaar" if closed_on else "",
            origin_alert=origin_alert,
        )
        goal = Goal.objects.create(municipality=self.m, case=case, text="Rust in de financiën")
        Agreement.objects.create(
            municipality=self.m,
            case=case,
            goal=goal,
            what="Budgetcoach bellen",
            owner="household",
            owner_name="Inwoner",
            due_on=date(2015, 2, 1),
        )
        Contact.objects.create(
            municipality=self.m, case=case, kind="visit", worker=self.user, due_on=date(2015, 1, 5)
        )
        CaseEvent.objects.create(municipality=self.m, case=case, actor=self.user, text="Geopend")
        return case

    def meeting_item(self, decided_on: date, *, case=None) -> MeetingItem:
        own, _ = MeetingKind.objects.get_or_create(
            municipality=self.m,
            code=BaseKind.SIGNALLING,
            defaults={
                "name": "Signaleringsoverleg",
                "seats": "Het team",
                "personal_data": True,
                "base": BaseKind.SIGNALLING,
            },
        )
        meeting = Meeting.objects.create(
            municipality=self.m,
            kind=BaseKind.SIGNALLING,
            meeting_kind=own,
            held_on=decided_on,
            team=self.team,
            created_by=self.user,
        )
        return MeetingItem.objects.create(
            municipality=self.m,
            meeting=meeting,
            kind=BaseKind.SIGNALLING,
            household=self.household,
            case=case,
            team=self.team,
            brought_by=self.user,
            summary="Zorgen over de huur",
            status="decided",
            breakthrough="Huur een half jaar uitstellen",
            reasoning="Anders dreigt uitzetting",
            household_involvement="Inwoner was erbij",
            decided_on=decided_on,
        )

    def supporter_mark(self, end_on: date) -> SupporterMark:
        return SupporterMark.objects.create(
            municipality=self.m,
            household=self.household,
            person=self.person,
            supporter_name="Mila Maatje",
            reason="Post geeft stress",
            consent_on=date(2014, 1, 1),
            start_on=date(2014, 1, 1),
            end_on=end_on,
            ended_on=end_on,
            created_by=self.user,
        )

    def report(
        self, *, month: date, outcome_on: date | None = None, reached: bool | None = None
    ) -> Report:
        n = next(_seq)
        key = f"{self.m.pk}:{month:%Y-%m}:{n}"
        report = Report.objects.create(
            municipality=self.m,
            address_key=f"a{n}",
            month=month,
            key=key,
            household=self.household,
            matched_on=month,
            period_start=month,
            period_end=month,
            signal_count=1,
            outcome="Inwoner is overleden" if outcome_on else "",
            outcome_at=moment(outcome_on) if outcome_on else None,
        )
        DebtSignal.objects.create(
            municipality=self.m,
            reference=f"E{n}",
            external_id=f"E{n}",
            content_hash=f"h{n}",
            partner_type="Huur",
            amount=400,
            signalled_on=month,
            postcode="3701AB",
            house_number="1",
            address_key=f"a{n}",
            month=month,
            household=self.household,
            person=self.person,
            match="matched",
            status="Nog niet opgepakt",
            report=report,
        )
        if reached is not None:
            ContactAttempt.objects.create(
                municipality=self.m,
                report=report,
                kind="Brief",
                reached=reached,
                on=month,
                part_of_day="Ochtend",
                by=self.user,
            )
        return report

    def batch(self, finished_on: date) -> ImportBatch:
        n = next(_seq)
        batch = ImportBatch.objects.create(
            municipality=self.m,
            kind="signals",
            uploaded_by=self.user,
            filename=f"bestand{n}.csv",
            sha256=f"{n:064d}",
            size=10,
            status="done",
            finished_at=moment(finished_on),
        )
        ImportChunk.objects.create(batch=batch, seq=0, data=b"bsn;type\n")
        ImportRejection.objects.create(batch=batch, line=2, reason="BSN klopt niet")
        return batch

    def access(self, on: date) -> AccessLogEntry:
        entry = AccessLogEntry.objects.create(
            municipality=self.m,
            user=self.user,
            username=self.user.username,
            role="",
            household_label=self.household.label,
            action="view",
            shown="Brede blik",
            purpose="Melding beoordelen",
        )
        entry.occurred_at = moment(on)
        entry.save(_allow_update=True)
        return entry

    def processing(self, on: date) -> ProcessingLogEntry:
        return ProcessingLogEntry.objects.create(
            municipality=self.m,
            trace_id="00000000-0000-4000-8000-000000000001",
            operation="import-signals",
            processing_activity="test",
            status="ok",
            started_at=moment(on),
            ended_at=moment(on),
        )
