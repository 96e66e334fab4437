"""Writes: a functional administrator keeps the municipality's own word pairs and the outreach
letter templates."""

from django.db import transaction
from django.utils.translation import gettext as _

from stabiel.accounts.policy import Permission, require

from . import outreach
from .checker import LetterInputError, validate_text
from .checker.jargon import normalise
from .models import JargonPair, LetterTemplate, LetterTemplateVersion
from .queries import extra_jargon_for


class PlainLanguageInputError(ValueError):
    """Input that cannot be stored; the message is plain Dutch."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _clean(term: str, plain: str) -> tuple[str, str]:
    term = normalise(term or "")
    plain = " ".join((plain or "").split())
    if not term:
        raise PlainLanguageInputError(_("Vul het ambtelijke woord in."), field="term")
    if not plain:
        raise PlainLanguageInputError(_("Vul een gewoner woord in."), field="plain")
    if len(term) > 80 or len(plain) > 200:
        raise PlainLanguageInputError(_("Dit is te lang voor één woord of zinsdeel."), field="term")
    if term == normalise(plain):
        raise PlainLanguageInputError(
            _("Het gewone woord moet anders zijn dan het ambtelijke woord."), field="plain"
        )
    return term, plain


@transaction.atomic
def pair_create(*, actor, term: str, plain: str) -> JargonPair:
    require(actor, Permission.MUNICIPAL_SETTINGS)
    term, plain = _clean(term, plain)
    if JargonPair.objects.filter(municipality=actor.municipality, term=term).exists():
        raise PlainLanguageInputError(
            _("Dit woord staat al in de lijst van uw gemeente. Pas het daar aan."), field="term"
        )
    return JargonPair.objects.create(municipality=actor.municipality, term=term, plain=plain)


@transaction.atomic
def pair_update(*, actor, pair: JargonPair, term: str, plain: str) -> JargonPair:
    require(actor, Permission.MUNICIPAL_SETTINGS)
    pair = JargonPair.objects.select_for_update().get(pk=pair.pk, municipality=actor.municipality)
    term, plain = _clean(term, plain)
    clash = JargonPair.objects.filter(municipality=actor.municipality, term=term).exclude(
        pk=pair.pk
    )
    if clash.exists():
        raise PlainLanguageInputError(
            _("Dit woord staat al in de lijst van uw gemeente. Pas het daar aan."), field="term"
        )
    pair.term, pair.plain = term, plain
    pair.save(update_fields=["term", "plain", "updated_at"])
    return pair


@transaction.atomic
def pair_delete(*, actor, pair: JargonPair) -> None:
    require(actor, Permission.MUNICIPAL_SETTINGS)
    JargonPair.objects.filter(pk=pair.pk, municipality=actor.municipality).delete()


# Outreach letter templates ---------------------------------------------------------------------


def _checked(
    *, actor, core_text: str, back_text: str, purpose: str
) -> tuple[str, str, outreach.TemplateCheck]:
    try:
        core, back = outreach.validate(core_text, back_text)
        outreach.purpose_check(core, back, purpose)
        validate_text(outreach.whole_letter(core, back, outreach.SAMPLE_VALUES))
    except outreach.TemplateTextError as exc:
        raise PlainLanguageInputError(str(exc), field=exc.field) from exc
    except LetterInputError as exc:
        raise PlainLanguageInputError(str(exc), field="core_text") from exc
    checked = outreach.check_template(core, back, extra_jargon=extra_jargon_for(actor))
    return core, back, checked


class TemplateNotB1Error(PlainLanguageInputError):
    """The text does not pass the check; carries the check so the page can show the marks."""

    def __init__(self, message: str, *, check: outreach.TemplateCheck):
        super().__init__(message, field=None)
        self.check = check


def _refuse_if_not_passing(checked: outreach.TemplateCheck) -> None:
    if not checked.passes:
        raise TemplateNotB1Error(
            _("Deze tekst haalt de brieftoets niet, dus het sjabloon kan niet actief worden. ")
            + " ".join(checked.refusals),
            check=checked,
        )


def _version_add(
    *, actor, template: LetterTemplate, core, back, note, checked
) -> LetterTemplateVersion:
    last = template.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return LetterTemplateVersion.objects.create(
        municipality=template.municipality,
        template=template,
        number=last + 1,
        core_text=core,
        back_text=back,
        note=" ".join((note or "").split())[:300],
        verdict=checked.result.verdict,
        calls_named=checked.calls_named,
        created_by=actor,
    )


@transaction.atomic
def template_create(
    *,
    actor,
    name: str,
    purpose: str,
    core_text: str,
    back_text: str = "",
    note: str = "",
    activate: bool = False,
) -> LetterTemplate:
    """A new template with its first version; active only when that version passes the check."""
    require(actor, Permission.MUNICIPAL_SETTINGS)
    name = " ".join((name or "").split())
    if not name:
        raise PlainLanguageInputError(_("Geef het sjabloon een naam."), field="name")
    if len(name) > 120:
        raise PlainLanguageInputError(_("Deze naam is te lang."), field="name")
    if purpose not in LetterTemplate.Purpose.values:
        raise PlainLanguageInputError(_("Kies waarvoor de brief is."), field="purpose")
    if LetterTemplate.objects.filter(municipality=actor.municipality, name__iexact=name).exists():
        raise PlainLanguageInputError(
            _("Er is al een sjabloon met deze naam. Kies een andere naam."), field="name"
        )
    core, back, checked = _checked(
        actor=actor, core_text=core_text, back_text=back_text, purpose=purpose
    )
    if activate:
        _refuse_if_not_passing(checked)
    template = LetterTemplate.objects.create(
        municipality=actor.municipality, name=name, purpose=purpose
    )
    version = _version_add(
        actor=actor, template=template, core=core, back=back, note=note, checked=checked
    )
    if activate:
        template.active_version = version
        template.save(update_fields=["active_version", "updated_at"])
    return template


@transaction.atomic
def template_version_save(
    *,
    actor,
    template: LetterTemplate,
    core_text: str,
    back_text: str = "",
    note: str = "",
    activate: bool = False,
) -> LetterTemplateVersion:
    """A new version (the old ones stay as history). Without `activate` the active one stays."""
    require(actor, Permission.MUNICIPAL_SETTINGS)
    template = LetterTemplate.objects.select_for_update().get(
        pk=template.pk, municipality=actor.municipality
    )
    core, back, checked = _checked(
        actor=actor, core_text=core_text, back_text=back_text, purpose=template.purpose
    )
    if activate:
        _refuse_if_not_passing(checked)
    version = _version_add(
        actor=actor, template=template, core=core, back=back, note=note, checked=checked
    )
    if activate:
        template.active_version = version
        template.save(update_fields=["active_version", "updated_at"])
    return version


@transaction.atomic
def template_activate(*, actor, template: LetterTemplate, version_id: int) -> LetterTemplate:
    """Make an earlier or the latest version active, after checking it again today."""
    require(actor, Permission.MUNICIPAL_SETTINGS)
    template = LetterTemplate.objects.select_for_update().get(
        pk=template.pk, municipality=actor.municipality
    )
    version = template.versions.filter(pk=version_id).first()
    if version is None:
        raise PlainLanguageInputError(_("Deze versie hoort niet bij dit sjabloon."))
    # The list of official words may have grown since the version was written: check again.
    checked = _checked(
        actor=actor,
        core_text=version.core_text,
        back_text=version.back_text,
        purpose=template.purpose,
    )[2]
    _refuse_if_not_passing(checked)
    template.active_version = version
    template.save(update_fields=["active_version", "updated_at"])
    return template


@transaction.atomic
def template_deactivate(*, actor, template: LetterTemplate) -> LetterTemplate:
    require(actor, Permission.MUNICIPAL_SETTINGS)
    template = LetterTemplate.objects.select_for_update().get(
        pk=template.pk, municipality=actor.municipality
    )
    template.active_version = None
    template.save(update_fields=["active_version", "updated_at"])
    return template
