"""The prevention plan: worksheets, work sessions and their answers, local flags and measures.

No personal data lives here. Participants of a work session are professionals or residents who
speak for a perspective; their name and e-mail address are kept only to send the invitation and
never leave the workbench (no export).

Worksheets and their questions are national seed data (no municipality), loaded from
``plans/seed/worksheets.yaml`` by a data migration and by :func:`stabiel.plans.seed.worksheets_load`.
They point at catalogue items by code, so they do not depend on the catalogue being loaded.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel

# Impact and effort are scored on a small scale without a middle, so every measure falls in one
# quadrant of the 2x2 chart.
SCALE_MIN = 1
SCALE_MAX = 4
SCALE_SPLIT = 2  # 1-2 is low, 3-4 is high

# Length limits on free text, so a page and a document stay readable (issue 14).
SUMMARY_MAX = 2000
TEXT_MAX = 4000
SHORT_TEXT_MAX = 1000


class LiveManager(models.Manager):
    """Rows that were not removed. Removed rows stay (restorable) until the purge."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class Removable(models.Model):
    """Removed with a confirmation, kept in the history and restorable for a period
    (PLANS_RESTORE_DAYS); ``plans_purge_removed`` deletes what is past it."""

    removed_at = models.DateTimeField(_("verwijderd op"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verwijderd door"),
    )

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff takes a plain Manager() for a field)

    class Meta:
        abstract = True


class Worksheet(models.Model):
    """One of the five worksheets, one per action of the prevention plan."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    action_code = models.SlugField(_("actie (code)"), max_length=80)
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True)
    own_question_prompt = models.CharField(_("vraag naar eigen vragen"), max_length=300)
    publication_code = models.SlugField(_("publicatie (code)"), max_length=40)
    source_ref = models.CharField(_("vindplaats"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("werkblad")
        verbose_name_plural = _("werkbladen")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class WorksheetSource(models.Model):
    """A source the publication suggests to look at while filling in the worksheet."""

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="sources")
    label = models.CharField(_("naam"), max_length=200)
    url = models.URLField(_("adres"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("bron bij werkblad")
        verbose_name_plural = _("bronnen bij werkbladen")
        ordering = ["worksheet", "position"]
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "url"], name="worksheetsource_unique")
        ]

    def __str__(self) -> str:
        return self.label


class Question(models.Model):
    class Kind(models.TextChoices):
        RED = "red", _("Rode vlaggen")
        GREEN = "green", _("Groene vlaggen")
        OPEN = "open", _("Open vraag")

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("nummer"))
    code = models.SlugField(_("code"), max_length=20, unique=True)
    text = models.TextField(_("vraag"))
    help_text = models.TextField(_("uitleg"), blank=True)
    kind = models.CharField(_("soort"), max_length=8, choices=Kind.choices)
    perspective_codes = models.JSONField(
        _("perspectieven"), default=list, help_text=_("Codes van de perspectieven die dit vraagt.")
    )
    source_ref = models.CharField(_("vindplaats"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["worksheet__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "number"], name="question_unique_number"),
            models.CheckConstraint(
                condition=Q(kind__in=["red", "green", "open"]), name="question_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class Plan(Removable, TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In voorbereiding")
        SESSIONS = "sessions", _("Werksessies")
        ADOPTED = "adopted", _("Vastgesteld")
        RUNNING = "running", _("In uitvoering")
        CLOSED = "closed", _("Afgesloten")

    year = models.PositiveSmallIntegerField(_("jaar"))
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gestart vanuit"),
    )
    # Flags and measures (never answers or participants) visible to the other municipalities
    # on this installation while set.
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("preventieplan")
        verbose_name_plural = _("preventieplannen")
        ordering = ["-year"]
        constraints = [
            # One live plan per year; a removed one waits in the history without blocking it.
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=Q(removed_at__isnull=True),
                name="plan_one_live_per_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_year_sensible"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "sessions", "adopted", "running", "closed"]),
                name="plan_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class WorkSession(Removable, TenantModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("titel"), max_length=200)
    held_on = models.DateField(_("datum"))
    place = models.CharField(_("plaats"), max_length=200)
    worksheets = models.ManyToManyField(
        Worksheet, related_name="sessions", verbose_name=_("werkbladen")
    )
    notes = models.TextField(_("aantekeningen"), blank=True)

    class Meta:
        verbose_name = _("werksessie")
        verbose_name_plural = _("werksessies")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Participant(Removable, TenantModel):
    """Someone who answers the worksheets by link, from one perspective. Never exported."""

    session = models.ForeignKey(WorkSession, on_delete=models.CASCADE, related_name="participants")
    perspective = models.ForeignKey(
        "catalogue.Perspective", on_delete=models.PROTECT, verbose_name=_("perspectief")
    )
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), blank=True)
    # Part of the signed link; a new value makes every older link invalid.
    link_key = models.CharField(max_length=32)
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("laatst geantwoord op"), null=True, blank=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["perspective__position", "name"]

    def __str__(self) -> str:
        return self.name


class ParticipantTextManager(models.Manager):
    """Answers and own questions go with their participant (and session) when removed, and the
    facilitator can remove a single one (with a reason)."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(
                removed_at__isnull=True,
                participant__removed_at__isnull=True,
                participant__session__removed_at__isnull=True,
            )
        )


