"""The demo shows outcome figures over time (issue 17): the teams' past work from January last year,
so the demo plan's progress view, its documents and the experience answers per month show real
values, with every number under 10 hidden."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.models import Municipality, User
from stabiel.cases.demo import history_demo_load
from stabiel.cases.models import Case
from stabiel.plans.models import Plan
from stabiel.rules.models import Alert

pytestmark = pytest.mark.django_db

COUNT = re.compile(r'<data value="(\d+)" class="stabiel-count">')


def test_the_demo_plan_shows_its_outcome_figure_over_the_year(client, catalogue):
    call_command("demo_load", stdout=io.StringIO())
    today = timezone.localdate()
    zeist = Municipality.objects.get(cbs_code="GM0355")
    this_month = today.replace(day=1)
    past = Alert.objects.filter(municipality=zeist, raised_on__lt=this_month)
    # history: closed alerts in every month since January last year, nothing open
    months = {d.replace(day=1) for d in past.values_list("raised_on", flat=True)}
    assert date(today.year - 1, 1, 1) in months and len(months) == 12 + today.month - 1
    assert not past.filter(status=Alert.Status.OPEN).exists()
    assert not Case.objects.filter(municipality=zeist, origin_alert__in=past, status="open")
    made = past.count()
    assert history_demo_load(zeist) == 0  # idempotent
    assert past.count() == made

    plan = Plan.objects.get(municipality=zeist, year=today.year - 1)
    client.force_login(User.objects.get(username="beleid"))
    page = client.get(reverse("plans:plan-progress", args=[plan.pk])).content.decode()
    assert "Indicator: Huishoudens met stapeling die bezocht zijn" in page
    assert "<polyline" in page
    counts = [int(n) for n in COUNT.findall(page)]
    assert len(counts) >= 2 * 10  # a share (part and whole) for most of the twelve months
    assert all(n >= 10 for n in counts), counts

    markdown = client.get(reverse("plan_exports:markdown", args=[plan.pk])).content.decode()
    assert (
        "Uitkomstcijfer: Huishoudens met stapeling die bezocht zijn; laatste cijfer "
        f"(december {today.year - 1}): " in markdown
    )
    value = re.search(r"laatste cijfer \(december \d+\): \d+% \((\d+) van (\d+)\)", markdown)
    assert value and int(value.group(1)) >= 10 and int(value.group(2)) - int(value.group(1)) >= 10

    experience = client.get(reverse("insights:experience")).content.decode()
    assert 'id="per-maand"' in experience
    assert experience.count("<polyline") >= 1
    assert all(int(n) >= 10 for n in COUNT.findall(experience) if int(n))
