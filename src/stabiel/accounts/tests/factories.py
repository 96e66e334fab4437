import factory
from factory.django import DjangoModelFactory

from stabiel.accounts.models import (
    Area,
    Municipality,
    PartnerKind,
    PartnerOrganisation,
    Region,
    RoleGrant,
    Team,
    User,
)


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Regio {n}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    cbs_code = factory.Sequence(lambda n: f"GM{n % 10000:04d}")


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    kind = Area.Kind.DISTRICT
    cbs_code = factory.Sequence(lambda n: f"WK{n % 1000000:06d}")

    class Params:
        neighbourhood = factory.Trait(
            kind=Area.Kind.NEIGHBOURHOOD,
            cbs_code=factory.Sequence(lambda n: f"BU{n % 100000000:08d}"),
            name=factory.Sequence(lambda n: f"Buurt {n}"),
        )


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wijkteam {n}")


class PartnerOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation
        django_get_or_create = ("municipality", "name")

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = PartnerKind.HOUSING


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.django.Password("Een-lang-wachtwoord-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            RoleGrant.objects.create(user=self, role=role)
        self._role_cache = None

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if extracted:
            self.teams.set(extracted)
