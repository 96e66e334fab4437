"""What a creditor (signal partner) may hear about its signal. Pure: no database.

The DDAS model says which results go back to the partner: the reasons a signal was not picked
up that concern the partner (a repeat, an unfounded signal, deceased, no longer a resident),
and otherwise only "picked up" or "not picked up". Never the reason for "other reason", and
never what the resident and the worker agreed.
"""

from django.utils.translation import gettext_lazy as _

from .ddas import Outcome, SignalStatus

RECEIVED = _("Ontvangen, nog niet opgepakt")
PICKED_UP = _("Opgepakt door de gemeente")
NOT_PICKED_UP = _("Niet opgepakt")

# Results the partner may hear word for word.
TOLD_AS_IS = {
    SignalStatus.REPEAT: _("Niet opgepakt: herhaalde melding"),
    SignalStatus.UNFOUNDED: _("Niet opgepakt: onterecht signaal"),
    SignalStatus.DECEASED: _("Inwoner is overleden"),
    SignalStatus.NOT_RESIDENT: _("Persoon is geen inwoner (meer) in de gemeente"),
}


def partner_feedback(*, signal_status: str, outcome: str, picked_up: bool):
    """The one line a partner sees for one signal."""
    if signal_status in TOLD_AS_IS:
        return TOLD_AS_IS[signal_status]
    if outcome in TOLD_AS_IS:
        return TOLD_AS_IS[outcome]
    if outcome == Outcome.OTHER_REASON or signal_status == SignalStatus.OTHER_REASON:
        return NOT_PICKED_UP  # the municipality keeps the reason to itself
    if outcome or picked_up:
        return PICKED_UP
    return RECEIVED