class Answer(Removable, TenantModel):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("antwoord"))

    objects = ParticipantTextManager()  # all_objects (every row) comes from Removable

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["question__worksheet__number", "question__number"]
        constraints = [
            # A removed answer stays (restorable) beside the participant's new one.
            models.UniqueConstraint(
                fields=["participant", "question"],
                condition=Q(removed_at__isnull=True),
                name="answer_one_per_question",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class OwnQuestion(Removable, TenantModel):
    """A question a participant adds at the end of a worksheet; the facilitator sees it."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="own_questions"
    )
    worksheet = models.ForeignKey(Worksheet, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("eigen vraag"))

    objects = ParticipantTextManager()  # all_objects (every row) comes from Removable

    class Meta:
        verbose_name = _("eigen vraag")
        verbose_name_plural = _("eigen vragen")
        ordering = ["worksheet__number", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "worksheet"],
                condition=Q(removed_at__isnull=True),
                name="ownquestion_one_per_worksheet",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Flag(Removable, TenantModel):
    """A local red or green flag found for the plan, with its evidence."""

    class Colour(models.TextChoices):
        RED = "red", _("Rode vlag")
        GREEN = "green", _("Groene vlag")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="flags")
    colour = models.CharField(_("kleur"), max_length=8, choices=Colour.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("uitleg"), blank=True)
    pillar = models.ForeignKey(
        "catalogue.Pillar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("pijler"),
    )
    action = models.ForeignKey(
        "catalogue.Action",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("actie"),
        help_text=_("Alleen voor actie 1 en 5, die geen pijler hebben."),
    )
    red_flag_type = models.ForeignKey(
        "catalogue.RedFlagType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("soort rode vlag uit de catalogus"),
    )
    green_flag_type = models.ForeignKey(
        "catalogue.GreenFlagType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("soort groene vlag uit de catalogus"),
    )
    answers = models.ManyToManyField(
        Answer, blank=True, related_name="flags", verbose_name=_("antwoorden waarop de vlag steunt")
    )
    evidence_figures = models.TextField(_("cijfers"), blank=True)
    evidence_source = models.CharField(_("bron"), max_length=300, blank=True)
    source = models.CharField(
        _("herkomst"),
        max_length=300,
        blank=True,
        help_text=_(
            "Waar de vlag vandaan komt, bijvoorbeeld de inventarisatie of het plan van vorig jaar."
        ),
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overgenomen uit vorig plan"),
    )

    class Meta:
        verbose_name = _("vlag in het plan")
        verbose_name_plural = _("vlaggen in het plan")
        ordering = ["colour", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__in=["red", "green"]), name="planflag_colour_known"
            ),
            # Tied to a pillar, or (actions 1 and 5) to an action: exactly one of the two.
            models.CheckConstraint(
                condition=(Q(pillar__isnull=False) & Q(action__isnull=True))
                | (Q(pillar__isnull=True) & Q(action__isnull=False)),
                name="planflag_pillar_or_action",
            ),
            models.CheckConstraint(
                condition=~Q(colour="red") | Q(green_flag_type__isnull=True),
                name="planflag_red_has_no_green_type",
            ),
            models.CheckConstraint(
                condition=~Q(colour="green") | Q(red_flag_type__isnull=True),
                name="planflag_green_has_no_red_type",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def catalogue_type(self):
        return self.red_flag_type if self.colour == self.Colour.RED else self.green_flag_type

    @property
    def place_label(self) -> str:
        return str(self.pillar or self.action or "")


class Measure(Removable, TenantModel):
    class Status(models.TextChoices):
        # A new measure has not started; "op schema" only once someone reports progress.
        PLANNED = "planned", _("Niet gestart")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        STOPPED = "stopped", _("Gestopt")

    class Priority(models.IntegerChoices):
        # Impact x effort: the order in which a plan usually picks its measures.
        QUICK_WIN = 1, _("Snel resultaat (veel effect, weinig moeite)")
        BIG_BET = 2, _("Grote klus (veel effect, veel moeite)")
        FILL_IN = 3, _("Erbij doen (weinig effect, weinig moeite)")
        RECONSIDER = 4, _("Heroverwegen (weinig effect, veel moeite)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("uitleg"), blank=True)
    owner = models.CharField(_("eigenaar"), max_length=200)
    partners = models.TextField(_("partners"), blank=True)
    starts_on = models.DateField(_("begint op"), null=True, blank=True)
    ends_on = models.DateField(_("klaar op"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    # The code of an outcome figure of `insights` (issue 17): the measure's indicator can be one
    # of them, shown over the plan's year in the progress view. Checked against the figures by
    # the service; empty when the indicator is only the free text above.
    outcome_figure = models.CharField(_("uitkomstcijfer"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    impact = models.PositiveSmallIntegerField(_("effect"))
    effort = models.PositiveSmallIntegerField(_("moeite"))
    flags = models.ManyToManyField(
        Flag, blank=True, related_name="measures", verbose_name=_("pakt deze vlaggen aan")
    )
    practice = models.ForeignKey(
        "practices.Practice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
        verbose_name=_("gebaseerd op goed voorbeeld"),
    )
    source = models.CharField(
        _("herkomst"),
        max_length=300,
        blank=True,
        help_text=_("Waar de maatregel vandaan komt, bijvoorbeeld een andere gemeente."),
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overgenomen uit vorig plan"),
    )
    # A measure another municipality published; the adopting municipality gets its own copy.
    adopted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("overgenomen van een andere gemeente"),
    )

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=~Q(owner=""), name="measure_has_owner"),
            models.CheckConstraint(
                condition=Q(impact__gte=SCALE_MIN) & Q(impact__lte=SCALE_MAX),
                name="measure_impact_on_scale",
            ),
            models.CheckConstraint(
                condition=Q(effort__gte=SCALE_MIN) & Q(effort__lte=SCALE_MAX),
                name="measure_effort_on_scale",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="measure_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="measure_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "running", "done", "stopped"]),
                name="measure_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def priority(self) -> "Measure.Priority":
        high_impact = self.impact > SCALE_SPLIT
        high_effort = self.effort > SCALE_SPLIT
        if high_impact:
            return self.Priority.BIG_BET if high_effort else self.Priority.QUICK_WIN
        return self.Priority.RECONSIDER if high_effort else self.Priority.FILL_IN


class MeasureUpdateManager(LiveManager):
    """Progress reports go with their measure when it is removed (and come back with it)."""

    def get_queryset(self):
        return super().get_queryset().filter(measure__removed_at__isnull=True)


class MeasureUpdate(Removable, TenantModel):
    """A progress note during the year; corrected or removed only with a history row."""

    class Progress(models.TextChoices):
        ON_TRACK = "on_track", _("Op schema")
        LATE = "late", _("Loopt achter")
        DONE = "done", _("Klaar")
        STOPPED = "stopped", _("Gestopt")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField(_("datum"))
    progress = models.CharField(_("voortgang"), max_length=10, choices=Progress.choices)
    note = models.TextField(_("uitleg"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geschreven door"),
    )

    objects = MeasureUpdateManager()  # all_objects (every row) comes from Removable

    class Meta:
        verbose_name = _("voortgangsbericht")
        verbose_name_plural = _("voortgangsberichten")
        ordering = ["-written_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__in=["on_track", "late", "done", "stopped"]),
                name="measureupdate_progress_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.written_on} {self.get_progress_display()}"


class PlanEvent(TenantModel):
    """History of the plan: who changed, removed or restored what, and when. Written by the
    service that made the change, inside its transaction; never edited."""

    class Verb(models.TextChoices):
        CHANGED = "changed", _("gewijzigd")
        REMOVED = "removed", _("verwijderd")
        RESTORED = "restored", _("teruggezet")
        CORRECTED = "corrected", _("antwoord gecorrigeerd")
        CARRIED = "carried", _("overgenomen")
        PUBLISHED = "published", _("gepubliceerd")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="events", verbose_name=_("plan")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    verb = models.CharField(_("wat"), max_length=12, choices=Verb.choices)
    subject_kind = models.CharField(_("soort"), max_length=20)
    subject_id = models.PositiveBigIntegerField(_("nummer"))
    subject_label = models.CharField(_("omschrijving"), max_length=200)
    reason = models.TextField(_("reden"), blank=True)
    before = models.TextField(_("tekst ervoor"), blank=True)

    class Meta:
        verbose_name = _("gebeurtenis in het plan")
        verbose_name_plural = _("geschiedenis van het plan")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "plan", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    verb__in=["changed", "removed", "restored", "corrected", "carried", "published"]
                ),
                name="planevent_verb_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_label} {self.get_verb_display()}"


class AdviserVisit(models.Model):
    """When a policy adviser last looked at the home page: 'what changed since your last visit'."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField(_("laatst gezien op"))
    # The visit before the current one: "what changed since your last visit" is counted from it,
    # so looking at the home page twice in a row does not empty the list.
    previous_seen_at = models.DateTimeField(_("vorige keer gezien op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bezoek van beleidsadviseur")
        verbose_name_plural = _("bezoeken van beleidsadviseurs")

    def __str__(self) -> str:
        return f"{self.user_id} {self.seen_at}"
