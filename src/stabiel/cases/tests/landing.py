"""A case made ready to close 'well landed' under the default settings: the broad look over the
core life domains (all stable), one goal, and the planned contact done."""

from django.utils import timezone

from stabiel.cases import services
from stabiel.cases.models import Contact
from stabiel.catalogue.models import LifeDomain


def make_ready_to_land(world, case, today=None):
    for domain in LifeDomain.objects.filter(
        municipality__isnull=True, weight=LifeDomain.Weight.CORE
    ):
        services.assessment_record(
            actor=world.worker, case=case, life_domain=domain, state="stable", today=today
        )
    services.goal_add(actor=world.worker, case=case, text="Rust in de post")
    contact = case.contacts.filter(status=Contact.Status.PLANNED).first()
    services.contact_record(
        actor=world.worker,
        case=case,
        kind="visit",
        done_on=today or timezone.localdate(),
        note="Kennisgemaakt",
        contact=contact,
        today=today,
    )
