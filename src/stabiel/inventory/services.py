"""Every write to the provision inventory. A municipality writes only its own rows."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.policy import Permission, may
from stabiel.catalogue.models import Pillar, ProvisionType
from stabiel.plans.models import Plan
from stabiel.plans.services import PlanInputError, flag_create, measure_create

from . import exchange, rules
from .checks import offering_problems
from .hsds import importing as hsds_importing
from .models import (
    CapacityNorm,
    FrameArea,
    FrameRegion,
    ImportDraft,
    InventorySettings,
    Offering,
    Provider,
)

PROVIDER_FIELDS = (
    "name",
    "kvk_number",
    "phone",
    "email",
    "website",
    "address",
    "postcode",
    "city",
    "description",
)
OFFERING_FIELDS = (
    "name",
    "description",
    "legal_frame",
    "access_kind",
    "target_group",
    "group_welcome",
    "group_uses",
    "capacity",
    "capacity_unit",
    "used_last_year",
    "waiting_days",
    "approach",
    "own_contribution",
    "contracted",
    "pgb_possible",
    "funder",
    "decider",
    "innovative",
    "referral_contact",
    "valid_from",
    "valid_to",
    "source_id",
)


class InventoryInputError(ValueError):
    """Input that cannot be stored. ``errors``: field name (or None) -> plain Dutch message."""

    def __init__(self, errors: dict[str | None, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def _require_editor(actor) -> None:
    if not may(actor, Permission.INVENTORY_EDIT):
        raise InventoryInputError({None: _("U mag de sociale kaart niet wijzigen.")})


def _validation_errors(exc: ValidationError) -> dict[str | None, str]:
    errors: dict[str | None, str] = {}
    for field, messages in exc.message_dict.items():
        errors[None if field == "__all__" else field] = " ".join(messages)
    return errors


@transaction.atomic
def provider_save(*, actor, provider: Provider | None = None, **fields) -> Provider:
    """Create a provider for the actor's municipality, or change one of its own."""
    _require_editor(actor)
    if provider is None:
        provider = Provider(municipality=actor.municipality)
    else:
        provider = Provider.objects.select_for_update().get(
            pk=provider.pk, municipality=actor.municipality
        )
    for name in PROVIDER_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(provider, name, (value or "").strip() if isinstance(value, str) else value)
    if (
        Provider.objects.filter(municipality=actor.municipality, name__iexact=provider.name)
        .exclude(pk=provider.pk)
        .exists()
    ):
        raise InventoryInputError({"name": _("Er is al een aanbieder met deze naam.")})
    try:
        provider.full_clean(exclude=["municipality"])
    except ValidationError as exc:
        raise InventoryInputError(_validation_errors(exc)) from exc
    provider.save()
    return provider


@transaction.atomic
def offering_save(
    *,
    actor,
    provider: Provider,
    provision_type,
    shell,
    offering: Offering | None = None,
    served_municipalities=(),
    served_areas=(),
    **fields,
) -> Offering:
    """Create an offering of one of the actor's own providers, or change one of its own."""
    _require_editor(actor)
    if provider.municipality_id != actor.municipality_id:
        raise InventoryInputError({"provider": _("Deze aanbieder hoort bij een andere gemeente.")})
    served_municipalities = list(served_municipalities)
    served_areas = list(served_areas)
    problems = offering_problems(
        actor=actor,
        provision_type=provision_type,
        shell=shell,
        fields=fields,
        served_municipalities=served_municipalities,
        served_areas=served_areas,
    )
    if problems:
        raise InventoryInputError(problems)
    if offering is None:
        offering = Offering(municipality=actor.municipality)
    else:
        offering = Offering.objects.select_for_update().get(
            pk=offering.pk, municipality=actor.municipality
        )
    offering.provider = provider
    offering.provision_type = provision_type
    offering.shell = shell
    for name in OFFERING_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(offering, name, value.strip() if isinstance(value, str) else value)
    duplicate = (
        Offering.objects.filter(
            provider=provider,
            provision_type=provision_type,
            shell=shell,
            name=offering.name,
            valid_from=offering.valid_from,
        )
        .exclude(pk=offering.pk)
        .exists()
    )
    if duplicate:
        raise InventoryInputError(
            {None: _("Deze aanbieder heeft dit aanbod al, met dezelfde naam, schil en begindatum.")}
        )
    try:
        offering.full_clean(exclude=["municipality", "provider", "provision_type", "shell"])
    except ValidationError as exc:
        raise InventoryInputError(_validation_errors(exc)) from exc
    offering.save()
    offering.served_municipalities.set(served_municipalities)
    offering.served_areas.set(served_areas)
    return offering


