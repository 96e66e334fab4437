"""What the insights app keeps itself: never a household or a person.

Outcome figures are kept pre-aggregated per month (`OutcomeCount`), filled by the periodic
command `insights_refresh` (see `summary.py`). A row is a count of records that share a figure,
month, team, district, extra key (rule or end result) and value (0/1 for a share, 1 for a count,
whole days for a duration). A row holds no identifier of a household or person, only ids of
teams, districts and rules, which are not personal data. The screens read only these rows.

The resident's voice and the team's stories (issue 17, point 3) live here too: story points
(anonymity-checked text with a pillar, route step and rule, per municipality and month, no
author) and the answers to the experience questions (municipality, team id and month, never a
household). The one row that points at a case is an open invitation to answer those questions;
it lets go of the case the moment the household answers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutcomeCount(models.Model):
    """How many counted things of one figure share a month, team, district, key and value."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    figure = models.CharField(_("cijfer"), max_length=40)
    month = models.DateField(_("maand"))
    # Plain ids, not foreign keys: a team or district that is removed later keeps its history,
    # and 0 stands for "no team" or "no district known".
    team_id = models.PositiveIntegerField(_("team"))
    district_id = models.PositiveIntegerField(_("wijk"))
    extra = models.CharField(_("sleutel"), max_length=100, blank=True)
    value = models.PositiveIntegerField(_("waarde"))
    count = models.PositiveIntegerField(_("aantal"))

    class Meta:
        verbose_name = _("uitkomsttelling")
        verbose_name_plural = _("uitkomsttellingen")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "municipality",
                    "figure",
                    "month",
                    "team_id",
                    "district_id",
                    "extra",
                    "value",
                ],
                name="outcome_count_unique_cell",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="outcome_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.month:%Y-%m}: {self.count}"


class OutcomeRefresh(models.Model):
    """When a municipality's figures were last worked out, and from which month on."""

    municipality = models.OneToOneField(
        "accounts.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    refreshed_at = models.DateTimeField(_("bijgewerkt op"))
    first_month = models.DateField(_("eerste maand bijgewerkt"))
    last_month = models.DateField(_("laatste maand bijgewerkt"))
    rows = models.PositiveIntegerField(_("rijen"), default=0)
    seconds = models.FloatField(_("duur in seconden"), default=0)

    class Meta:
        verbose_name = _("bijwerking van de uitkomsten")
        verbose_name_plural = _("bijwerkingen van de uitkomsten")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_month__lte=models.F("last_month")),
                name="outcome_refresh_months_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.refreshed_at:%Y-%m-%d %H:%M}"


