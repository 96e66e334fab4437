"""What to try next to reach a resident. Pure: a readable ladder, no scores, a person decides.

Based on the outreach order the DDAS model's contact kinds describe (a letter or message first,
then the phone, then at the door, a card when nobody opens) and on the inviting-government
action of "Stop het stapelen": keep trying in other ways and at other times of day.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .ddas import ContactKind

UNREACHED_BEFORE_CLOSING = 4  # attempts without contact, a home visit among them


@dataclass(frozen=True)
class Attempt:
    kind: str
    reached: bool
    part_of_day: str


def next_step(attempts: list[Attempt], *, closed: bool):
    """One sentence for the worker."""
    if closed:
        return None
    if not attempts:
        return _("Stuur een brief of bericht en bel daarna. Kies een dagdeel dat past.")
    if any(a.reached for a in attempts):
        return _("Er is contact geweest. Leg vast wat er is afgesproken en kies het eindresultaat.")
    kinds = {a.kind for a in attempts}
    last = attempts[-1]
    tried_parts = {a.part_of_day for a in attempts if a.kind == ContactKind.PHONE}
    if ContactKind.PHONE not in kinds:
        return _("Bel de inwoner. Lukt dat niet, probeer dan een ander dagdeel.")
    if ContactKind.VISIT not in kinds and len(tried_parts) < 2:
        return _("Bel nog een keer, op een ander dagdeel dan de vorige keer.")
    if ContactKind.VISIT not in kinds:
        return _("Ga langs voor een huisbezoek.")
    if last.kind == ContactKind.VISIT and ContactKind.CARD not in kinds:
        return _("Niemand thuis? Laat een kaartje achter met uw telefoonnummer.")
    if len(attempts) >= UNREACHED_BEFORE_CLOSING:
        return _(
            "Veel pogingen zonder contact. Overleg met een collega: nog een huisbezoek op een "
            "ander dagdeel, of afsluiten met 'definitief geen contact kunnen krijgen'."
        )
    return _("Probeer een huisbezoek op een ander dagdeel.")
