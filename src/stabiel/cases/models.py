"""A case: the household's route from an alert to a stable life (DOMAIN.md part 5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stabiel.core.models import TenantModel


class Case(TenantModel):
    """One household, one open case at a time, with a worker standing beside the household."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Afgesloten")

    household = models.ForeignKey(
        "residents.Household",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("huishouden"),
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    case_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("casusregisseur"),
    )
    process_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_led_cases",
        verbose_name=_("procesregisseur"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    opened_on = models.DateField(_("geopend op"))
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    closed_reason = models.CharField(_("reden van afsluiten"), max_length=300, blank=True)
    well_landed = models.BooleanField(_("goed geland"), default=False)
    # Pilot-light support (waakvlam) may go on after the intensive part closes, with its own end.
    pilot_light_until = models.DateField(_("waakvlam tot"), null=True, blank=True)
    origin_alert = models.ForeignKey(
        "rules.Alert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("geopend vanuit melding"),
    )

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status="open"),
                name="case_one_open_per_household",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | (~Q(closed_reason="") & Q(closed_on__isnull=False)),
                name="case_closed_has_reason_and_date",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "team", "status"], name="case_team_status"),
            models.Index(fields=["municipality", "case_lead", "status"], name="case_lead_status"),
        ]

    def __str__(self) -> str:
        return f"{_('Casus')} {self.household.label}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CaseSettings(TenantModel):
    """What counts as 'well landed' in this municipality: the team's judgement, so local
    settings with defaults (issue 13). One row per municipality; no row means the defaults."""

    require_broad_look = models.BooleanField(
        _("de brede blik is gedaan (elk kernlevensgebied beoordeeld)"), default=True
    )
    require_goal = models.BooleanField(_("het plan heeft minstens één doel"), default=True)
    require_agreements_settled = models.BooleanField(
        _("elke afspraak is gedaan of afgerond als niet gelukt"), default=True
    )
    require_contact = models.BooleanField(
        _("er is minstens één contact met het huishouden vastgelegd"), default=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("instellingen casussen")
        verbose_name_plural = _("instellingen casussen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"], name="casesettings_one_per_municipality"
            )
        ]


class Triage(TenantModel):
    """The first look at an alert: how urgent, is anyone unsafe, and what happens now. Kept."""

    class Urgency(models.TextChoices):
        TODAY = "today", _("Vandaag nog: iemand is in gevaar of dreigt alles te verliezen")
        SOON = "soon", _("Binnen de termijn van de regel")
        CAN_WAIT = "can_wait", _("Kan wachten: er is al hulp die het oppakt")

    class Outcome(models.TextChoices):
        VISIT = "visit", _("Op huisbezoek gaan")
        CALL = "call", _("Bellen")
        PARTNER = "partner", _("Overdragen aan een partner")
        NO_ACTION = "no_action", _("Niets doen")
        # Almelo's intake counted about a third of its questions solved this way (KPMG,
        # Basisfuncties voor lokale teams 2019, Almelo: "Vindbare en toegankelijke hulp").
        OWN_STRENGTH = (
            "own_strength",
            _("Opgelost met eigen kracht, het netwerk of een algemene voorziening"),
        )

    alert = models.ForeignKey(
        "rules.Alert", on_delete=models.PROTECT, related_name="triages", verbose_name=_("melding")
    )
    urgency = models.CharField(_("hoe dringend"), max_length=10, choices=Urgency.choices)
    safety_concern = models.BooleanField(_("zorgen over veiligheid"), default=False)
    safety_note = models.CharField(_("uitleg over veiligheid"), max_length=500, blank=True)
    outcome = models.CharField(_("besluit"), max_length=16, choices=Outcome.choices)
    partner_name = models.CharField(_("partner"), max_length=120, blank=True)
    reason = models.CharField(_("uitleg"), max_length=500, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie pakt het op"),
    )
    due_on = models.DateField(_("op zijn laatst"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="triages"
    )

    class Meta:
        verbose_name = _("triage")
        verbose_name_plural = _("triages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome__in=["partner", "no_action", "own_strength"]) | ~Q(reason=""),
                name="triage_stop_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="partner") | ~Q(partner_name=""),
                name="triage_partner_named",
            ),
        ]


class DomainAssessment(TenantModel):
    """The worker's view of one life domain at one moment. New rows, never edited: history stays."""

    class State(models.TextChoices):
        STABLE = "stable", _("Stabiel")
        PRESSURE = "pressure", _("Onder druk")
        UNSTABLE = "unstable", _("Instabiel")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    life_domain = models.ForeignKey(
        "catalogue.LifeDomain", on_delete=models.PROTECT, verbose_name=_("levensgebied")
    )
    state = models.CharField(_("hoe gaat het"), max_length=10, choices=State.choices)
    note = models.CharField(_("uitleg"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("beoordeeld op"))

    class Meta:
        verbose_name = _("beoordeling levensgebied")
        verbose_name_plural = _("beoordelingen levensgebieden")
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["case", "life_domain"], name="assessment_case_domain")]