class PublishedFigure(models.Model):
    """One breakdown of one figure for a calendar year, as the page shows it: already suppressed
    (hidden cells are stored as hidden, their value is not kept). `insights_refresh` writes these
    after the monthly rows, so a page reads one row instead of working out the suppression."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    figure = models.CharField(_("cijfer"), max_length=40)
    breakdown = models.CharField(_("indeling"), max_length=20)
    table = models.JSONField(_("tabel"))

    class Meta:
        verbose_name = _("gepubliceerd cijfer")
        verbose_name_plural = _("gepubliceerde cijfers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "figure", "breakdown"],
                name="published_figure_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.breakdown} {self.year}"


class Comparison(models.Model):
    """Whether a municipality puts its outcome figures beside those of the other municipalities
    on this installation that do the same (issue 17, point 4). Off until its functional
    administrator or policy adviser switches it on; a municipality that is not in sees nothing
    of the others."""

    municipality = models.OneToOneField(
        "accounts.Municipality",
        on_delete=models.CASCADE,
        related_name="outcome_comparison",
        verbose_name=_("gemeente"),
    )
    opted_in = models.BooleanField(_("doet mee met vergelijken"), default=False)
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    class Meta:
        verbose_name = _("vergelijken met andere gemeenten")
        verbose_name_plural = _("vergelijken met andere gemeenten")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {'in' if self.opted_in else 'uit'}"


# Story points and the resident's voice --------------------------------------------------------


class StoryVoice(models.TextChoices):
    TEAM_LEAD = "teamleider", _("Teamleider")
    WORKER = "medewerker", _("Medewerker van het team")
    RESIDENT = "inwoner", _("Inwoner")


class StoryKind(models.TextChoices):
    WENT_WELL = "goed", _("Wat ging goed")
    IN_THE_WAY = "in-de-weg", _("Waar het systeem in de weg zat")
    # What a resident adds in their own words to the experience questions.
    OWN_WORDS = "eigen-woorden", _("In eigen woorden")


# The route of the basic functions has eleven steps, 0 to 10 (KPMG 2019); step 0 is the safe
# living environment that runs under all of them.
ROUTE_STEP_FIRST = 0
ROUTE_STEP_LAST = 10


class StoryPoint(models.Model):
    """A short story beside the numbers (Enschede's 'vertelpunten'). No author is kept: nobody
    edits a story after it is told, and a policy screen may show it (it names no one)."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    month = models.DateField(_("maand"))
    voice = models.CharField(_("wie vertelt"), max_length=12, choices=StoryVoice.choices)
    kind = models.CharField(_("soort verhaal"), max_length=16, choices=StoryKind.choices)
    text = models.TextField(_("verhaal"), max_length=1200)
    pillar = models.ForeignKey(
        "catalogue.Pillar",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("pijler"),
    )
    route_step = models.PositiveSmallIntegerField(_("stap van de route"), null=True, blank=True)
    rule_code = models.CharField(_("regel"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("verteld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vertelpunt")
        verbose_name_plural = _("vertelpunten")
        ordering = ["-month", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(route_step__isnull=True)
                | Q(route_step__gte=ROUTE_STEP_FIRST, route_step__lte=ROUTE_STEP_LAST),
                name="story_point_route_step_known",
            ),
            models.CheckConstraint(
                condition=Q(voice__in=StoryVoice.values), name="story_point_voice_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=StoryKind.values), name="story_point_kind_known"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="story_point_has_text"),
        ]
        indexes = [models.Index(fields=["municipality", "month"], name="story_point_month")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%Y-%m}"


class ExperienceInvitation(models.Model):
    """A single-use link for a household whose case has closed. Only a hash of the token is
    kept. While open it points at its case (to show on the case page and to allow one open link
    per case); answering removes that pointer, so no answer can be traced back."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("casus"),
    )
    team_id = models.PositiveIntegerField(_("team"))
    month = models.DateField(_("maand van afsluiten"))
    token_hash = models.CharField(_("kenmerk van de link"), max_length=64, unique=True)
    created_on = models.DateField(_("gemaakt op"))
    expires_on = models.DateField(_("geldig tot en met"))
    answered = models.BooleanField(pgettext_lazy("invitation", "ingevuld"), default=False)

    class Meta:
        verbose_name = _("uitnodiging voor ervaringsvragen")
        verbose_name_plural = _("uitnodigingen voor ervaringsvragen")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(case__isnull=False),
                name="experience_invitation_one_per_case",
            ),
            models.CheckConstraint(
                condition=Q(answered=False) | Q(case__isnull=True),
                name="experience_invitation_answered_lets_go",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("created_on")),
                name="experience_invitation_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m}"


class ExperienceScale(models.IntegerChoices):
    NO = 1, _("Nee")
    SOMEWHAT = 2, _("Een beetje")
    YES = 3, _("Ja")


class ExperienceAnswer(models.Model):
    """One household's answers: only the municipality, the team's id and the month the case
    closed. Shown only as suppressed counts."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    team_id = models.PositiveIntegerField(_("team"))
    month = models.DateField(_("maand"))
    helped = models.PositiveSmallIntegerField(
        _("voelde zich geholpen"), choices=ExperienceScale.choices
    )
    heard = models.PositiveSmallIntegerField(
        _("voelde zich gehoord"), choices=ExperienceScale.choices
    )
    knew_whom = models.PositiveSmallIntegerField(
        _("wist wie te bellen"), choices=ExperienceScale.choices
    )

    class Meta:
        verbose_name = _("antwoord op de ervaringsvragen")
        verbose_name_plural = _("antwoorden op de ervaringsvragen")
        constraints = [
            models.CheckConstraint(
                condition=Q(helped__in=ExperienceScale.values)
                & Q(heard__in=ExperienceScale.values)
                & Q(knew_whom__in=ExperienceScale.values),
                name="experience_answer_on_scale",
            )
        ]
        indexes = [models.Index(fields=["municipality", "month"], name="experience_answer_month")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m}"
