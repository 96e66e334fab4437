"""What the functional administrator sets up by hand: a decision without a file, and how each
partner's file names our columns. Every write checks first, then stores in one transaction."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stabiel.accounts.models import PartnerOrganisation
from stabiel.accounts.policy import Permission, may
from stabiel.accounts.roles import Role
from stabiel.catalogue.models import ProvisionType
from stabiel.catalogue.queries import items_for

from .importing.specs import SPECS
from .models import ColumnMapping, Decision, ImportBatch, PartnerApiClient
from .services import SignalInputError, api_client_create, decision_record, locate

HEADER_MAX_LENGTH = 100

# Our field names (the keys of SPECS[kind][0].columns) as the administrator reads them.
FIELD_LABELS = {
    "signaalsoort": gettext_lazy("Soort signaal"),
    "bsn": gettext_lazy("BSN"),
    "postcode": gettext_lazy("Postcode"),
    "huisnummer": gettext_lazy("Huisnummer"),
    "datum": gettext_lazy("Datum"),
    "kenmerk": gettext_lazy("Kenmerk"),
    "toelichting": gettext_lazy("Uitleg"),
    "wet": gettext_lazy("Wet"),
    "product": gettext_lazy("Product"),
    "hulpvraag": gettext_lazy("Hulpvraag"),
    "begindatum": gettext_lazy("Begindatum"),
    "einddatum": gettext_lazy("Einddatum"),
}


def field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field))


def is_functional_admin(user) -> bool:
    """Imports are shared with partner reporters; these screens are the administrator's alone."""
    return may(user, Permission.IMPORTS_MANAGE) and user.has_role(Role.FUNCTIONAL_ADMIN)


def _require_admin(actor) -> None:
    if not is_functional_admin(actor):
        raise PermissionError("only the functional administrator")


# Decisions entered by hand ---------------------------------------------------------------


@dataclass(frozen=True)
class DecisionReceipt:
    decision: Decision
    created: bool


@transaction.atomic
def decision_enter(
    *,
    actor,
    bsn: str,
    law: str,
    product: str,
    need: str,
    start_on: date,
    end_on: date | None,
    reference: str,
    provision_type: ProvisionType | None = None,
    today: date | None = None,
) -> DecisionReceipt:
    """The administrator records one decision (or decision-free support) for a resident.

    Checks what a decisions file row is checked for, so a decision entered by hand and the same
    decision arriving later in a file have the same content (and the file adds nothing twice).
    """
    _require_admin(actor)
    municipality = actor.municipality
    today = today or timezone.localdate()
    reference, product, need = reference.strip(), product.strip(), need.strip()
    for field, value, label, limit in (
        ("product", product, _("het product"), 120),
        ("need", need, _("de hulpvraag"), 120),
        ("reference", reference, _("het kenmerk"), 64),
    ):
        if not value:
            raise SignalInputError(_("Vul %(label)s in.") % {"label": label}, field=field)
        if len(value) > limit:
            raise SignalInputError(
                _("Dit is te lang (hoogstens %(limit)s tekens).") % {"limit": limit}, field=field
            )
    if start_on > today:
        raise SignalInputError(_("De begindatum ligt in de toekomst."), field="start_on")
    if start_on.year < 1900:
        raise SignalInputError(_("De begindatum is te lang geleden."), field="start_on")
    if provision_type is not None and not (
        items_for(municipality=municipality, model=ProvisionType)
        .filter(pk=provision_type.pk)
        .exists()
    ):
        raise SignalInputError(
            _("Kies een soort voorziening uit de catalogus van uw gemeente."),
            field="provision_type",
        )
    household, person = locate(municipality=municipality, bsn=bsn)
    existed = Decision.objects.filter(municipality=municipality, reference=reference).exists()
    decision = decision_record(
        municipality=municipality,
        household=household,
        person=person,
        law=law,
        product=product,
        need=need,
        start_on=start_on,
        end_on=end_on,
        reference=reference,
        provision_type=provision_type,
    )
    return DecisionReceipt(decision, created=not existed)


# Column mappings per partner --------------------------------------------------------------