class Goal(TenantModel):
    """What the household wants to reach, in its own words."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("doel in eigen woorden"), max_length=300)
    life_domain = models.ForeignKey(
        "catalogue.LifeDomain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("levensgebied"),
    )
    reached = models.BooleanField(_("bereikt"), default=False)
    # The offering of the inventory this goal names (issue 15, part 6), chosen through the same
    # search as a referral and read through `stabiel.inventory.lookup` (decision 0008). Like a
    # referral it keeps the id and a copy of what the worker saw, so the plan reads the same after
    # the inventory changes; naming an offering is not a referral and tells the provider nothing.
    offering = models.ForeignKey(
        "inventory.Offering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aanbod bij dit doel"),
    )
    offering_name = models.CharField(_("aanbod"), max_length=200, blank=True)
    offering_provider = models.CharField(_("aanbieder"), max_length=200, blank=True)
    offering_contact = models.CharField(_("contact voor doorverwijzen"), max_length=300, blank=True)
    offering_waiting_days = models.PositiveIntegerField(
        _("wachttijd in dagen bij het kiezen"), null=True, blank=True
    )
    offering_named_on = models.DateField(_("aanbod gekozen op"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("plan met het huishouden", "doel")
        verbose_name_plural = _("doelen")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="goal_has_text"),
            # An offering is named with its copy and date, or not at all.
            models.CheckConstraint(
                condition=(
                    Q(offering__isnull=True, offering_name="", offering_named_on__isnull=True)
                    | (
                        Q(offering__isnull=False, offering_named_on__isnull=False)
                        & ~Q(offering_name="")
                    )
                ),
                name="goal_offering_with_copy",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Agreement(TenantModel):
    """Who does what by when: the household, the worker or a partner."""

    class Owner(models.TextChoices):
        HOUSEHOLD = "household", _("Het huishouden")
        WORKER = "worker", _("De medewerker")
        PARTNER = "partner", _("Een partner")

    class Status(models.TextChoices):
        OPEN = "open", _("Loopt")
        KEPT = "kept", _("Gedaan")
        NOT_KEPT = "not_kept", _("Niet gelukt")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreements")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("hoort bij doel"),
    )
    what = models.CharField(_("wat"), max_length=300)
    owner = models.CharField(_("wie doet het"), max_length=10, choices=Owner.choices)
    owner_name = models.CharField(_("naam"), max_length=120)
    due_on = models.DateField(_("wanneer klaar"))
    life_domain = models.ForeignKey(
        "catalogue.LifeDomain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("levensgebied"),
    )
    provision_type = models.ForeignKey(
        "catalogue.ProvisionType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("soort voorziening"),
    )
    status = models.CharField(
        _("stand"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner_name="") & ~Q(what=""), name="agreement_has_owner_and_what"
            ),
        ]

    def __str__(self) -> str:
        return self.what


class Contact(TenantModel):
    """A visit, a call or a pilot-light check-in: planned on a date, done (or not) later."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Huisbezoek")
        CALL = "call", _("Telefoongesprek")
        CHECK_IN = "check_in", _("Waakvlamcontact")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        DONE = "done", _("Gedaan")
        CANCELLED = "cancelled", _("Vervallen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_contacts",
        verbose_name=_("medewerker"),
    )
    due_on = models.DateField(_("datum"))
    status = models.CharField(
        _("stand"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    note = models.CharField(_("verslag"), max_length=1000, blank=True)
    still_stable = models.BooleanField(_("het gaat nog goed"), null=True, blank=True)
    # Set by the reminder command; claiming it with one UPDATE keeps two servers from both sending.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="contact_done_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "worker", "status", "due_on"], name="contact_due")
        ]


class CaseEvent(TenantModel):
    """The case's diary: every decision with who and when. Written once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("wat"), max_length=500)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["-created_at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("CaseEvent is append-only")
        super().save(*args, **kwargs)


class RegisterNotice(TenantModel):
    """What the population register changed for a household someone works on, for that person:
    a member moved away, left the municipality, died, or someone joined. One notice belongs to
    exactly one of: an open case (for its case lead), an open alert (for the worker it is
    assigned to, or its team while unassigned) or a running supporter mark (for the worker who
    made it). It names the person by label only; the names are behind the household page and its
    purpose. Nothing of the household is deleted by the feed."""

    class Direction(models.TextChoices):
        LEFT = "left", _("uit het huishouden")
        JOINED = "joined", _("bij het huishouden")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="register_notices"
    )
    alert = models.ForeignKey(
        "rules.Alert",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="register_notices",
    )
    supporter_mark = models.ForeignKey(
        "supporters.SupporterMark",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="register_notices",
    )
    change = models.ForeignKey(
        "residents.RegisterChange", on_delete=models.PROTECT, related_name="+"
    )
    direction = models.CharField(max_length=6, choices=Direction.choices)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("wijziging uit de basisregistratie")
        verbose_name_plural = _("wijzigingen uit de basisregistratie")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "change", "direction"], name="register_notice_once"
            ),
            models.UniqueConstraint(
                fields=["alert", "change", "direction"], name="register_notice_alert_once"
            ),
            models.UniqueConstraint(
                fields=["supporter_mark", "change", "direction"],
                name="register_notice_mark_once",
            ),
            # Exactly one thing the notice is about.
            models.CheckConstraint(
                condition=(
                    Q(case__isnull=False, alert__isnull=True, supporter_mark__isnull=True)
                    | Q(case__isnull=True, alert__isnull=False, supporter_mark__isnull=True)
                    | Q(case__isnull=True, alert__isnull=True, supporter_mark__isnull=False)
                ),
                name="register_notice_one_subject",
            ),
        ]
        indexes = [models.Index(fields=["case", "seen_at"], name="register_notice_case")]

    @property
    def household(self):
        subject = self.case or self.alert or self.supporter_mark
        return subject.household if subject is not None else None

    def sentence(self) -> str:
        """One line in plain Dutch, with the person's label and the date the register gives."""
        change = self.change
        values = {"person": change.person.label, "on": change.on.strftime("%d-%m-%Y")}
        if self.direction == self.Direction.JOINED:
            return _("%(person)s woont sinds %(on)s in dit huishouden.") % values
        if change.kind == "death":
            return _("%(person)s is overleden op %(on)s.") % values
        if change.kind == "departure":
            return _("%(person)s is op %(on)s uit de gemeente vertrokken.") % values
        return _("%(person)s is op %(on)s verhuisd naar een ander adres in de gemeente.") % values


class Referral(TenantModel):
    """A warm handover: the worker refers the household to an offering of the inventory, with
    the household's consent, and follows it until the help has started (issue 15, part 6).

    The offering is referenced by id; its name, provider and referral contact are copied when the
    referral is sent (from `stabiel.inventory.lookup`, decision 0008), so the case reads the same
    after the inventory changes. What the provider hears is the handover note, nothing more.
    """

    class Status(models.TextChoices):
        SENT = "sent", _("Verstuurd")
        ACCEPTED = "accepted", _("Aangenomen")
        DECLINED = "declined", _("Afgewezen")
        STARTED = "started", _("Hulp is gestart")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("hoort bij doel"),
    )
    offering = models.ForeignKey(
        "inventory.Offering",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aanbod"),
    )
    offering_name = models.CharField(_("aanbod"), max_length=200)
    provider_name = models.CharField(_("aanbieder"), max_length=200)
    referral_contact = models.CharField(_("contact voor doorverwijzen"), max_length=300, blank=True)
    consent = models.BooleanField(_("het huishouden geeft toestemming"), default=False)
    handover_note = models.CharField(_("wat de aanbieder van ons hoort"), max_length=1000)
    status = models.CharField(
        _("stand"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    sent_on = models.DateField(_("verstuurd op"))
    answered_on = models.DateField(_("antwoord op"), null=True, blank=True)
    decline_reason = models.CharField(_("reden van afwijzen"), max_length=300, blank=True)
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="referral_has_consent"),
            models.CheckConstraint(
                condition=~Q(handover_note="") & ~Q(offering_name=""),
                name="referral_has_note_and_offering",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["sent", "accepted", "declined", "started"]),
                name="referral_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="started") | Q(started_on__isnull=False),
                name="referral_started_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "offering", "sent_on"], name="referral_offering")
        ]

    def __str__(self) -> str:
        return f"{self.offering_name} ({self.provider_name})"


class CaseLifeEvent(TenantModel):
    """A life event that can unsettle the household (divorce, loss of a loved one, loss of work,
    dementia in the family …), chosen from the catalogue, with its date. Context for the plan
    and the pilot-light check-ins (VNG, Stop het stapelen 2022, chapter 'Benut groene vlaggen,
    verminder rode vlaggen', section 'Rode vlaggen'). Appended, never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="life_events")
    life_event = models.ForeignKey(
        "catalogue.LifeEvent",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingrijpende gebeurtenis"),
    )
    happened_on = models.DateField(_("wanneer"))
    note = models.CharField(_("wat er speelt"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ingrijpende gebeurtenis in de casus")
        verbose_name_plural = _("ingrijpende gebeurtenissen in de casus")
        ordering = ["-happened_on", "-id"]
        indexes = [models.Index(fields=["municipality", "case"], name="case_life_event_case")]
