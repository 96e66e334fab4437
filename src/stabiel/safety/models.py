"""Safety first and the network around the household (issue 20).

Step 0 of the route (KPMG, Basisfuncties voor lokale teams, 2019, basic function *veilige
leefomgeving*): the meldcode route in the case, safety per member, a safety plan, consults, core
decisions taken by two people; who else is involved and what the resident consented to share;
timed escalation (VNG, Stop het stapelen, 2022, AVE-model); learning from a yearly case review.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel


class MeldcodeStep(TenantModel):
    """One dated step of the meldcode route for domestic violence and child abuse, in a case."""

    class Kind(models.TextChoices):
        SIGNALS = "signals", _("1. Signalen in kaart brengen")
        CONSULT = "consult", _("2. Collega, veiligheidsspecialist of Veilig Thuis raadplegen")
        CONVERSATION = "conversation", _("3. Gesprek met de betrokkene(n)")
        WEIGH = "weigh", _("4. Wegen met het afwegingskader")
        DECIDE = "decide", _("5. Beslissen: hulp organiseren of melden")

    class Decision(models.TextChoices):
        HELP = "help", _("Zelf hulp organiseren (niet melden)")
        REPORT = "report", _("Melden bij Veilig Thuis")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="meldcode_steps")
    kind = models.CharField(_("stap"), max_length=16, choices=Kind.choices)
    happened_on = models.DateField(_("datum"))
    consulted = models.CharField(_("wie is geraadpleegd"), max_length=200, blank=True)
    note = models.TextField(_("aantekening"), max_length=2000, blank=True)
    decision = models.CharField(_("besluit"), max_length=8, choices=Decision.choices, blank=True)
    reported_on = models.DateField(_("melding gedaan op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("stap meldcode")
        verbose_name_plural = _("stappen meldcode")
        ordering = ["happened_on", "id"]
        constraints = [
            # Only the decision step carries a decision, and it always does.
            models.CheckConstraint(
                condition=(Q(kind="decide") & ~Q(decision=""))
                | (~Q(kind="decide") & Q(decision="")),
                name="meldcode_decision_only_on_decide",
            ),
            # A report date belongs to a decision to report, and a report has its date.
            models.CheckConstraint(
                condition=(Q(decision="report") & Q(reported_on__isnull=False))
                | (~Q(decision="report") & Q(reported_on__isnull=True)),
                name="meldcode_report_has_date",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "case"], name="meldcode_case")]


class MemberSafety(TenantModel):
    """How safe one member of the household is, as seen on a date. The newest counts."""

    class Level(models.TextChoices):
        SAFE = "safe", _("Veilig")
        CONCERNS = "concerns", _("Zorgen")
        UNSAFE = "unsafe", _("Onveilig")
        UNKNOWN = "unknown", _("Nog niet bekeken")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="member_safety")
    person = models.ForeignKey("residents.Person", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("veiligheid"), max_length=10, choices=Level.choices)
    seen_on = models.DateField(_("bekeken op"))
    note = models.CharField(_("uitleg"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("veiligheid van een bewoner")
        verbose_name_plural = _("veiligheid van bewoners")
        ordering = ["-seen_on", "-id"]


class SafetyPlan(TenantModel):
    """What the household and its network agreed to keep everyone safe. Shown on top while it runs."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Loopt")
        ENDED = "ended", _("Beëindigd")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="safety_plans")
    agreements = models.TextField(
        _("wat is afgesproken om iedereen veilig te houden"), max_length=3000
    )
    when_wrong = models.TextField(_("wie doet wat als het misgaat"), max_length=2000)
    made_with = models.CharField(_("gemaakt met"), max_length=300)
    review_on = models.DateField(_("opnieuw bekijken op"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.RUNNING
    )
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("veiligheidsplan")
        verbose_name_plural = _("veiligheidsplannen")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="running"), name="safety_plan_one_running"
            ),
            models.CheckConstraint(
                condition=Q(status="running", ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
                name="safety_plan_ended_has_date",
            ),
        ]


