"""Households and persons: who lives where in the municipality.

Personal data lives here. Direct identifiers (BSN, name, birth date, address) sit only in
PersonIdentity and HouseholdAddress; everything else refers to pseudonymous Person and Household
rows. Read them only through stabiel.residents.access, which checks the team and writes the access
log. The tables keep the names they had when these models lived in stabiel.signals.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel, TimeStampedModel


class Household(TenantModel):
    """The people living at one address. Its pseudonym is the keyed hash of that address.

    A person registered at a postal address (briefadres) or without a fixed address is a household
    of their own: their pseudonym is keyed on the person, so people who only share a postal address
    are never one household (and no rule counts them together).
    """

    class AddressKind(models.TextChoices):
        HOME = "home", _("woonadres")
        POSTAL = "postal", _("briefadres")
        NONE = "none", _("zonder vast adres")

    pseudonym = models.CharField(max_length=64)
    address_kind = models.CharField(
        _("soort adres"), max_length=8, choices=AddressKind.choices, default=AddressKind.HOME
    )
    label = models.CharField(_("kenmerk"), max_length=16)
    area = models.ForeignKey(
        "accounts.Area", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("buurt")
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    merged_on = models.DateField(null=True, blank=True)

    class Meta:
        db_table = "stabiel_signals_household"
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "pseudonym"], name="household_pseudonym_unique"
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(merged_on__isnull=False),
                name="household_merge_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class HouseholdAddress(TimeStampedModel):
    """Direct identifier of a household. Access-logged; never joined into lists."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="address")
    street = models.CharField(_("straat"), max_length=120)
    house_number = models.CharField(_("huisnummer"), max_length=16)
    house_letter = models.CharField(_("huisletter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6)
    city = models.CharField(_("plaats"), max_length=80)

    class Meta:
        db_table = "stabiel_signals_householdaddress"
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}, {self.postcode} {self.city}"


class Person(TenantModel):
    pseudonym = models.CharField(max_length=64)
    label = models.CharField(_("kenmerk"), max_length=16)
    # Month of birth only, for the transition-to-18 rule; the full date is in PersonIdentity.
    birth_month = models.DateField(_("geboortemaand"), null=True, blank=True)

    class Meta:
        db_table = "stabiel_signals_person"
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "pseudonym"], name="person_pseudonym_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class PersonIdentity(TimeStampedModel):
    """Direct identifiers of a person. Access-logged; never joined into lists."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="identity")
    bsn = models.CharField(_("BSN"), max_length=9)
    given_names = models.CharField(_("voornamen"), max_length=120)
    surname_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=120)
    birth_date = models.DateField(_("geboortedatum"))
    died_on = models.DateField(_("overleden op"), null=True, blank=True)
    # False for a resident an access worker added (no fixed address, not in the register yet).
    in_register = models.BooleanField(_("in de basisregistratie"), default=True)
    # Digests of the register row that last changed this person, as delivered and as read: the
    # next extract skips an identical row without checking it again (a repeat feed reads a
    # hundred thousand rows of which one in a hundred changed). Empty when not from a feed.
    register_row = models.CharField(max_length=32, blank=True, default="", editable=False)
    register_content = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        db_table = "stabiel_signals_personidentity"
        verbose_name = _("identiteit")
        verbose_name_plural = _("identiteiten")
        # The feed looks up the digests of a slice of rows at a time.
        indexes = [models.Index(fields=["register_row"], name="identity_register_row")]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


class Membership(TimeStampedModel):
    """A person living in a household from start to end: moves and departures keep their history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    start_on = models.DateField(_("sinds"))
    end_on = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        db_table = "stabiel_signals_membership"
        verbose_name = _("bewoner")
        verbose_name_plural = _("bewoners")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_on__isnull=True), name="membership_one_current"
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="membership_dates",
            ),
        ]
        indexes = [models.Index(fields=["household", "end_on"], name="membership_household")]


