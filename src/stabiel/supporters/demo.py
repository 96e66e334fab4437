"""Demo: two members of Zeist-Oost households whose letters go to a supporter first."""

from datetime import timedelta

from django.utils import timezone

from stabiel.accounts.models import User
from stabiel.residents.access import households_visible_to

from . import services
from .members import current_members
from .models import SupporterMark


def supporters_demo_load(municipality) -> None:
    worker = User.objects.filter(municipality=municipality, username="toegang").first()
    if worker is None or SupporterMark.objects.filter(municipality=municipality).exists():
        return
    today = timezone.localdate()
    plans = [
        # (started how many days ago, supporter, organisation, reason, postal address)
        (
            165,
            "Sanne Stevens",
            "Wijkteam Zeist-Oost",
            "Brieven over de bijstand gaven paniek.",
            ("Laan van Vollenhove 12", "3706 AC", "Zeist"),
        ),
        (
            20,
            "Ahmed Bakkali",
            "Bewindvoering Heuvelrug",
            "Post wordt niet geopend sinds de scheiding.",
            ("Postbus 104", "3700 AC", "Zeist"),
        ),
    ]
    households = households_visible_to(worker).order_by("id")[:40]
    for household in households:
        if not plans:
            break
        members = current_members(household)
        if not members:
            continue
        days_ago, name, organisation, reason, (street, postcode, city) = plans.pop(0)
        start = today - timedelta(days=days_ago)
        services.mark_create(
            actor=worker,
            household=household,
            person_id=members[0].person_id,
            supporter_name=name,
            supporter_organisation=organisation,
            supporter_street=street,
            supporter_postcode=postcode,
            supporter_city=city,
            reason=reason,
            consent=True,
            consent_on=start,
            start_on=start,
            end_on=services.default_end(start),
        )
