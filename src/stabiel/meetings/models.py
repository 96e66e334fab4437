"""Case meetings, three ways of working kept apart (DOMAIN.md part 5; Integraal werken, 2018).

- signalling meeting (signaleringsoverleg, Leiden): partners put forward named residents for
  outreach; personal data, so only the household's team sees it and every view is logged;
- case table (casustafel, Utrecht's City Deal meeting): a team lead brings a stuck case with
  no name or BSN, only a summary written for the table; members decide within half an hour;
- custom-solution table (maatwerktafel, Drechtsteden): one member per party, broad mandate.

The kinds a municipality holds are its own setting (`MeetingKind`, issue 20): the three above
are every municipality's defaults, and the functional administrator adds more (a weekly table on
Veilig Thuis reports, an intake meeting) with a name, who sits at the table and whether personal
data may be used. A kind with personal data works like the signalling meeting (the team's,
named, logged); a kind without works like the case table (no name or BSN in any text).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel, TimeStampedModel


class BaseKind(models.TextChoices):
    """How a meeting works: named for the team, or anonymous for the whole municipality."""

    SIGNALLING = "signalling", _("Signaleringsoverleg")
    CASE_TABLE = "case_table", _("Casustafel (anoniem)")
    CUSTOM_TABLE = "custom_table", _("Maatwerktafel")


TEAM_KINDS = (BaseKind.SIGNALLING, BaseKind.CUSTOM_TABLE)


class MeetingKind(TenantModel):
    """A kind of meeting as the municipality names it. The three defaults carry their base
    kind's code; an own kind gets its own code and the base that fits its personal-data choice."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=80)
    seats = models.CharField(_("wie zit aan tafel"), max_length=300)
    personal_data = models.BooleanField(_("namen en persoonsgegevens mogen aan tafel"))
    base = models.CharField(_("werkt als"), max_length=16, choices=BaseKind.choices)
    active = models.BooleanField(_("in gebruik"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("soort overleg")
        verbose_name_plural = _("soorten overleg")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="meetingkind_code"),
            models.UniqueConstraint(Lower("name"), "municipality", name="meetingkind_name_once"),
            models.CheckConstraint(condition=~Q(name=""), name="meetingkind_has_name"),
            models.CheckConstraint(condition=~Q(seats=""), name="meetingkind_has_seats"),
            # Without personal data it works like the case table, with them like a team meeting.
            models.CheckConstraint(
                condition=Q(base="case_table", personal_data=False)
                | (~Q(base="case_table") & Q(personal_data=True)),
                name="meetingkind_base_fits_personal_data",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_default(self) -> bool:
        return self.code in BaseKind.values


class NotHelpingCost(TenantModel):
    """One figure for 'what continuing as now costs', editable by the functional administrator."""

    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("omschrijving"), max_length=120)
    unit = models.CharField(_("per"), max_length=40)
    amount = models.DecimalField(_("bedrag in euro"), max_digits=10, decimal_places=2)
    source = models.CharField(_("waar komt het bedrag vandaan"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kosten van niet-helpen")
        verbose_name_plural = _("kosten van niet-helpen")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="nothelpingcost_code"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="nothelpingcost_amount"),
            models.CheckConstraint(condition=~Q(source=""), name="nothelpingcost_has_source"),
        ]

    def __str__(self) -> str:
        return self.label


class Meeting(TenantModel):
    # How it works (copied from the municipality's kind, for the constraints and the scopes).
    kind = models.CharField(_("werkt als"), max_length=16, choices=BaseKind.choices)
    meeting_kind = models.ForeignKey(
        MeetingKind,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("soort overleg"),
    )
    held_on = models.DateField(_("datum"))
    # Signalling meetings and custom-solution tables belong to a team; the case table does not.
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("team"),
    )
    title = models.CharField(_("naam"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="case_table") & Q(team__isnull=True))
                | (~Q(kind="case_table") & Q(team__isnull=False)),
                name="meeting_team_by_kind",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "kind", "held_on"], name="meeting_kind")]

    def __str__(self) -> str:
        return f"{self.meeting_kind.name} {self.held_on:%d-%m-%Y}"

    @property
    def is_anonymous(self) -> bool:
        return self.kind == BaseKind.CASE_TABLE