def mapping_problems(*, defaults: dict[str, str], columns: dict[str, str]) -> dict[str, str]:
    """Field -> message for a mapping that cannot work. Pure: no database.

    A file is read by comparing headers without case or surrounding spaces, so two fields whose
    headers are equal that way would read the same column. An empty entry means the default header.
    """
    problems: dict[str, str] = {}
    unknown = set(columns) - set(defaults)
    for field in sorted(unknown):
        problems[field] = _("Dit veld bestaat niet in dit soort bestand.")
    used_by: dict[str, str] = {}
    for field, default in defaults.items():
        own = (columns.get(field) or "").strip()
        if len(own) > HEADER_MAX_LENGTH:
            problems[field] = _("Deze kolomkop is te lang (hoogstens %(limit)s tekens).") % {
                "limit": HEADER_MAX_LENGTH
            }
            continue
        header = (own or default).strip().lower()
        other = used_by.get(header)
        if other is None:
            used_by[header] = field
            continue
        message = _(
            "De kolom '%(header)s' is ook gekozen voor %(other)s. "
            "Elk veld heeft een eigen kolom nodig."
        )
        # The error goes where the administrator typed; a default header was not typed.
        for this, that in ((field, other), (other, field)):
            if (columns.get(this) or "").strip() and this not in problems:
                problems[this] = message % {
                    "header": (columns.get(this) or "").strip(),
                    "other": field_label(that),
                }
    return problems


def partners_for(*, actor) -> QuerySet[PartnerOrganisation]:
    _require_admin(actor)
    return PartnerOrganisation.objects.filter(municipality=actor.municipality).order_by("name")


def partner_get(*, actor, pk: int) -> PartnerOrganisation:
    """A partner of the actor's municipality; the same 404 for "does not exist" and "not yours"."""
    return get_object_or_404(partners_for(actor=actor), pk=pk)


def mapping_overview(*, actor) -> list[dict]:
    """Per partner, per kind of file: the headers that differ from the defaults."""
    partners = list(partners_for(actor=actor))
    found = {
        (m.partner_id, m.kind): m.columns
        for m in ColumnMapping.objects.filter(
            municipality=actor.municipality, partner__in=partners
        ).only("partner_id", "kind", "columns")
    }
    return [
        {
            "partner": partner,
            "kinds": [
                {
                    "kind": kind,
                    "label": label,
                    "columns": [
                        (field_label(field), header)
                        for field, header in (found.get((partner.pk, kind)) or {}).items()
                        if header
                    ],
                }
                for kind, label in ImportBatch.Kind.choices
                if kind in SPECS
            ],
        }
        for partner in partners
    ]


def mapping_get(*, partner: PartnerOrganisation, kind: str) -> dict[str, str]:
    found = ColumnMapping.objects.filter(partner=partner, kind=kind).first()
    return dict(found.columns) if found else {}


@transaction.atomic
def column_mapping_save(
    *, actor, partner: PartnerOrganisation, kind: str, columns: dict[str, str]
) -> ColumnMapping:
    """Store how this partner's file names our fields; empty entries mean the default header."""
    _require_admin(actor)
    if partner.municipality_id != actor.municipality_id:
        raise PermissionError("partner of another municipality")
    if kind not in SPECS:
        raise SignalInputError(_("Onbekend soort bestand."), field="kind")
    spec = SPECS[kind][0]
    problems = mapping_problems(defaults=spec.columns, columns=columns)
    if problems:
        field, message = next(iter(problems.items()))
        raise SignalInputError(message, field=field)
    cleaned = {
        field: columns[field].strip()
        for field in spec.columns
        if (columns.get(field) or "").strip()
    }
    mapping, _created = ColumnMapping.objects.update_or_create(
        partner=partner,
        kind=kind,
        defaults={"municipality_id": partner.municipality_id, "columns": cleaned},
    )
    return mapping


# API keys per partner organisation ---------------------------------------------------------

KEY_NAME_MAX = 120
KEY_OVERLAP_MAX_DAYS = 90