class RegisterFeed(TenantModel):
    """One register extract as delivered: kept until applied, then its summary stays as history."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("wordt bekeken")
        PREVIEW = "preview", _("klaar om te bevestigen")
        QUEUED = "queued", _("wordt verwerkt")
        APPLIED = "applied", _("verwerkt")
        REJECTED = "rejected", _("afgekeurd")
        DISCARDED = "discarded", _("niet verwerkt")
        FAILED = "failed", _("mislukt")

    # The page refreshes itself while the feed is in one of these.
    WORKING = frozenset({Status.RECEIVED, Status.QUEUED})

    name = models.CharField(_("bestand"), max_length=200)
    digest = models.CharField(max_length=64)
    # The file itself is kept in RegisterFeedChunk rows (read a megabyte at a time) until applied.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    summary = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("levering basisregistratie")
        verbose_name_plural = _("leveringen basisregistratie")
        indexes = [models.Index(fields=["municipality", "status"], name="registerfeed_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_working(self) -> bool:
        return self.status in self.WORKING


class RegisterChange(TenantModel):
    """What one feed changed for one person: appended, never edited or deleted by a feed."""

    class Kind(models.TextChoices):
        ARRIVAL = "arrival", _("nieuw in de gemeente")
        MOVE = "move", _("verhuisd binnen de gemeente")
        DEPARTURE = "departure", _("vertrokken uit de gemeente")
        DEATH = "death", _("overleden")
        NAME = "name", _("naam gewijzigd")
        LINKED = "linked", _("gekoppeld aan de basisregistratie")

    feed = models.ForeignKey(RegisterFeed, on_delete=models.PROTECT, related_name="changes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="register_changes")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="register_changes"
    )
    from_household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    on = models.DateField(_("datum"))
    before = models.CharField(max_length=300, blank=True)
    after = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("wijziging uit de basisregistratie")
        verbose_name_plural = _("wijzigingen uit de basisregistratie")
        indexes = [
            models.Index(fields=["municipality", "feed"], name="registerchange_feed"),
            models.Index(fields=["from_household", "kind"], name="registerchange_from"),
        ]


class GroupingCorrection(TenantModel):
    """A worker's correction: at this address this person belongs to that household. The feed
    follows it for as long as the person stays at that address."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    address_pseudonym = models.CharField(max_length=64)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    made_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("correctie van een huishouden")
        verbose_name_plural = _("correcties van huishoudens")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "address_pseudonym"], name="grouping_correction_unique"
            )
        ]


class PersonContact(TimeStampedModel):
    """Phone and e-mail a resident gave a worker. Kept apart from the register's identity: the
    feed never writes here, so a new extract never overwrites what the resident told us."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="contact")
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), max_length=254, blank=True)
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("contactgegevens")
        verbose_name_plural = _("contactgegevens")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="person_contact_not_empty"
            )
        ]


class RegisterFeedProgress(models.Model):
    """How far the background work on a feed is: rows read of the rows in the file, for the
    status page. The work itself runs inside one transaction (all or nothing), so on PostgreSQL
    this row is written through a connection of its own and committed at once. It refers to the
    feed by number, without a foreign key, so that write never waits for the lock the work holds
    on the feed. Not personal data: counts only."""

    class Stage(models.TextChoices):
        PREVIEW = "preview", _("bekijken")
        APPLY = "apply", _("verwerken")

    feed_id = models.BigIntegerField(unique=True)
    stage = models.CharField(max_length=8, choices=Stage.choices)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("voortgang van een levering")
        verbose_name_plural = _("voortgang van leveringen")

    def __str__(self) -> str:
        return f"{self.feed_id}: {self.rows_done}"


class RegisterFeedChunk(models.Model):
    """A piece of a delivered extract, in order: the file is stored and read a megabyte at a
    time, so a large extract is never held in memory as a whole. Dropped once the feed is
    applied, rejected or discarded."""

    feed = models.ForeignKey(RegisterFeed, on_delete=models.CASCADE, related_name="chunks")
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        verbose_name = _("deel van een levering")
        verbose_name_plural = _("delen van leveringen")
        constraints = [
            models.UniqueConstraint(fields=["feed", "seq"], name="registerfeedchunk_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.feed_id}/{self.seq}"


class RegisterFeedRow(models.Model):
    """The preview's work on one row of an extract, kept for applying it: the person (by
    pseudonym, no BSN), the digests of the row as delivered and as read, and whether applying
    must look at it again. Only the first row of each person is kept (a second one is the same
    or rejected). Applying an extract whose preview still holds needs only the rows marked
    APPLY. Dropped once the feed is applied, rejected or discarded."""

    class State(models.TextChoices):
        UNCHANGED = "u", _("ongewijzigd")
        APPLY = "a", _("verwerken")

    feed = models.ForeignKey(RegisterFeed, on_delete=models.CASCADE, related_name="+")
    line = models.PositiveIntegerField()
    person = models.CharField(max_length=64)
    row = models.CharField(max_length=32)
    content = models.CharField(max_length=32)
    # The household key (address pseudonym) of a row to apply, to count new households.
    address = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=1, choices=State.choices)

    class Meta:
        verbose_name = _("regel van een levering")
        verbose_name_plural = _("regels van leveringen")
        constraints = [
            models.UniqueConstraint(fields=["feed", "line"], name="registerfeedrow_line_unique"),
            models.UniqueConstraint(
                fields=["feed", "person"], name="registerfeedrow_person_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feed_id}:{self.line}"
