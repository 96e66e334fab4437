"""Self-assessment of the basic functions: statements, rounds, respondents and their scores.

No personal data of residents lives here. A respondent is a professional or an experience
expert who scores statements by signed link, in one role; their name and e-mail address are kept
only to send the invitation and never leave the round page (results and exports show roles only).

A round copies the statements that are switched on when it starts (``RoundStatement``), so later
rewording or switching off does not change what respondents scored, and rounds stay comparable
per basic function.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel
from stabiel.practices.models import BasicFunction

STATEMENT_MAX = 500
NOTE_MAX = 2000
SCORE_MIN = 1
SCORE_MAX = 5


class Scale(models.IntegerChoices):
    """The fixed scale of every round; "weet ik niet" is stored as no score."""

    NOT_AT_ALL = 1, _("Helemaal niet waar")
    NOT_TRUE = 2, _("Niet waar")
    PARTLY = 3, _("Deels waar")
    TRUE = 4, _("Waar")
    FULLY = 5, _("Helemaal waar")


class RespondentRole(models.TextChoices):
    ACCESS_WORKER = "toegang", _("Medewerker toegang of wijkteam")
    TEAM_LEAD = "teamleider", _("Teamleider")
    PARTNER = "partner", _("Partner")
    POLICY = "beleid", _("Beleid")
    RESIDENT = "inwoner", _("Inwoner of ervaringsdeskundige")


class Statement(TenantModel):
    """A statement a municipality scores: Stabiel's own (code set) or the municipality's own."""

    class Origin(models.TextChoices):
        PRODUCT = "stabiel", _("Stelling van Stabiel")
        OWN = "eigen", _("Eigen stelling van de gemeente")

    code = models.SlugField(_("code"), max_length=40, blank=True)
    origin = models.CharField(_("herkomst"), max_length=8, choices=Origin.choices)
    function_code = models.CharField(
        _("basisfunctie"), max_length=30, choices=BasicFunction.choices
    )
    lesson_code = models.CharField(_("les"), max_length=5, blank=True)
    text = models.CharField(_("stelling"), max_length=STATEMENT_MAX)
    original_text = models.CharField(
        _("oorspronkelijke tekst"), max_length=STATEMENT_MAX, blank=True
    )
    active = models.BooleanField(_("aan"), default=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        ordering = ["function_code", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=~Q(code=""),
                name="statement_code_once_per_municipality",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=["stabiel", "eigen"]), name="statement_origin_known"
            ),
            models.CheckConstraint(
                condition=Q(function_code__in=BasicFunction.values),
                name="statement_function_known",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), STATEMENT_MAX) & ~Q(text=""),
                name="statement_text_length",
            ),
            # Stabiel's statements carry their code; a municipality's own have none.
            models.CheckConstraint(
                condition=(Q(origin="stabiel") & ~Q(code="")) | (Q(origin="eigen") & Q(code="")),
                name="statement_code_matches_origin",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def reworded(self) -> bool:
        return self.origin == self.Origin.PRODUCT and self.text != self.original_text


class Round(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Gesloten")

    title = models.CharField(_("titel"), max_length=200)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    started_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("ronde")
        verbose_name_plural = _("rondes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="round_closed_has_moment",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RoundStatement(TenantModel):
    """A statement as it read when the round started."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="statements")
    statement = models.ForeignKey(
        Statement, on_delete=models.SET_NULL, null=True, related_name="in_rounds"
    )
    function_code = models.CharField(max_length=30, choices=BasicFunction.choices)
    lesson_code = models.CharField(max_length=5, blank=True)
    origin = models.CharField(max_length=8, choices=Statement.Origin.choices)
    text = models.CharField(max_length=STATEMENT_MAX)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "statement"], name="roundstatement_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Respondent(TenantModel):
    """Someone who scores a round by link, in one role. Never exported with their name."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="respondents")
    role = models.CharField(_("rol"), max_length=12, choices=RespondentRole.choices)
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), blank=True)
    # Part of the signed link; a new value makes every older link invalid.
    link_key = models.CharField(max_length=32)
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    answered_at = models.DateTimeField(_("laatst ingevuld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["role", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=RespondentRole.values), name="respondent_role_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Response(TenantModel):
    """One respondent's score of one statement: 1-5, or no score for "weet ik niet"."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="responses")
    statement = models.ForeignKey(
        RoundStatement, on_delete=models.CASCADE, related_name="responses"
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    note = models.TextField(_("uitleg"), blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            # Answering twice is impossible: one row per respondent and statement, changed in place.
            models.UniqueConstraint(
                fields=["respondent", "statement"], name="response_once_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="response_score_on_scale",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX),
                name="response_note_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.score}"

    @property
    def dont_know(self) -> bool:
        return self.score is None
