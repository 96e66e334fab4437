"""Reads for case meetings. Every read starts from the actor's municipality and rights.

Named items (signalling meeting, custom-solution table) are visible only to the household's
team; the case table shows everyone with a seat the anonymous fields only, never the household.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404

from stabiel.accounts import scope as actor_scope
from stabiel.accounts.policy import Permission, may
from stabiel.residents.access import households_visible_to
from stabiel.supporters.members import current_members

from .anonymity import PersonName
from .models import (
    TEAM_KINDS,
    BaseKind,
    CostLine,
    FollowUp,
    ItemTheme,
    Meeting,
    MeetingAgreement,
    MeetingItem,
    MeetingKind,
    NotHelpingCost,
)


def may_see_meetings(actor) -> bool:
    return may(actor, Permission.CASES_WORK) or may(actor, Permission.CASE_TABLE)


def meetings_visible_to(actor) -> QuerySet:
    scope = Q(pk__in=[])
    if may(actor, Permission.CASE_TABLE):
        scope |= Q(kind=BaseKind.CASE_TABLE)
    if may(actor, Permission.CASES_WORK):
        team_ids = actor_scope.team_ids(actor)
        scope |= Q(kind__in=TEAM_KINDS, team_id__in=team_ids)
    return Meeting.objects.filter(scope, municipality=actor.municipality).select_related(
        "team", "meeting_kind"
    )


def kinds(*, municipality) -> list[MeetingKind]:
    """The municipality's kinds of meeting, in its order (in use or not)."""
    return list(MeetingKind.objects.filter(municipality=municipality).order_by("position", "id"))


def kinds_for(*, actor) -> list[MeetingKind]:
    """Kinds in use that the actor may plan or see: team kinds for case workers, the anonymous
    ones for who sits at the case table."""
    bases = []
    if may(actor, Permission.CASES_WORK):
        bases += list(TEAM_KINDS)
    if may(actor, Permission.CASE_TABLE):
        bases.append(BaseKind.CASE_TABLE)
    return [k for k in kinds(municipality=actor.municipality) if k.active and k.base in bases]


def kind_get(*, actor, pk: int) -> MeetingKind:
    kind = MeetingKind.objects.filter(municipality=actor.municipality, pk=pk).first()
    if kind is None:
        raise Http404
    return kind


def kind_meeting_counts(*, municipality) -> dict[int, int]:
    from django.db.models import Count

    return dict(
        Meeting.objects.filter(municipality=municipality)
        .values_list("meeting_kind_id")
        .annotate(n=Count("id"))
        .values_list("meeting_kind_id", "n")
    )


def meeting_list(*, actor, kind: str = "") -> QuerySet:
    qs = meetings_visible_to(actor)
    if kind:
        qs = qs.filter(meeting_kind__code=kind)
    return qs.order_by("-held_on", "-id")


def meeting_get(*, actor, pk: int) -> Meeting:
    meeting = meetings_visible_to(actor).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def _team_items(actor) -> QuerySet:
    """Named items the actor may read: the household's team only."""
    if not may(actor, Permission.CASES_WORK):
        return MeetingItem.objects.none()
    team_ids = actor_scope.team_ids(actor)
    return MeetingItem.objects.filter(
        municipality=actor.municipality,
        kind__in=TEAM_KINDS,
        meeting__team_id__in=team_ids,
        household__in=households_visible_to(actor),
    )


def _table_items(actor) -> QuerySet:
    if not may(actor, Permission.CASE_TABLE):
        return MeetingItem.objects.none()
    return MeetingItem.objects.filter(municipality=actor.municipality, kind=BaseKind.CASE_TABLE)


