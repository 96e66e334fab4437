"""The ten national reference figures of *Stop het stapelen* (VNG, 2022), chapter "Om welke
inwoners gaat het?", section "In welke situaties zijn mensen kwetsbaar voor een stapeling van
problemen?". The publication gives one figure per situation and names no source or year per
figure, so none is added here: the publication itself is the source.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PUBLICATION = _("VNG, Stop het stapelen — preventieplan zorg + veiligheid (2022)")
CHAPTER = _(
    "hoofdstuk 'Om welke inwoners gaat het?', deel 'In welke situaties zijn mensen kwetsbaar "
    "voor een stapeling van problemen?'"
)


@dataclass(frozen=True)
class NationalFigure:
    number: int
    situation: str | Promise
    figure: str | Promise


NATIONAL_FIGURES: tuple[NationalFigure, ...] = (
    NationalFigure(1, _("Ernstige psychische aandoening (EPA)"), _("215.000 mensen")),
    NationalFigure(2, _("Psychisch kwetsbaar"), _("4 op de 10 mensen")),
    NationalFigure(3, _("(Heel) veel stress"), _("17,7% van de mensen boven de 18 jaar")),
    NationalFigure(4, _("Terug uit detentie"), _("30.000 mensen per jaar")),
    NationalFigure(5, _("Verslaving"), _("ongeveer 2 miljoen mensen")),
    NationalFigure(
        6,
        _("Problematische schulden"),
        _("650.000 huishoudens, ongeveer 1 miljoen mensen"),
    ),
    NationalFigure(7, _("Laaggeletterdheid"), _("2,5 miljoen mensen")),
    NationalFigure(
        8,
        _("Licht verstandelijke beperking (LVB)"),
        _(
            "1,1 miljoen mensen met een IQ van 50 tot 70, of van 70 tot 85 met problemen op ten "
            "minste twee levensgebieden; daarnaast ongeveer 1,2 miljoen mensen met zo'n IQ die "
            "zich wel redden (samen 2,3 miljoen)"
        ),
    ),
    NationalFigure(
        9,
        _("Jongeren van 16 tot 27 jaar met jeugdhulp, jeugdzorg of jeugdreclassering"),
        _("bijna 12,5% van de jongeren"),
    ),
    NationalFigure(10, _("Langdurig in de bijstand"), _("300.000 mensen")),
)

BY_NUMBER = {f.number: f for f in NATIONAL_FIGURES}
