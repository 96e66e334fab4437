from stabiel.inventory.services import offering_save, provider_save

from .conftest import offering_fields


def make_provider(actor, name="Maatjes (test)", **fields):
    return provider_save(actor=actor, name=name, **fields)


def make_offering(actor, *, provider, provision_type, shell, **overrides):
    return offering_save(
        actor=actor,
        provider=provider,
        provision_type=provision_type,
        shell=shell,
        **offering_fields(**overrides),
    )
