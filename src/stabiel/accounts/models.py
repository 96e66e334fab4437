"""Tenancy and people who use Stabiel: regions, municipalities, areas, teams, users, roles."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel, TimeStampedModel

from .roles import Role

cbs_municipality_code = RegexValidator(
    r"^GM\d{4}$", _("Een CBS-gemeentecode ziet eruit als GM0344: GM en vier cijfers.")
)
cbs_area_code = RegexValidator(
    r"^(WK\d{6}|BU\d{8})$",
    _("Een CBS-code voor een wijk is WK en zes cijfers, voor een buurt BU en acht cijfers."),
)


class Region(TimeStampedModel):
    """A group of municipalities that work together (and may share a host)."""

    name = models.CharField(_("naam"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(TimeStampedModel):
    name = models.CharField(_("naam"), max_length=120)
    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, validators=[cbs_municipality_code]
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("regio"),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(TenantModel):
    """A district (wijk) or neighbourhood (buurt), with its CBS code."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("Wijk")
        NEIGHBOURHOOD = "neighbourhood", _("Buurt")

    name = models.CharField(_("naam"), max_length=120)
    cbs_code = models.CharField(_("CBS-code"), max_length=10, validators=[cbs_area_code])
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("ligt in wijk"),
    )

    class Meta:
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        ordering = ["cbs_code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "cbs_code"], name="area_code_unique"),
            models.CheckConstraint(
                condition=(Q(kind="district") & Q(cbs_code__startswith="WK"))
                | (Q(kind="neighbourhood") & Q(cbs_code__startswith="BU")),
                name="area_code_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cbs_code})"


class Team(TenantModel):
    """An access team (wijkteam) that covers one or more areas."""

    name = models.CharField(_("naam"), max_length=120)
    areas = models.ManyToManyField(
        Area, blank=True, related_name="teams", verbose_name=_("gebieden")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerKind(models.TextChoices):
    POLICE = "police", _("Politie")
    HOUSING = "housing", _("Woningcorporatie")
    GP = "gp", _("Huisarts")
    SCHOOL = "school", _("School")
    ENERGY = "energy", _("Energieleverancier")
    WATER = "water", _("Waterbedrijf")
    INSURER = "insurer", _("Zorgverzekeraar")
    YOUTH_WORKER = "youth_worker", _("Jongerenwerk")
    MIDWIFE = "midwife", _("Verloskundige")
    EDUCATION_OFFICER = "education_officer", _("Leerplichtambtenaar")
    NOTARY = "notary", _("Notaris")
    FRONT_DESK = "front_desk", _("Balie van de gemeente")
    OTHER = "other", _("Andere partner")


class PartnerOrganisation(TenantModel):
    """An organisation that reports signals: police, housing corporation, GP, school, …"""

    name = models.CharField(_("naam"), max_length=160)
    kind = models.CharField(_("soort partner"), max_length=24, choices=PartnerKind.choices)

    class Meta:
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="partner_name_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=PartnerKind.values), name="partner_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. Belongs to one municipality; superusers (hosts) to none."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("gemeente"),
    )
    teams = models.ManyToManyField(
        Team, blank=True, related_name="members", verbose_name=_("teams")
    )
    partner_organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("partnerorganisatie"),
        help_text=_("Alleen voor melders: de organisatie waarvoor deze persoon meldt."),
    )
    # The provider's "sub" for a user who logs in through the municipality (single sign-on).
    sso_subject = models.CharField(_("kenmerk bij de gemeente"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "sso_subject"],
                condition=~Q(sso_subject=""),
                name="user_sso_subject_unique",
            ),
        ]

    @property
    def role_set(self) -> frozenset[str]:
        # Cached per request object: policy checks ask this many times per page.
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = (
                frozenset(self.role_grants.values_list("role", flat=True))
                if self.pk
                else frozenset()
            )
            self._role_cache = cached
        return cached

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.role_set

    def role_labels(self) -> list[str]:
        return [str(label) for value, label in Role.choices if value in self.role_set]

    def access_log_role(self) -> str:
        """The role in which this user opens a resident's data, as the access log records it.
        The privacy officer opens it only on the resident's inspection or correction request;
        the safety specialist opens the households of the team they work for."""
        for role in (
            Role.TEAM_LEAD,
            Role.ACCESS_WORKER,
            Role.SAFETY_SPECIALIST,
            Role.PRIVACY_OFFICER,
        ):
            if self.has_role(role):
                return role.value
        return ""


class RoleGrant(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("rol van gebruiker")
        verbose_name_plural = _("rollen van gebruikers")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_grant_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="role_grant_known_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class SsoRoleMapping(TenantModel):
    """A value of the provider's role claim that grants a Stabiel role in one municipality.

    Set by the functional administrator; a user whose claim maps to no role is refused."""

    claim_value = models.CharField(
        _("waarde in de claim"),
        max_length=200,
        help_text=_(
            "Zoals de inlogdienst van de gemeente het stuurt, bijvoorbeeld een groepsnaam."
        ),
    )
    role = models.CharField(_("rol in Stabiel"), max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sso_role_mappings",
        verbose_name=_("team"),
        help_text=_("Voor medewerkers toegang en teamleiders: het team waar zij bij horen."),
    )

    class Meta:
        verbose_name = _("rol bij inloggen via de gemeente")
        verbose_name_plural = _("rollen bij inloggen via de gemeente")
        ordering = ["claim_value", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "claim_value", "role"], name="sso_mapping_unique"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="sso_mapping_role"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_value} → {self.get_role_display()}"


class SecurityEvent(TimeStampedModel):
    """Login-related events that an administrator or auditor may need to trace afterwards."""

    class Kind(models.TextChoices):
        SECOND_FACTOR_CONFIRMED = "otp_confirmed", _("Tweede stap ingesteld")
        SECOND_FACTOR_RESET = "otp_reset", _("Tweede stap teruggezet")
        SSO_LOGIN = "sso_login", _("Ingelogd via de gemeente")
        SSO_REFUSED = "sso_refused", _("Inloggen via de gemeente geweigerd")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="security_events",
        verbose_name=_("gemeente"),
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
        verbose_name=_("gebruiker"),
    )
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events_done",
        verbose_name=_("gedaan door"),
    )
    detail = models.CharField(_("uitleg"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("beveiligingsgebeurtenis")
        verbose_name_plural = _("beveiligingsgebeurtenissen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["otp_confirmed", "otp_reset", "sso_login", "sso_refused"]),
                name="security_event_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.user}"