@transaction.atomic
def offering_end(*, actor, offering: Offering, valid_to: date) -> Offering:
    """Stop an offering on a date. It stays in the history."""
    _require_editor(actor)
    offering = Offering.objects.select_for_update().get(
        pk=offering.pk, municipality=actor.municipality
    )
    problems = rules.period_problems(valid_from=offering.valid_from, valid_to=valid_to)
    if problems:
        raise InventoryInputError(problems)
    offering.valid_to = valid_to
    offering.save(update_fields=["valid_to", "updated_at"])
    return offering


@transaction.atomic
def norm_save(
    *,
    actor,
    provision_type: ProvisionType,
    capacity: int | None,
    capacity_unit: str,
    max_waiting_days: int | None,
) -> CapacityNorm | None:
    """Set (or with all fields empty, remove) the adviser's norm for one provision type."""
    _require_editor(actor)
    problems = rules.capacity_problems(capacity=capacity, capacity_unit=capacity_unit)
    if problems:
        raise InventoryInputError(problems)
    if capacity is None and max_waiting_days is None:
        CapacityNorm.objects.filter(
            municipality=actor.municipality, provision_type=provision_type
        ).delete()
        return None
    norm, _created = CapacityNorm.objects.update_or_create(
        municipality=actor.municipality,
        provision_type=provision_type,
        defaults={
            "capacity": capacity,
            "capacity_unit": capacity_unit,
            "max_waiting_days": max_waiting_days,
        },
    )
    return norm


@transaction.atomic
def settings_save(*, actor, hsds_public: bool, long_wait_days: int) -> InventorySettings:
    _require_editor(actor)
    if long_wait_days < 1 or long_wait_days > 3650:
        raise InventoryInputError(
            {"long_wait_days": _("Vul een aantal dagen in tussen 1 en 3650.")}
        )
    found, _created = InventorySettings.objects.update_or_create(
        municipality=actor.municipality,
        defaults={"hsds_public": hsds_public, "long_wait_days": long_wait_days},
    )
    return found


# Regions per legal frame ----------------------------------------------------------------------


def _frame_region_errors(*, name: str, frame: str, municipalities, exclude_pk) -> dict:
    errors: dict[str | None, str] = {}
    if not name:
        errors["name"] = _("Geef de regio een naam, bijvoorbeeld 'Jeugdregio Utrecht-Oost'.")
    elif len(name) > 160:
        errors["name"] = _("De naam is te lang (hoogstens 160 tekens).")
    if frame not in FrameArea.values:
        errors["frame"] = _("Kies een kader uit de lijst.")
        return errors
    others = FrameRegion.objects.select_for_update().filter(frame=frame).exclude(pk=exclude_pk)
    if name and others.filter(name=name).exists():
        errors["name"] = _("Er is al een regio met deze naam voor dit kader.")
    taken = [
        f"{m.name} ({region.name})"
        for region in others.prefetch_related("municipalities")
        for m in region.municipalities.all()
        if m in municipalities
    ]
    if taken:
        errors["municipalities"] = _(
            "Een gemeente hoort bij één regio per kader. Al ingedeeld: %(taken)s."
        ) % {"taken": ", ".join(sorted(taken))}
    return errors


@transaction.atomic
def frame_region_save(
    *, actor, frame_region: FrameRegion | None = None, name: str, frame: str, municipalities
) -> FrameRegion:
    """Create or change a region for one legal frame. The adviser's own municipality always
    belongs to it; a municipality belongs to at most one region per frame."""
    _require_editor(actor)
    own = actor.municipality
    if frame_region is not None:
        frame_region = FrameRegion.objects.select_for_update().get(pk=frame_region.pk)
        if not frame_region.municipalities.filter(pk=own.pk).exists():
            raise InventoryInputError(
                {None: _("U kunt alleen een regio wijzigen waar uw eigen gemeente bij hoort.")}
            )
    members = {m.pk: m for m in municipalities}
    members[own.pk] = own
    name = (name or "").strip()
    errors = _frame_region_errors(
        name=name,
        frame=frame,
        municipalities=list(members.values()),
        exclude_pk=frame_region.pk if frame_region else None,
    )
    if errors:
        raise InventoryInputError(errors)
    if frame_region is None:
        frame_region = FrameRegion(frame=frame, name=name)
    frame_region.frame, frame_region.name = frame, name
    frame_region.save()
    frame_region.municipalities.set(list(members.values()))
    return frame_region