def partner_key_list(*, actor) -> QuerySet[PartnerApiClient]:
    """Every key of the municipality, newest first per partner; never the key itself."""
    _require_admin(actor)
    return (
        PartnerApiClient.objects.filter(municipality=actor.municipality)
        .select_related("partner", "created_by")
        .order_by("partner__name", "-created_at", "-id")
    )


def _check_key_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise SignalInputError(
            _("Geef de sleutel een naam, bijvoorbeeld het systeem dat hem gebruikt."), field="name"
        )
    if len(name) > KEY_NAME_MAX:
        raise SignalInputError(
            _("Dit is te lang (hoogstens %(limit)s tekens).") % {"limit": KEY_NAME_MAX},
            field="name",
        )
    return name


def _check_end_date(expires_on: date | None, today: date) -> None:
    if expires_on is not None and expires_on < today:
        raise SignalInputError(_("De einddatum ligt in het verleden."), field="expires_on")


@transaction.atomic
def partner_key_create(
    *,
    actor,
    partner_id: int,
    name: str,
    expires_on: date | None = None,
    today: date | None = None,
) -> tuple[PartnerApiClient, str]:
    """A new key for a partner organisation of the administrator's municipality. Returns the key
    itself once; only its hash is stored."""
    _require_admin(actor)
    today = today or timezone.localdate()
    partner = PartnerOrganisation.objects.filter(
        pk=partner_id, municipality=actor.municipality
    ).first()
    if partner is None:
        raise SignalInputError(_("Kies een partner van uw gemeente."), field="partner")
    name = _check_key_name(name)
    _check_end_date(expires_on, today)
    return api_client_create(partner=partner, name=name, expires_on=expires_on, created_by=actor)


def _lock_key(actor, key_id: int) -> PartnerApiClient:
    key = (
        PartnerApiClient.objects.select_for_update()
        .filter(pk=key_id, municipality=actor.municipality)
        .select_related("partner")
        .first()
    )
    if key is None:
        raise SignalInputError(_("Deze sleutel bestaat niet."))
    if key.revoked_at is not None or not key.active:
        raise SignalInputError(_("Deze sleutel is al ingetrokken."))
    return key


@transaction.atomic
def partner_key_revoke(*, actor, key_id: int) -> PartnerApiClient:
    """The key stops working at once."""
    _require_admin(actor)
    key = _lock_key(actor, key_id)
    key.active = False
    key.revoked_at = timezone.now()
    key.save(update_fields=["active", "revoked_at", "updated_at"])
    return key


@transaction.atomic
def partner_key_rotate(
    *, actor, key_id: int, overlap_days: int, today: date | None = None
) -> tuple[PartnerApiClient, str]:
    """A new key for the same partner and name; the old one keeps working for the overlap
    (0 to 90 days) so the partner can switch without a gap, then ends by itself."""
    _require_admin(actor)
    today = today or timezone.localdate()
    if overlap_days is None or not 0 <= overlap_days <= KEY_OVERLAP_MAX_DAYS:
        raise SignalInputError(
            _("Kies een overlap van 0 tot en met %(max)d dagen.") % {"max": KEY_OVERLAP_MAX_DAYS},
            field="overlap_days",
        )
    old = _lock_key(actor, key_id)
    if old.expires_on is not None and old.expires_on < today:
        raise SignalInputError(_("Deze sleutel is al verlopen. Maak een nieuwe sleutel."))
    if old.replaced_by_id is not None:
        raise SignalInputError(
            _(
                "Deze sleutel is al vervangen. Hij werkt nog tot de overlap voorbij is. "
                "Wilt u nog een sleutel? Vervang dan de nieuwe sleutel."
            )
        )
    new, token = api_client_create(
        partner=old.partner, name=old.name, expires_on=old.expires_on, created_by=actor
    )
    old_end = today + timedelta(days=overlap_days)
    if old.expires_on is None or old.expires_on > old_end:
        old.expires_on = old_end
    if overlap_days == 0:
        old.active, old.revoked_at = False, timezone.now()
    old.replaced_by = new
    old.save(update_fields=["expires_on", "active", "revoked_at", "replaced_by", "updated_at"])
    return new, token
