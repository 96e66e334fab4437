"""A year's cycle: next year's plan starts from this year's, and the policy adviser's home page
shows the current plan and what changed since the last visit."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from . import queries
from .models import (
    AdviserVisit,
    Answer,
    Flag,
    Measure,
    MeasureUpdate,
    Plan,
    PlanEvent,
    WorkSession,
)
from .services import event_record, plan_create

# Looking at the home page again within this time is the same visit.
VISIT_GAP = timedelta(hours=1)


@transaction.atomic
def plan_start_next_year(*, actor, plan: Plan) -> Plan:
    """Next year's plan from this one: its flags and measures (with their progress history) are
    carried over; work sessions, participants and answers are not. Flags lose the answers they
    were based on; their written evidence stays."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk, municipality=actor.municipality)
    year = plan.year + 1
    title = plan.title.replace(str(plan.year), str(year))
    if title == plan.title:
        title = _("%(title)s (%(year)s)") % {"title": plan.title, "year": year}
    new = plan_create(actor=actor, year=year, title=title, summary=plan.summary, previous=plan)
    flags: dict[int, Flag] = {}
    for flag in Flag.objects.filter(plan=plan, municipality=plan.municipality).order_by("pk"):
        old_pk = flag.pk
        copy = Flag.objects.create(
            municipality=plan.municipality,
            plan=new,
            colour=flag.colour,
            title=flag.title,
            description=flag.description,
            pillar_id=flag.pillar_id,
            action_id=flag.action_id,
            red_flag_type_id=flag.red_flag_type_id,
            green_flag_type_id=flag.green_flag_type_id,
            evidence_figures=flag.evidence_figures,
            evidence_source=flag.evidence_source,
            source=flag.source or _("Plan %(year)s") % {"year": plan.year},
            carried_from_id=old_pk,
        )
        flags[old_pk] = copy
    measures = (
        Measure.objects.filter(plan=plan, municipality=plan.municipality)
        .prefetch_related("flags", "updates")
        .order_by("pk")
    )
    for measure in measures:
        copy = Measure.objects.create(
            municipality=plan.municipality,
            plan=new,
            title=measure.title,
            description=measure.description,
            owner=measure.owner,
            partners=measure.partners,
            starts_on=measure.starts_on,
            ends_on=measure.ends_on,
            budget=measure.budget,
            indicator=measure.indicator,
            outcome_figure=measure.outcome_figure,
            status=measure.status,
            impact=measure.impact,
            effort=measure.effort,
            practice_id=measure.practice_id,
            source=measure.source or _("Plan %(year)s") % {"year": plan.year},
            carried_from=measure,
            adopted_from_id=measure.adopted_from_id,
        )
        copy.flags.set([flags[f.pk] for f in measure.flags.all() if f.pk in flags])
        MeasureUpdate.objects.bulk_create(
            MeasureUpdate(
                municipality=plan.municipality,
                measure=copy,
                written_on=u.written_on,
                progress=u.progress,
                note=u.note,
                author_id=u.author_id,
            )
            for u in measure.updates.all()
        )
    event_record(
        actor=actor,
        plan=new,
        verb=PlanEvent.Verb.CARRIED,
        subject=new,
        label=_("Gestart vanuit %(plan)s") % {"plan": plan.title},
    )
    return new


# The adviser's home page ----------------------------------------------------------------------


@transaction.atomic
def adviser_visit_record(*, user, now: datetime) -> datetime | None:
    """Note this visit; returns when the previous visit was (None the first time)."""
    visit = AdviserVisit.objects.select_for_update().filter(user=user).first()
    if visit is None:
        AdviserVisit.objects.create(user=user, seen_at=now)
        return None
    if now - visit.seen_at > VISIT_GAP:
        visit.previous_seen_at, visit.seen_at = visit.seen_at, now
        visit.save(update_fields=["previous_seen_at", "seen_at"])
    return visit.previous_seen_at


@dataclass
class Changes:
    since: datetime | None
    events: list = field(default_factory=list)
    new_answers: int = 0
    new_flags: list = field(default_factory=list)
    new_measures: list = field(default_factory=list)
    new_reports: list = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.events
            or self.new_answers
            or self.new_flags
            or self.new_measures
            or self.new_reports
        )


@dataclass
class AdviserHome:
    plan: Plan | None
    next_session: WorkSession | None
    behind: list
    changes: Changes
    other_plans: int


def current_plan(*, municipality, today: date) -> Plan | None:
    """This year's plan; without one, the newest."""
    plans = Plan.objects.filter(municipality=municipality)
    return plans.filter(year=today.year).first() or plans.order_by("-year").first()


def adviser_home(*, user, today: date, since: datetime | None) -> AdviserHome:
    municipality = user.municipality
    plan = current_plan(municipality=municipality, today=today)
    changes = Changes(since=since)
    if plan is None:
        return AdviserHome(plan=None, next_session=None, behind=[], changes=changes, other_plans=0)
    next_session = (
        WorkSession.objects.filter(plan=plan, municipality=municipality, held_on__gte=today)
        .order_by("held_on", "pk")
        .first()
    )
    rows = queries.plan_measures(plan=plan, today=today)
    behind = [row for row in rows if row.state == queries.STATE_LATE]
    if since is not None:
        changes.events = list(
            PlanEvent.objects.filter(municipality=municipality, plan=plan, created_at__gt=since)
            .exclude(actor=user)
            .select_related("actor")
            .order_by("-created_at")[:10]
        )
        changes.new_answers = Answer.objects.filter(
            municipality=municipality, participant__session__plan=plan, updated_at__gt=since
        ).count()
        changes.new_flags = list(
            Flag.objects.filter(municipality=municipality, plan=plan, created_at__gt=since)
        )
        changes.new_measures = list(
            Measure.objects.filter(municipality=municipality, plan=plan, created_at__gt=since)
        )
        changes.new_reports = list(
            MeasureUpdate.objects.filter(
                municipality=municipality, measure__plan=plan, created_at__gt=since
            ).select_related("measure")
        )
    return AdviserHome(
        plan=plan,
        next_session=next_session,
        behind=behind,
        changes=changes,
        other_plans=Plan.objects.filter(municipality=municipality).exclude(pk=plan.pk).count(),
    )