class Consult(TenantModel):
    """A worker asks the safety specialist or behavioural scientist to think along ("niet pluis")."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consults")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="safety_consults",
        verbose_name=_("aan wie"),
    )
    question = models.TextField(_("vraag"), max_length=2000)
    asked_on = models.DateField(_("gevraagd op"))
    advice = models.TextField(_("advies"), max_length=3000, blank=True)
    advised_on = models.DateField(_("advies gegeven op"), null=True, blank=True)

    class Meta:
        verbose_name = _("consult")
        verbose_name_plural = _("consulten")
        ordering = ["-asked_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(advice="", advised_on__isnull=True)
                | (~Q(advice="") & Q(advised_on__isnull=False)),
                name="consult_advice_has_date",
            ),
        ]


class CoreDecision(TenantModel):
    """A decision with great weight for the household, taken by two people: the second confirms."""

    class Kind(models.TextChoices):
        NOT_REPORT = "not_report", _("Niet melden bij Veilig Thuis, zelf hulp organiseren")
        CLOSE_WITH_CONCERNS = (
            "close_concerns",
            _("Casus afsluiten terwijl er zorgen over veiligheid zijn"),
        )
        OTHER = "other", _("Ander kernbesluit")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="core_decisions")
    kind = models.CharField(_("soort besluit"), max_length=16, choices=Kind.choices)
    reasoning = models.TextField(_("afweging"), max_length=2000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("kernbesluit")
        verbose_name_plural = _("kernbesluiten")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("proposed_by")),
                name="core_decision_second_person",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True, confirmed_at__isnull=True)
                | Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="core_decision_confirmed_has_time",
            ),
        ]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_by_id is not None


class InvolvedParty(TenantModel):
    """A professional or organisation involved with the household: role, since when, a contact."""

    household = models.ForeignKey(
        "residents.Household", on_delete=models.CASCADE, related_name="involved_parties"
    )
    organisation = models.CharField(_("organisatie"), max_length=200)
    # Chosen from the provision inventory where it has the organisation (read through
    # `stabiel.inventory.lookup`, decision 0008); the offering's name is copied so the list
    # reads the same after the inventory changes. Typed by hand: both empty.
    offering = models.ForeignKey(
        "inventory.Offering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aanbod uit de inventarisatie"),
    )
    offering_name = models.CharField(_("aanbod"), max_length=200, blank=True)
    role = models.CharField(_("rol"), max_length=200)
    since = models.DateField(_("betrokken sinds"))
    until = models.DateField(_("betrokken tot"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    care_worker = models.CharField(_("hulpverlener"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("betrokken organisatie")
        verbose_name_plural = _("betrokken organisaties")
        ordering = ["since", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="involved_party_until_after_since",
            ),
            models.CheckConstraint(
                condition=Q(offering__isnull=True, offering_name="")
                | (Q(offering__isnull=False) & ~Q(offering_name="")),
                name="involved_party_offering_named",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "household"], name="involved_household")]

    def __str__(self) -> str:
        return self.organisation


class CareWorkerChange(TenantModel):
    """History: who the party's care worker was from when. Never edited, only appended."""

    party = models.ForeignKey(
        InvolvedParty, on_delete=models.CASCADE, related_name="worker_changes"
    )
    care_worker = models.CharField(_("hulpverlener"), max_length=200)
    from_on = models.DateField(_("vanaf"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["from_on", "id"]


class Consent(TenantModel):
    """The resident's consent to share something with one party, for one purpose, until a date."""

    class Purpose(models.TextChoices):
        PROGRESS = "progress", _("Voortgang van de hulp delen")
        PLAN = "plan", _("Het plan met het huishouden delen")
        SIGNAL_DETAIL = "signal_detail", _("De melder meer vertellen dan de stand van zijn melding")

    household = models.ForeignKey(
        "residents.Household", on_delete=models.CASCADE, related_name="consents"
    )
    party = models.ForeignKey(InvolvedParty, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("waarvoor"), max_length=16, choices=Purpose.choices)
    given_by = models.CharField(_("gegeven door"), max_length=200)
    given_on = models.DateField(_("gegeven op"))
    ends_on = models.DateField(_("geldig tot en met"))
    revoked_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("given_on")), name="consent_ends_after_given"
            ),
        ]

    def is_active_on(self, day) -> bool:
        return self.revoked_on is None and self.given_on <= day <= self.ends_on


class ProgressSummary(TenantModel):
    """A progress summary written by the case lead for one party, only under a valid consent."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="progress_summaries"
    )
    party = models.ForeignKey(InvolvedParty, on_delete=models.PROTECT, related_name="summaries")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="summaries")
    text = models.TextField(_("voortgang"), max_length=4000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]


class EscalationLevel(TenantModel):
    """One rung of the municipality's escalation ladder (AVE), with the agreed time at that rung.
    A rung can be a meeting: the anonymous case table or the maatwerktafel."""

    class Kind(models.TextChoices):
        PEOPLE = "people", _("Mensen in de lijn (bijvoorbeeld teamleider of management)")
        CASE_TABLE = "case_table", _("De casustafel (anoniem)")
        CUSTOM_TABLE = "custom_table", _("De maatwerktafel")

    rank = models.PositiveSmallIntegerField(_("trede"))
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(
        _("soort trede"), max_length=12, choices=Kind.choices, default=Kind.PEOPLE
    )
    agreed_days = models.PositiveSmallIntegerField(_("afgesproken tijd in dagen"))

    class Meta:
        verbose_name = _("trede van de escalatieladder")
        verbose_name_plural = _("escalatieladder")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "rank"], name="escalation_rank_unique"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="escalation_rank_positive"),
            models.CheckConstraint(
                condition=Q(agreed_days__gte=1), name="escalation_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Escalation(TenantModel):
    """A case at one rung of the ladder, from when to when, and why it went up."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="escalations")
    level = models.ForeignKey(EscalationLevel, on_delete=models.PROTECT, related_name="escalations")
    reason = models.CharField(_("reden"), max_length=500)
    started_on = models.DateField(_("vanaf"))
    ended_on = models.DateField(_("tot"), null=True, blank=True)
    end_note = models.CharField(_("hoe afgeschaald"), max_length=500, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="escalation_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="escalation_end_after_start",
            ),
        ]

    @property
    def days(self) -> int | None:
        return (self.ended_on - self.started_on).days if self.ended_on else None


