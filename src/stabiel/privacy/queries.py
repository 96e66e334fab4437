from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from stabiel.core.models import AccessLogEntry, ProcessingLogEntry


def access_log(
    *, municipality, household: str = "", username: str = "", since=None, until=None
) -> QuerySet:
    qs = AccessLogEntry.objects.filter(municipality=municipality).order_by("-occurred_at", "-id")
    if household:
        term = household.strip().upper()
        qs = qs.filter(Q(household_label=term) | Q(person_label=term))
    if username:
        qs = qs.filter(username__iexact=username.strip())
    zone = timezone.get_current_timezone()
    if since:
        qs = qs.filter(occurred_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        qs = qs.filter(
            occurred_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        )
    return qs


def processing_log(*, municipality) -> QuerySet:
    return ProcessingLogEntry.objects.filter(municipality=municipality).order_by(
        "-started_at", "-id"
    )
