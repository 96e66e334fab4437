import datetime

import factory
from factory.django import DjangoModelFactory

from stabiel.accounts.tests.factories import MunicipalityFactory
from stabiel.catalogue.models import Perspective, Pillar
from stabiel.plans.models import Answer, Flag, Measure, Participant, Plan, WorkSession, Worksheet


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    municipality = factory.SubFactory(MunicipalityFactory)
    year = factory.Sequence(lambda n: 2001 + n % 99)  # the database allows 2000-2100
    title = factory.LazyAttribute(lambda o: f"Preventieplan {o.year}")


class WorkSessionFactory(DjangoModelFactory):
    class Meta:
        model = WorkSession
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    municipality = factory.SelfAttribute("plan.municipality")
    title = "Werksessie bestaanszekerheid"
    held_on = datetime.date(2026, 3, 10)
    place = "Raadhuis"

    @factory.post_generation
    def worksheets(self, create, extracted, **kwargs):
        if create:
            self.worksheets.set(extracted if extracted is not None else Worksheet.objects.all())


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(WorkSessionFactory)
    municipality = factory.SelfAttribute("session.municipality")
    perspective = factory.LazyFunction(
        lambda: Perspective.objects.get(municipality__isnull=True, code="inwoner")
    )
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    link_key = factory.Sequence(lambda n: f"sleutel{n:08d}")


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    participant = factory.SubFactory(ParticipantFactory)
    municipality = factory.SelfAttribute("participant.municipality")
    question = factory.LazyFunction(lambda: Worksheet.objects.get(number=2).questions.first())
    text = "Veel mensen openen hun post niet meer door schulden."


class FlagFactory(DjangoModelFactory):
    class Meta:
        model = Flag

    plan = factory.SubFactory(PlanFactory)
    municipality = factory.SelfAttribute("plan.municipality")
    colour = Flag.Colour.RED
    title = "Schulden worden laat gezien"
    pillar = factory.LazyFunction(
        lambda: Pillar.objects.get(municipality__isnull=True, code="bestaanszekerheid")
    )


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    municipality = factory.SelfAttribute("plan.municipality")
    title = "Brieven op B1"
    owner = "Team communicatie"
    impact = 3
    effort = 2
