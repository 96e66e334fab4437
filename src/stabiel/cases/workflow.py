"""States and allowed transitions of a referral, as data. Each edge says why it exists."""

from .models import Referral

S = Referral.Status

REFERRAL_TRANSITIONS: dict[str, dict[str, str]] = {
    S.SENT: {
        S.ACCEPTED: "the provider has room and takes the household on",
        S.DECLINED: "the provider cannot or will not help; the reason is kept",
    },
    S.ACCEPTED: {
        S.STARTED: "the first meeting or the help itself has taken place",
        S.DECLINED: "the provider withdraws after all (a waiting list, a changed situation)",
    },
    S.DECLINED: {},
    S.STARTED: {},
}


def referral_next_states(status: str) -> list[str]:
    return list(REFERRAL_TRANSITIONS.get(status, {}))