class MeetingParticipant(TimeStampedModel):
    """Who sits at the table, for which party. One per party keeps the table small (Drechtsteden)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    party = models.CharField(_("partij"), max_length=120)
    name = models.CharField(_("naam"), max_length=120)
    mandate = models.CharField(_("mandaat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["party"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "party"], name="participant_one_per_party"),
            models.CheckConstraint(condition=~Q(party=""), name="participant_has_party"),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.name}"


class MeetingItem(TenantModel):
    """One household or case on the agenda, with what was decided and why."""

    class Status(models.TextChoices):
        OPEN = "open", _("Nog te bespreken")
        DECIDED = "decided", _("Besloten")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(max_length=16, choices=BaseKind.choices)  # copy, for constraints
    household = models.ForeignKey(
        "residents.Household", on_delete=models.PROTECT, related_name="meeting_items"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_items"
    )
    # The household's team: only its members see the content of a named item.
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    brought_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    put_forward_by = models.CharField(_("ingebracht door (partij)"), max_length=120, blank=True)
    summary = models.TextField(_("samenvatting"), max_length=2000)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    breakthrough = models.TextField(_("doorbraak"), max_length=2000, blank=True)
    reasoning = models.TextField(_("afweging"), max_length=2000, blank=True)
    household_involvement = models.TextField(
        _("hoe het huishouden meedeed"), max_length=2000, blank=True
    )
    lesson = models.TextField(_("les voor anderen"), max_length=2000, blank=True)
    custom_solution_cost = models.DecimalField(
        _("kosten van de maatwerkoplossing"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    follow_up_on = models.DateField(_("opvolgen op"), null=True, blank=True)
    followed_up_on = models.DateField(_("opgevolgd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("casus op de agenda")
        verbose_name_plural = _("casussen op de agenda")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="case_table") | Q(case__isnull=False),
                name="meetingitem_case_table_needs_case",
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="meetingitem_has_summary"),
            models.CheckConstraint(
                condition=Q(status="open")
                | (
                    ~Q(breakthrough="")
                    & ~Q(reasoning="")
                    & ~Q(household_involvement="")
                    & Q(decided_on__isnull=False)
                ),
                name="meetingitem_decision_complete",
            ),
            models.CheckConstraint(
                condition=Q(custom_solution_cost__isnull=True) | Q(custom_solution_cost__gte=0),
                name="meetingitem_cost_not_negative",
            ),
            models.UniqueConstraint(
                fields=["meeting", "household"], name="meetingitem_once_per_meeting"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "kind", "status"], name="meetingitem_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.pk}"


class CostLine(models.Model):
    """One line of the 'cost of not helping' estimate; the amount is copied when estimated."""

    item = models.ForeignKey(MeetingItem, on_delete=models.CASCADE, related_name="cost_lines")
    figure = models.ForeignKey(NotHelpingCost, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(_("aantal"))
    unit_amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["figure__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "figure"], name="costline_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="costline_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.figure}"

    @property
    def subtotal(self):
        return self.unit_amount * self.quantity


class MeetingAgreement(TimeStampedModel):
    """Who does what by when, decided at the table."""

    item = models.ForeignKey(MeetingItem, on_delete=models.CASCADE, related_name="agreements")
    what = models.CharField(_("wat"), max_length=300)
    owner = models.CharField(_("wie"), max_length=120)
    due_on = models.DateField(_("op zijn laatst"))
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(owner=""), name="meetingagreement_has_owner"),
            models.CheckConstraint(condition=~Q(what=""), name="meetingagreement_has_what"),
        ]

    def __str__(self) -> str:
        return f"{self.owner}: {self.what}"


class FollowUp(TimeStampedModel):
    """What a later meeting heard about an earlier decision."""

    item = models.ForeignKey(MeetingItem, on_delete=models.CASCADE, related_name="follow_ups")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="follow_ups")
    note = models.TextField(_("hoe staat het ervoor"), max_length=2000)
    next_follow_up_on = models.DateField(_("volgende keer opvolgen op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("opvolging")
        verbose_name_plural = _("opvolgingen")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "meeting"], name="followup_once_per_meeting"),
            models.CheckConstraint(condition=~Q(note=""), name="followup_has_note"),
        ]


class ItemTheme(TenantModel):
    """A recurring theme of a case discussed or a custom solution found, tagged by pillar of the
    stability model and life domain (catalogue), so a pattern across cases reaches policy as a
    count (issue 20, part 4). Holds no text: only the two catalogue items."""

    item = models.ForeignKey(MeetingItem, on_delete=models.CASCADE, related_name="themes")
    pillar = models.ForeignKey(
        "catalogue.Pillar", on_delete=models.PROTECT, related_name="+", verbose_name=_("pijler")
    )
    life_domain = models.ForeignKey(
        "catalogue.LifeDomain",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("levensgebied"),
    )
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("terugkerend thema")
        verbose_name_plural = _("terugkerende thema's")
        ordering = ["pillar__position", "life_domain__number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "pillar", "life_domain"], name="itemtheme_once_per_item"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "pillar"], name="itemtheme_pillar")]

    def __str__(self) -> str:
        return f"{self.pillar} · {self.life_domain}"