@transaction.atomic
def frame_region_leave(*, actor, frame_region: FrameRegion) -> None:
    """Our municipality leaves the region; a region nobody is left in is removed."""
    _require_editor(actor)
    frame_region = FrameRegion.objects.select_for_update().get(pk=frame_region.pk)
    if not frame_region.municipalities.filter(pk=actor.municipality_id).exists():
        raise InventoryInputError(
            {None: _("U kunt alleen een regio verlaten waar uw eigen gemeente bij hoort.")}
        )
    frame_region.municipalities.remove(actor.municipality)
    if not frame_region.municipalities.exists():
        frame_region.delete()


# A gap into the prevention plan ---------------------------------------------------------------

# The pillar a life domain's gap most often threatens; the adviser may choose another.
PILLAR_OF_DOMAIN = {
    "wonen": "bestaanszekerheid",
    "inkomen-en-schulden": "bestaanszekerheid",
    "gezondheid": "continuiteit",
    "opvoeden-en-opgroeien": "continuiteit",
    "veiligheid": "continuiteit",
}
DEFAULT_PILLAR = "meedoen"
GAP_MEASURE_OWNER = "Nog te bepalen"
GAP_IMPACT = 3
GAP_EFFORT = 3


def gap_title(gap) -> str:
    if gap.kind == "missing-region":
        return _("Ontbreekt in de regio: %(type)s") % {"type": gap.type_name}
    if gap.kind == "missing-here":
        return _("Ontbreekt in onze gemeente: %(type)s") % {"type": gap.type_name}
    if gap.kind == "capacity":
        return _("Te weinig plek: %(type)s") % {"type": gap.type_name}
    return _("Lange wachttijd: %(offering)s") % {"offering": gap.detail["offering"]}


def gap_evidence(gap) -> str:
    if gap.kind == "missing-region":
        return _(
            "Geen enkele aanbieder in de regio biedt vandaag '%(type)s' (levensgebied "
            "%(domain)s). Deze soort staat in de checklist van VNG en Movisie (2015)."
        ) % {"type": gap.type_name, "domain": gap.life_domain}
    if gap.kind == "missing-here":
        return _(
            "In onze gemeente biedt vandaag niemand '%(type)s' (levensgebied %(domain)s); "
            "elders in de regio wel."
        ) % {"type": gap.type_name, "domain": gap.life_domain}
    if gap.kind == "capacity":
        return _(
            "Nodig volgens onze norm: %(need)s personen %(unit)s. Ons aanbod nu: %(have)s."
        ) % {
            "need": gap.detail["need"],
            "have": gap.detail["have"],
            "unit": _("tegelijk") if gap.detail["unit"] == "tegelijk" else _("per week"),
        }
    return (
        _(
            "%(offering)s van %(provider)s heeft %(days)s dagen wachttijd; wij vinden meer dan "
            "%(limit)s dagen lang."
        )
        % gap.detail
    )


def gap_to_plan(*, actor, gap, as_what: str, pillar=None):
    """Put one gap of the inventory into this year's prevention plan as a red flag or a measure.

    The plan names the gap in the title and the evidence. Returns the flag or measure.
    """
    if not may(actor, Permission.PLANS_WORK):
        raise InventoryInputError({None: _("U mag het preventieplan niet wijzigen.")})
    if gap is None:
        raise InventoryInputError({None: _("Dit tekort staat niet (meer) in het overzicht.")})
    year = timezone.localdate().year
    plan = Plan.objects.filter(municipality=actor.municipality, year=year).first()
    if plan is None:
        raise InventoryInputError(
            {
                None: _("Er is nog geen preventieplan voor %(year)s. Maak dat eerst.")
                % {"year": year}
            }
        )
    if plan.status == Plan.Status.CLOSED:
        raise InventoryInputError({None: _("Het preventieplan van dit jaar is afgesloten.")})
    if pillar is None:
        code = PILLAR_OF_DOMAIN.get(gap.life_domain_code, DEFAULT_PILLAR)
        pillar = Pillar.objects.get(municipality__isnull=True, code=code)
    title = gap_title(gap)
    evidence = gap_evidence(gap)
    source = _("Sociale kaart, tekortenoverzicht van %(date)s") % {
        "date": timezone.localdate().isoformat()
    }
    try:
        if as_what == "flag":
            return flag_create(
                actor=actor,
                plan=plan,
                colour="red",
                title=title,
                description=evidence,
                pillar=pillar,
                evidence_figures=evidence,
                evidence_source=source,
            )
        if as_what == "measure":
            return measure_create(
                actor=actor,
                plan=plan,
                title=_("Aanpakken: %(gap)s") % {"gap": title},
                description=f"{evidence}\n\n{source}.",
                owner=GAP_MEASURE_OWNER,
                impact=GAP_IMPACT,
                effort=GAP_EFFORT,
            )
    except PlanInputError as exc:
        raise InventoryInputError({None: str(exc)}) from exc
    raise InventoryInputError({"as_what": _("Kies rode vlag of maatregel.")})


