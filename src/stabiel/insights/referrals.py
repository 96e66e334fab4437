"""Referrals per offering this year, for the provision inventory: counts only, small ones hidden.

The inventory is a policy app and never sees a case; this module counts the case app's referrals
to one offering (from every municipality of the region that referred to it) by where they stand
now, and publishes them through `suppression.publish` with their total, so that no hidden number
can be worked out from the others (decision 0008).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from stabiel.cases.models import Referral

from .outcomes import threshold
from .suppression import publish

STATUSES = (
    Referral.Status.SENT,
    Referral.Status.ACCEPTED,
    Referral.Status.DECLINED,
    Referral.Status.STARTED,
)


@dataclass(frozen=True)
class ReferralCounts:
    year: int
    threshold: int
    total: int | None  # None: hidden (fewer than the threshold, or it would reveal one)
    by_status: tuple[tuple[str, int | None], ...]  # (status label, count or None)


def referral_counts(*, offering_id: int, year: int) -> ReferralCounts:
    rows = (
        Referral.objects.filter(
            offering_id=offering_id, sent_on__gte=date(year, 1, 1), sent_on__lte=date(year, 12, 31)
        )
        .values("status")
        .annotate(n=Count("id"))
    )
    found = {row["status"]: row["n"] for row in rows}
    limit = threshold()
    published = publish([[found.get(status, 0) for status in STATUSES]], threshold=limit)
    return ReferralCounts(
        year=year,
        threshold=limit,
        total=published.grand_total,
        by_status=tuple(
            (str(status.label), value)
            for status, value in zip(STATUSES, published.cells[0], strict=True)
        ),
    )
