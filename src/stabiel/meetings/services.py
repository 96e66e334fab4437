"""Writes for case meetings. Each checks, then stores in one transaction.

The case table's texts are checked for a BSN, a name of anyone in the household and the
household's labels before anything is stored (anonymity.problems); refused text changes nothing.
"""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from stabiel.accounts.policy import Permission, may
from stabiel.core.access import log_access
from stabiel.residents.access import households_visible_to

from . import anonymity, queries
from .costs import DEFAULT_FIGURES
from .kinds import DEFAULT_KINDS
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
    MeetingParticipant,
    NotHelpingCost,
)


class MeetingInputError(ValueError):
    """Input that cannot be stored; the message is plain Dutch."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _check_anonymous(item_or_household, texts: dict[str, str]) -> None:
    """Refuse the first field whose text could identify the household at the case table."""
    household = getattr(item_or_household, "household", item_or_household)
    names = queries.person_names(household)
    labels = queries.person_labels(household)
    for field, text in texts.items():
        found = anonymity.problems(text or "", names, labels)
        if found:
            raise MeetingInputError(found[0], field=field)


def _not_in_past(day: date | None, field: str, message: str) -> None:
    if day is not None and day < timezone.localdate():
        raise MeetingInputError(message, field=field)


# --- cost figures -------------------------------------------------------------------------------


def cost_figures_ensure(*, municipality) -> list[NotHelpingCost]:
    """Give a municipality the national starting figures once; edits are never overwritten."""
    for position, (code, label, unit, amount, source) in enumerate(DEFAULT_FIGURES):
        NotHelpingCost.objects.get_or_create(
            municipality=municipality,
            code=code,
            defaults={
                "label": label,
                "unit": unit,
                "amount": amount,
                "source": source,
                "position": position,
            },
        )
    return queries.cost_figures(municipality=municipality)


@transaction.atomic
def cost_figures_update(*, actor, values: dict[int, tuple[Decimal, str]]) -> None:
    if not may(actor, Permission.MUNICIPAL_SETTINGS):
        raise MeetingInputError("U mag deze bedragen niet wijzigen.")
    figures = {
        f.pk: f
        for f in NotHelpingCost.objects.select_for_update().filter(municipality=actor.municipality)
    }
    for pk, (amount, source) in values.items():
        if pk not in figures:
            raise MeetingInputError("Dit bedrag hoort niet bij uw gemeente.")
        if amount is None or amount < 0:
            raise MeetingInputError("Een bedrag kan niet negatief zijn.", field=f"amount_{pk}")
        if not source.strip():
            raise MeetingInputError(
                "Zeg waar het bedrag vandaan komt, of schrijf 'lokale instelling'.",
                field=f"source_{pk}",
            )
    for pk, (amount, source) in values.items():
        figure = figures[pk]
        figure.amount, figure.source = amount, source.strip()
        figure.save(update_fields=["amount", "source", "updated_at"])


# --- meetings -----------------------------------------------------------------------------------


# --- kinds of meeting (the municipality's own setting) --------------------------------------


def kinds_ensure(*, municipality) -> list[MeetingKind]:
    """Give a municipality the three default kinds once; its own edits are never overwritten."""
    for position, (code, name, seats, personal_data) in enumerate(DEFAULT_KINDS):
        MeetingKind.objects.get_or_create(
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
    return queries.kinds(municipality=municipality)


def _kind_texts(*, municipality, name: str, seats: str, exclude_pk: int | None = None):
    name, seats = " ".join(name.split()), " ".join(seats.split())
    if not name:
        raise MeetingInputError("Geef het overleg een naam.", field="name")
    if len(name) > 80:
        raise MeetingInputError("De naam is te lang: hooguit 80 tekens.", field="name")
    if not seats:
        raise MeetingInputError("Schrijf op wie er aan tafel zit.", field="seats")
    if len(seats) > 300:
        raise MeetingInputError("Deze tekst is te lang: hooguit 300 tekens.", field="seats")
    same = MeetingKind.objects.filter(municipality=municipality, name__iexact=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise MeetingInputError("Uw gemeente heeft al een overleg met deze naam.", field="name")
    return name, seats


def _require_settings(actor) -> None:
    if not may(actor, Permission.MUNICIPAL_SETTINGS):
        raise MeetingInputError("Alleen de functioneel beheerder stelt de soorten overleg in.")


@transaction.atomic
def kind_add(*, actor, name: str, seats: str, personal_data: bool) -> MeetingKind:
    """An own kind of meeting. With personal data it works like the signalling meeting (the
    team's, named, logged); without, like the case table (no name, BSN or reference)."""
    _require_settings(actor)
    kinds_ensure(municipality=actor.municipality)
    name, seats = _kind_texts(municipality=actor.municipality, name=name, seats=seats)
    stem = (slugify(name) or "overleg")[:32]
    taken = set(
        MeetingKind.objects.filter(municipality=actor.municipality).values_list("code", flat=True)
    ) | set(BaseKind.values)
    code, n = stem, 1
    while code in taken:
        n += 1
        code = f"{stem}-{n}"
    last = MeetingKind.objects.filter(municipality=actor.municipality).order_by("-position").first()
    try:
        with transaction.atomic():
            return MeetingKind.objects.create(
                municipality=actor.municipality,
                code=code,
                name=name,
                seats=seats,
                personal_data=personal_data,
                base=BaseKind.SIGNALLING if personal_data else BaseKind.CASE_TABLE,
                position=(last.position + 1) if last else 0,
            )
    except IntegrityError:  # the same name saved twice at the same moment
        raise MeetingInputError(
            "Uw gemeente heeft al een overleg met deze naam.", field="name"
        ) from None


@transaction.atomic
def kind_update(*, actor, kind: MeetingKind, name: str, seats: str, active: bool) -> MeetingKind:
    """Rename, say who sits, or stop using a kind. Whether personal data may be used does not
    change: the meetings already held were held under that promise."""
    _require_settings(actor)
    kind = MeetingKind.objects.select_for_update().get(pk=kind.pk)
    if kind.municipality_id != actor.municipality_id:
        raise MeetingInputError("Dit overleg hoort niet bij uw gemeente.")
    name, seats = _kind_texts(
        municipality=actor.municipality, name=name, seats=seats, exclude_pk=kind.pk
    )
    if not active and not (
        MeetingKind.objects.filter(municipality=actor.municipality, active=True)
        .exclude(pk=kind.pk)
        .exists()
    ):
        raise MeetingInputError("Houd minstens één soort overleg in gebruik.", field="active")
    kind.name, kind.seats, kind.active = name, seats, active
    try:
        with transaction.atomic():
            kind.save(update_fields=["name", "seats", "active", "updated_at"])
    except IntegrityError:
        raise MeetingInputError(
            "Uw gemeente heeft al een overleg met deze naam.", field="name"
        ) from None
    return kind


# --- meetings -----------------------------------------------------------------------------------


def meeting_plan(*, actor, kind: str, held_on: date, team=None, title: str = "") -> Meeting:
    """Plan a meeting of one of the municipality's kinds (by its code)."""
    kinds_ensure(municipality=actor.municipality)
    own = MeetingKind.objects.filter(
        municipality=actor.municipality, code=kind or "", active=True
    ).first()
    if own is None:
        raise MeetingInputError("Kies een soort overleg.", field="kind")
    if own.base == BaseKind.CASE_TABLE:
        if not may(actor, Permission.CASE_TABLE):
            raise MeetingInputError("U zit niet aan dit overleg.", field="kind")
        team = None
    else:
        if not may(actor, Permission.CASES_WORK):
            raise MeetingInputError("U mag dit overleg niet plannen.", field="kind")
        if team is None:
            raise MeetingInputError("Kies het team van dit overleg.", field="team")
        if (
            team.municipality_id != actor.municipality_id
            or not actor.teams.filter(pk=team.pk).exists()
        ):
            raise MeetingInputError("Kies een van uw eigen teams.", field="team")
    return Meeting.objects.create(
        municipality=actor.municipality,
        kind=own.base,
        meeting_kind=own,
        held_on=held_on,
        team=team,
        title=title.strip(),
        created_by=actor,
    )


def participant_add(*, actor, meeting: Meeting, party: str, name: str, mandate: str = ""):
    party, name = party.strip(), name.strip()
    if not party:
        raise MeetingInputError("Vul de partij in.", field="party")
    if not name:
        raise MeetingInputError("Vul de naam van de deelnemer in.", field="name")
    if MeetingParticipant.objects.filter(meeting=meeting, party__iexact=party).exists():
        raise MeetingInputError(
            "Namens deze partij zit al iemand aan tafel. Eén deelnemer per partij houdt het "
            "overleg klein en slagvaardig.",
            field="party",
        )
    try:
        with transaction.atomic():
            return MeetingParticipant.objects.create(
                meeting=meeting, party=party, name=name, mandate=mandate.strip()
            )
    except IntegrityError:
        raise MeetingInputError(
            "Namens deze partij zit al iemand aan tafel.", field="party"
        ) from None


# --- items on the agenda ------------------------------------------------------------------------


@transaction.atomic
def item_bring_to_case_table(*, actor, meeting: Meeting, case, summary: str) -> MeetingItem:
    """A team lead brings a stuck case of their own team, as an anonymous summary."""
    if meeting.kind != BaseKind.CASE_TABLE:
        raise MeetingInputError("Aan dit overleg komen namen; breng de bewoner daar in.")
    if not may(actor, Permission.TEAM_LEAD):
        raise MeetingInputError("Alleen een teamleider brengt een casus naar de casustafel.")
    if case is None or not queries.open_cases_for_table(actor=actor).filter(pk=case.pk).exists():
        raise MeetingInputError("Kies een open casus van uw eigen team.", field="case")
    summary = summary.strip()
    if not summary:
        raise MeetingInputError("Schrijf een korte samenvatting voor de tafel.", field="summary")
    _check_anonymous(case.household, {"summary": summary})
    if MeetingItem.objects.filter(meeting=meeting, household=case.household).exists():
        raise MeetingInputError("Deze casus staat al op de agenda van dit overleg.", field="case")
    try:
        with transaction.atomic():
            item = MeetingItem.objects.create(
                municipality=actor.municipality,
                meeting=meeting,
                kind=meeting.kind,
                household=case.household,
                case=case,
                team=case.team,
                brought_by=actor,
                summary=summary,
            )
    except IntegrityError:  # the same case brought twice at the same moment
        raise MeetingInputError(
            "Deze casus staat al op de agenda van dit overleg.", field="case"
        ) from None
    log_access(
        actor=actor,
        household=case.household,
        action="change",
        shown=f"casus {case.pk} anoniem ingebracht aan de casustafel",
        purpose="Casusoverleg voorbereiden",
    )
    return item


@transaction.atomic
def item_put_forward(
    *, actor, meeting: Meeting, household, put_forward_by: str, summary: str
) -> MeetingItem:
    """A named resident on the agenda of a signalling meeting or custom-solution table."""
    if meeting.kind not in TEAM_KINDS:
        raise MeetingInputError(
            "Aan dit overleg komen geen namen; breng daar een casus in zonder naam of BSN."
        )
    if not households_visible_to(actor).filter(pk=household.pk).exists():
        raise MeetingInputError("Kies een huishouden van uw eigen team.", field="household")
    if not actor.teams.filter(pk=meeting.team_id).exists():
        raise MeetingInputError("Dit overleg is van een ander team.")
    summary = summary.strip()
    if not summary:
        raise MeetingInputError("Schrijf kort op wat er speelt.", field="summary")
    if MeetingItem.objects.filter(meeting=meeting, household=household).exists():
        raise MeetingInputError(
            "Dit huishouden staat al op de agenda van dit overleg.", field="household"
        )
    from stabiel.cases.queries import open_case_for_household

    case = open_case_for_household(municipality_id=actor.municipality_id, household_id=household.pk)
    try:
        with transaction.atomic():
            item = MeetingItem.objects.create(
                municipality=actor.municipality,
                meeting=meeting,
                kind=meeting.kind,
                household=household,
                case=case,
                team=meeting.team,
                brought_by=actor,
                put_forward_by=put_forward_by.strip(),
                summary=summary,
            )
    except IntegrityError:  # put forward twice at the same moment
        raise MeetingInputError(
            "Dit huishouden staat al op de agenda van dit overleg.", field="household"
        ) from None
    log_access(
        actor=actor,
        household=household,
        action="change",
        shown=f"ingebracht in {meeting.meeting_kind.name}",
        purpose="Casusoverleg voorbereiden",
    )
    return item


def _locked(item: MeetingItem) -> MeetingItem:
    return MeetingItem.objects.select_for_update().select_related("household").get(pk=item.pk)


@transaction.atomic
def item_decide(
    *,
    actor,
    item: MeetingItem,
    breakthrough: str,
    reasoning: str,
    household_involvement: str,
    follow_up_on: date | None,
    lesson: str = "",
) -> MeetingItem:
    item = _locked(item)
    texts = {
        "breakthrough": breakthrough.strip(),
        "reasoning": reasoning.strip(),
        "household_involvement": household_involvement.strip(),
    }
    missing = {
        "breakthrough": "Schrijf op welke doorbraak is besloten.",
        "reasoning": "Schrijf op waarom: de afweging.",
        "household_involvement": "Schrijf op hoe het huishouden meedeed of meedacht.",
    }
    for field, text in texts.items():
        if not text:
            raise MeetingInputError(missing[field], field=field)
    if follow_up_on is None:
        raise MeetingInputError(
            "Kies wanneer het volgende overleg dit opvolgt.", field="follow_up_on"
        )
    _not_in_past(follow_up_on, "follow_up_on", "De datum voor opvolging ligt in het verleden.")
    lesson = lesson.strip()
    if item.kind == BaseKind.CASE_TABLE:
        _check_anonymous(item, {**texts, "lesson": lesson})
    elif lesson:
        # The lesson goes to the shared list: never a name or BSN, whatever the meeting.
        _check_anonymous(item, {"lesson": lesson})
    for field, text in texts.items():
        setattr(item, field, text)
    item.lesson = lesson
    item.follow_up_on = follow_up_on
    item.status = MeetingItem.Status.DECIDED
    # Decided at the meeting: its date, unless the meeting is still to come.
    item.decided_on = item.decided_on or min(item.meeting.held_on, timezone.localdate())
    item.save()
    return item


@transaction.atomic
def estimate_record(
    *, actor, item: MeetingItem, quantities: dict[int, int], custom_solution_cost: Decimal | None
) -> MeetingItem:
    """The cost of not helping (figures times how often) against the cost of the custom solution."""
    item = _locked(item)
    figures = {f.pk: f for f in NotHelpingCost.objects.filter(municipality=item.municipality_id)}
    for pk, quantity in quantities.items():
        if pk not in figures:
            raise MeetingInputError("Dit bedrag hoort niet bij uw gemeente.")
        if quantity is None or quantity < 0 or quantity > 999:
            raise MeetingInputError("Vul een aantal tussen 0 en 999 in.", field=f"figure_{pk}")
    if custom_solution_cost is not None and custom_solution_cost < 0:
        raise MeetingInputError(
            "De kosten van de oplossing kunnen niet negatief zijn.", field="custom_solution_cost"
        )
    CostLine.objects.filter(item=item).delete()
    CostLine.objects.bulk_create(
        [
            CostLine(item=item, figure=figures[pk], quantity=q, unit_amount=figures[pk].amount)
            for pk, q in quantities.items()
            if q
        ]
    )
    item.custom_solution_cost = custom_solution_cost
    item.save(update_fields=["custom_solution_cost", "updated_at"])
    return item


@transaction.atomic
def agreement_add(
    *, actor, item: MeetingItem, what: str, owner: str, due_on: date | None
) -> MeetingAgreement:
    item = _locked(item)
    what, owner = what.strip(), owner.strip()
    if not what:
        raise MeetingInputError("Schrijf op wat er gebeurt.", field="what")
    if not owner:
        raise MeetingInputError(
            "Een afspraak zonder eigenaar gebeurt niet: vul in wie het doet.", field="owner"
        )
    if due_on is None:
        raise MeetingInputError("Kies wanneer het klaar is.", field="due_on")
    _not_in_past(due_on, "due_on", "Deze datum ligt in het verleden.")
    if item.kind == BaseKind.CASE_TABLE:
        _check_anonymous(item, {"what": what, "owner": owner})
    return MeetingAgreement.objects.create(item=item, what=what, owner=owner, due_on=due_on)


@transaction.atomic
def agreement_done(*, actor, agreement: MeetingAgreement) -> MeetingAgreement:
    agreement = MeetingAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.done_on is None:
        agreement.done_on = timezone.localdate()
        agreement.save(update_fields=["done_on", "updated_at"])
    return agreement


@transaction.atomic
def follow_up_record(
    *, actor, meeting: Meeting, item: MeetingItem, note: str, next_follow_up_on: date | None
) -> FollowUp:
    """A later meeting hears how a decision worked out; without a next date it is settled."""
    item = _locked(item)
    if item.meeting.meeting_kind_id != meeting.meeting_kind_id or (
        meeting.team_id and item.meeting.team_id != meeting.team_id
    ):
        raise MeetingInputError("Deze casus hoort niet bij dit overleg.")
    if item.meeting_id == meeting.pk or item.meeting.held_on > meeting.held_on:
        raise MeetingInputError("Een besluit volgt u op in een later overleg.")
    if item.status != MeetingItem.Status.DECIDED:
        raise MeetingInputError("Over deze casus is nog niets besloten.")
    note = note.strip()
    if not note:
        raise MeetingInputError("Schrijf op hoe het ervoor staat.", field="note")
    _not_in_past(
        next_follow_up_on, "next_follow_up_on", "De datum voor opvolging ligt in het verleden."
    )
    if item.kind == BaseKind.CASE_TABLE:
        _check_anonymous(item, {"note": note})
    if FollowUp.objects.filter(item=item, meeting=meeting).exists():
        raise MeetingInputError("Dit overleg heeft deze casus al opgevolgd.")
    follow_up = FollowUp.objects.create(
        item=item,
        meeting=meeting,
        note=note,
        next_follow_up_on=next_follow_up_on,
        recorded_by=actor,
    )
    if next_follow_up_on is None:
        item.followed_up_on = meeting.held_on
    else:
        item.follow_up_on = next_follow_up_on
    item.save(update_fields=["followed_up_on", "follow_up_on", "updated_at"])
    return follow_up


# --- recurring themes (issue 20, part 4) ---------------------------------------------------------


def theme_add(*, actor, item: MeetingItem, pillar_id: int, life_domain_id: int) -> ItemTheme:
    """Tag a discussed case or custom solution with a pillar and a life domain of the catalogue.
    Only catalogue items the municipality uses; the same theme once per item."""
    pillar = next(
        (p for p in queries.theme_pillars(municipality=item.municipality) if p.pk == pillar_id),
        None,
    )
    if pillar is None:
        raise MeetingInputError("Kies een pijler uit de lijst.", field="pillar")
    domain = next(
        (
            d
            for d in queries.theme_life_domains(municipality=item.municipality)
            if d.pk == life_domain_id
        ),
        None,
    )
    if domain is None:
        raise MeetingInputError("Kies een levensgebied uit de lijst.", field="life_domain")
    if ItemTheme.objects.filter(item=item, pillar=pillar, life_domain=domain).exists():
        raise MeetingInputError("Dit thema staat er al bij.", field="life_domain")
    try:
        with transaction.atomic():
            return ItemTheme.objects.create(
                municipality=item.municipality,
                item=item,
                pillar=pillar,
                life_domain=domain,
                tagged_by=actor,
            )
    except IntegrityError:  # tagged twice at the same moment
        raise MeetingInputError("Dit thema staat er al bij.", field="life_domain") from None


def theme_remove(*, actor, item: MeetingItem, theme_id: int) -> None:
    ItemTheme.objects.filter(item=item, pk=theme_id).delete()
