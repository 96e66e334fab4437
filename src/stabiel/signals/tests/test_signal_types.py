import pytest

from stabiel.signals.services import SignalInputError


def test_a_signal_type_is_usable_only_where_the_catalogue_allows_it(catalogue, municipality):
    """National types switched off by the municipality, and types whose red flag may not be a
    signal (a health characteristic, a neighbourhood-level flag), are refused; the
    municipality's own type is accepted."""
    from stabiel.catalogue.models import ItemSwitch, RedFlagType, SignalType
    from stabiel.signals.services import signal_type_for

    assert signal_type_for(municipality=municipality, code="huurachterstand").code == (
        "huurachterstand"
    )
    ItemSwitch.objects.create(
        municipality=municipality, kind="catalogue.signaltype", code="huurachterstand"
    )
    with pytest.raises(SignalInputError, match="neemt geen signalen aan over") as refused:
        signal_type_for(municipality=municipality, code="huurachterstand")
    assert refused.value.field == "signal_type"
    with pytest.raises(SignalInputError, match="Onbekende soort signaal"):
        signal_type_for(municipality=municipality, code="bestaat-niet")
    flag = RedFlagType.objects.filter(level="household", is_health_characteristic=False).first()
    own = SignalType.objects.create(
        municipality=municipality,
        code="eigen-signaal",
        name="Eigen signaal",
        red_flag_type=flag,
        subject="household",
    )
    assert signal_type_for(municipality=municipality, code="eigen-signaal") == own
    for unusable in RedFlagType.objects.exclude(
        pk__in=[f.pk for f in RedFlagType.objects.all() if f.can_be_signal]
    )[:2]:
        SignalType.objects.create(
            municipality=municipality,
            code=f"niet-{unusable.pk}",
            name="x",
            red_flag_type=unusable,
            subject="household",
        )
        with pytest.raises(SignalInputError):
            signal_type_for(municipality=municipality, code=f"niet-{unusable.pk}")