def item_get(*, actor, pk: int) -> MeetingItem:
    item = (
        (_team_items(actor) | _table_items(actor))
        .select_related("meeting", "meeting__team", "meeting__meeting_kind", "household", "case")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


def agreement_get(*, actor, pk: int) -> MeetingAgreement:
    agreement = (
        MeetingAgreement.objects.filter(item__in=_team_items(actor) | _table_items(actor))
        .select_related("item", "item__meeting")
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


@dataclass
class ItemView:
    """What a screen may show of an item. For the case table it never holds the household."""

    pk: int
    kind: str
    meeting: Meeting
    summary: str
    status: str
    put_forward_by: str
    breakthrough: str
    reasoning: str
    household_involvement: str
    lesson: str
    decided_on: date | None
    follow_up_on: date | None
    followed_up_on: date | None
    custom_solution_cost: Decimal | None
    cost_lines: list[CostLine]
    agreements: list[MeetingAgreement]
    follow_ups: list[FollowUp]
    household_label: str = ""
    household_id: int | None = None
    case_id: int | None = None
    member_names: list[str] = field(default_factory=list)

    @property
    def is_decided(self) -> bool:
        return self.status == MeetingItem.Status.DECIDED

    @property
    def not_helping_total(self) -> Decimal:
        return sum((line.subtotal for line in self.cost_lines), Decimal(0))

    @property
    def difference(self) -> Decimal | None:
        if self.custom_solution_cost is None or not self.cost_lines:
            return None
        return self.not_helping_total - self.custom_solution_cost

    @property
    def status_label(self) -> str:
        return str(MeetingItem.Status(self.status).label)


def item_view(item: MeetingItem, *, named: bool) -> ItemView:
    """Build the view of an item; `named` only for the household's team outside the case table."""
    show_names = named and item.kind != BaseKind.CASE_TABLE
    return ItemView(
        pk=item.pk,
        kind=item.kind,
        meeting=item.meeting,
        summary=item.summary,
        status=item.status,
        put_forward_by=item.put_forward_by,
        breakthrough=item.breakthrough,
        reasoning=item.reasoning,
        household_involvement=item.household_involvement,
        lesson=item.lesson,
        decided_on=item.decided_on,
        follow_up_on=item.follow_up_on,
        followed_up_on=item.followed_up_on,
        custom_solution_cost=item.custom_solution_cost,
        cost_lines=list(item.cost_lines.select_related("figure")),
        agreements=list(item.agreements.all()),
        follow_ups=list(item.follow_ups.select_related("meeting")),
        household_label=item.household.label if show_names else "",
        household_id=item.household_id if show_names else None,
        case_id=item.case_id if show_names else None,
        member_names=[m.full_name for m in current_members(item.household)] if show_names else [],
    )


def meeting_items(*, actor, meeting: Meeting) -> list[MeetingItem]:
    qs = _table_items(actor) if meeting.kind == BaseKind.CASE_TABLE else _team_items(actor)
    return list(
        qs.filter(meeting=meeting)
        .select_related("meeting", "meeting__meeting_kind", "household")
        .order_by("id")
    )


def pending_follow_ups(*, actor, meeting: Meeting) -> list[MeetingItem]:
    """Decisions of earlier meetings of the same kind (and team) that this meeting follows up."""
    base = _table_items(actor) if meeting.kind == BaseKind.CASE_TABLE else _team_items(actor)
    qs = base.filter(
        kind=meeting.kind,
        meeting__meeting_kind_id=meeting.meeting_kind_id,
        status=MeetingItem.Status.DECIDED,
        follow_up_on__lte=meeting.held_on,
        followed_up_on__isnull=True,
    ).filter(
        Q(meeting__held_on__lt=meeting.held_on)
        | Q(meeting__held_on=meeting.held_on, meeting_id__lt=meeting.pk)
    )
    if meeting.team_id:
        qs = qs.filter(meeting__team_id=meeting.team_id)
    qs = qs.exclude(follow_ups__meeting=meeting)
    return list(qs.select_related("meeting", "household").order_by("follow_up_on", "id"))


def follow_ups_at(*, actor, meeting: Meeting) -> list[FollowUp]:
    base = _table_items(actor) if meeting.kind == BaseKind.CASE_TABLE else _team_items(actor)
    return list(
        FollowUp.objects.filter(meeting=meeting, item__in=base)
        .select_related("item", "item__meeting")
        .order_by("id")
    )


def open_cases_for_table(*, actor) -> QuerySet:
    """Open cases a team lead may bring to the case table: those of the lead's own teams."""
    from stabiel.cases.queries import cases_for

    if not may(actor, Permission.TEAM_LEAD):
        from stabiel.cases.models import Case

        return Case.objects.none()
    return (
        cases_for(actor=actor)
        .filter(status="open")
        .select_related("household", "team")
        .order_by("opened_on", "id")
    )


def person_names(household) -> list[PersonName]:
    return [
        PersonName(m.given_names, m.surname_prefix, m.surname) for m in current_members(household)
    ]


def person_labels(household) -> list[str]:
    return [household.label, *(m.label for m in current_members(household))]


def cost_figures(*, municipality) -> list[NotHelpingCost]:
    return list(NotHelpingCost.objects.filter(municipality=municipality).order_by("position", "id"))


@dataclass(frozen=True)
class Lesson:
    kind_label: str
    decided_on: date
    lesson: str
    breakthrough: str
    reasoning: str
    not_helping_total: Decimal | None
    custom_solution_cost: Decimal | None


def learning_list(*, municipality) -> list[Lesson]:
    """Decided custom solutions for others to learn from: no household, no name, no BSN.

    Case-table decisions were checked for names and BSNs when written, so their breakthrough
    and reasoning are shown; of the named meetings only the lesson, which was checked too.
    """
    items = (
        MeetingItem.objects.filter(municipality=municipality, status=MeetingItem.Status.DECIDED)
        .filter(Q(kind=BaseKind.CASE_TABLE) | ~Q(lesson=""))
        .select_related("meeting__meeting_kind")
        .prefetch_related("cost_lines")
        .order_by("-decided_on", "-id")
        .only(
            "kind",
            "decided_on",
            "lesson",
            "breakthrough",
            "reasoning",
            "custom_solution_cost",
            "meeting__meeting_kind__name",
        )
    )
    lessons = []
    for item in items:
        lines = list(item.cost_lines.all())
        lessons.append(
            Lesson(
                kind_label=item.meeting.meeting_kind.name,
                decided_on=item.decided_on,
                lesson=item.lesson,
                breakthrough=item.breakthrough if item.kind == BaseKind.CASE_TABLE else "",
                reasoning=item.reasoning if item.kind == BaseKind.CASE_TABLE else "",
                not_helping_total=sum((line.subtotal for line in lines), Decimal(0))
                if lines
                else None,
                custom_solution_cost=item.custom_solution_cost,
            )
        )
    return lessons


def theme_pillars(*, municipality) -> list:
    """The three pillars of the stability model, in drawing order (not the core)."""
    from stabiel.catalogue.queries import pillars_for

    return pillars_for(municipality=municipality)[0]


def theme_life_domains(*, municipality) -> list:
    from stabiel.catalogue.models import LifeDomain
    from stabiel.catalogue.queries import items_for

    return list(items_for(municipality=municipality, model=LifeDomain).order_by("number"))


def item_themes(item: MeetingItem) -> list[ItemTheme]:
    return list(item.themes.select_related("pillar", "life_domain"))