class SafetySettings(TenantModel):
    """The municipality's own settings for this part."""

    review_sample_size = models.PositiveSmallIntegerField(
        _("grootte van de steekproef"), default=30
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="safety_settings_one"),
            models.CheckConstraint(
                condition=Q(review_sample_size__gte=1, review_sample_size__lte=500),
                name="safety_sample_size_range",
            ),
        ]


class Review(TenantModel):
    """A colleague's review of a closed case (drawn in the yearly sample) or of a calamity."""

    class Kind(models.TextChoices):
        SAMPLE = "sample", _("Steekproef")
        CALAMITY = "calamity", _("Calamiteit")

    class SharedAs(models.TextChoices):
        NOTHING = "", _("Nog niet gedeeld")
        FLAG = "flag", _("Rode vlag op systeemniveau")
        MEASURE = "measure", _("Maatregel in het preventieplan")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("jaar"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_on = models.DateField(_("beoordeeld op"), null=True, blank=True)
    safety_in_view = models.BooleanField(_("was veiligheid in beeld?"), null=True)
    household_involved = models.BooleanField(_("was het huishouden betrokken?"), null=True)
    landed = models.BooleanField(_("is het goed geland?"), null=True)
    finding = models.TextField(_("bevinding (zonder namen)"), max_length=1000, blank=True)
    shared_as = models.CharField(
        _("gedeeld als"), max_length=8, choices=SharedAs.choices, blank=True
    )
    shared_note = models.CharField(_("gedeeld in"), max_length=200, blank=True)
    occasion = models.TextField(_("wat is er gebeurd (zonder namen)"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("casusreview")
        verbose_name_plural = _("casusreviews")
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "year", "kind"], name="review_once_per_year"),
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True) | Q(reviewer__isnull=False),
                name="review_done_has_reviewer",
            ),
            # A calamity review always says what happened; a sample review has no occasion.
            models.CheckConstraint(
                condition=(Q(kind="calamity") & ~Q(occasion=""))
                | (~Q(kind="calamity") & Q(occasion="")),
                name="review_calamity_has_occasion",
            ),
        ]


class FreeBudget(TenantModel):
    """A team's freely spendable budget for one year: workers spend it without procedures or
    forms for the resident, for purposes agreed with the team, and it is evaluated after the
    year (Stop het stapelen, 2022: "Organiseer vrij besteedbaar budget voor de toegang")."""

    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount_cents = models.PositiveIntegerField(_("bedrag in centen"))
    purposes = models.CharField(_("waar het geld voor is"), max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evaluation = models.TextField(_("terugblik na het jaar"), max_length=2000, blank=True)
    evaluated_on = models.DateField(_("geëvalueerd op"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("vrij budget")
        verbose_name_plural = _("vrije budgetten")
        ordering = ["-year", "team__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "year"], name="free_budget_one_per_team_year"),
            models.CheckConstraint(
                condition=Q(amount_cents__gte=1, amount_cents__lte=100_000_000),
                name="free_budget_amount_range",
            ),
            models.CheckConstraint(
                condition=Q(evaluation="", evaluated_on__isnull=True)
                | (~Q(evaluation="") & Q(evaluated_on__isnull=False)),
                name="free_budget_evaluation_dated",
            ),
        ]


class FreeBudgetSpend(TenantModel):
    """One expense from a team's free budget: what, what for, how much. No resident's name."""

    class Purpose(models.TextChoices):
        PREVENT_WORSE = "prevent_worse", _("Voorkomen dat problemen erger worden")
        ENABLE_HELP = "enable_help", _("Hulp of behandeling mogelijk maken")
        LESS_STRESS = "less_stress", _("Stress verminderen")
        OTHER = "other", _("Iets anders wat het team afsprak")

    budget = models.ForeignKey(FreeBudget, on_delete=models.PROTECT, related_name="spends")
    spent_on = models.DateField(_("datum"))
    amount_cents = models.PositiveIntegerField(_("bedrag in centen"))
    purpose = models.CharField(_("waarvoor"), max_length=16, choices=Purpose.choices)
    what = models.CharField(_("wat is er gekocht of betaald"), max_length=200)
    spent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("uitgave uit het vrije budget")
        verbose_name_plural = _("uitgaven uit het vrije budget")
        ordering = ["-spent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gte=1), name="free_budget_spend_positive"
            ),
        ]