# Import of a file -----------------------------------------------------------------------------


class ImportRejectedError(InventoryInputError):
    """The file cannot be imported; ``preview`` holds every rejected line (or none: the file)."""

    def __init__(self, message: str, preview=None):
        self.preview = preview
        super().__init__({None: message})


def _checked(*, actor, content: bytes, filename: str):
    """Read and check a CSV/XLSX file in the exchange layout, or an HSDS feed (JSON)."""
    try:
        if hsds_importing.looks_like_json(content):
            if len(content) > exchange.MAX_BYTES:
                raise exchange.ExchangeFileError(_("Het bestand is groter dan 5 MB."))
            items = hsds_importing.read_feed(content)
        else:
            table = exchange.read_table(content, filename)
    except exchange.ExchangeFileError as exc:
        raise ImportRejectedError(str(exc)) from exc
    if hsds_importing.looks_like_json(content):
        preview = hsds_importing.check_feed(actor=actor, items=items)
    else:
        preview = exchange.check(actor=actor, table=table)
    if not preview.ok:
        raise ImportRejectedError(
            _("Er is niets ingelezen: %(n)s regel(s) kloppen niet.") % {"n": len(preview.errors)},
            preview,
        )
    return preview


@transaction.atomic
def import_preview(*, actor, content: bytes, filename: str):
    """Check a file and keep it for the 'import now' step. Returns (draft, preview)."""
    _require_editor(actor)
    preview = _checked(actor=actor, content=content, filename=filename)
    ImportDraft.objects.filter(
        created_by_id=actor.pk, created_at__lt=timezone.now() - timedelta(days=1)
    ).delete()
    draft = ImportDraft.objects.create(
        municipality=actor.municipality,
        created_by_id=actor.pk,
        filename=(filename or "")[:200],
        content=content,
    )
    return draft, preview


@transaction.atomic
def import_commit(*, actor, draft_id: int):
    """Import a previewed file: all rows or none. Checked again, since the data may have moved."""
    _require_editor(actor)
    draft = (
        ImportDraft.objects.select_for_update()
        .filter(pk=draft_id, municipality=actor.municipality, created_by_id=actor.pk)
        .first()
    )
    if draft is None:
        raise ImportRejectedError(
            _("Dit bestand is al ingelezen of bestaat niet meer. Kies het opnieuw.")
        )
    preview = _checked(actor=actor, content=bytes(draft.content), filename=draft.filename)
    import_apply(actor=actor, preview=preview)
    draft.delete()
    return preview


def import_apply(*, actor, preview) -> None:
    """Trusted write of checked rows (call only with a preview from exchange.check)."""
    providers: dict[str, Provider] = {
        p.name.lower(): p for p in Provider.objects.filter(municipality=actor.municipality)
    }
    done: set[str] = set()
    for row in preview.rows:
        key = row.provider["name"].lower()
        if key not in done:
            done.add(key)
            known = providers.get(key)
            # A row that changes nothing is not written: importing an export back leaves every
            # row as it was, its change time included.
            if known is None or not exchange.provider_unchanged(known, row):
                providers[key] = provider_save(actor=actor, provider=known, **row.provider)
        provider = providers[key]
        existing = exchange.offering_match(actor=actor, provider=provider, row=row)
        if existing is not None and exchange.offering_unchanged(existing, row):
            continue
        offering_save(
            actor=actor,
            provider=provider,
            offering=existing,
            provision_type=row.provision_type,
            shell=row.shell,
            served_municipalities=row.served_municipalities,
            served_areas=row.served_areas,
            **row.offering,
        )
