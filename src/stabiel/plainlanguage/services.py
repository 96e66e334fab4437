"""Writes: a functional administrator keeps the municipality's own word pairs."""

from django.db import transaction
from django.utils.translation import gettext as _

from stabiel.accounts.policy import Permission, require

from .checker.jargon import normalise
from .models import JargonPair


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
