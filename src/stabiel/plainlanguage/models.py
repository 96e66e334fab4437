"""A municipality's own official words with a plain alternative, added to Stabiel's list.

The policy side of plain language: this app never sees a resident (DOMAIN.md part 8).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel


class JargonPair(TenantModel):
    term = models.CharField(_("ambtelijk woord"), max_length=80)
    plain = models.CharField(_("gewoner woord"), max_length=200)

    class Meta:
        verbose_name = _("eigen woord")
        verbose_name_plural = _("eigen woorden")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "term"], name="jargonpair_unique_term"),
            models.CheckConstraint(condition=~Q(term=""), name="jargonpair_has_term"),
            models.CheckConstraint(condition=~Q(plain=""), name="jargonpair_has_plain"),
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.plain}"
