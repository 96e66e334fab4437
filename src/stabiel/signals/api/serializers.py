"""What a partner sends (input) and what it gets back (output): two serializers on purpose.

The output says only what the partner itself sent and whether the signal was picked up; never
anything about the household, the person, the BSN or the address.
"""

from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from stabiel.signals.models import Signal

# Dutch field names in the API mapped to the keyword arguments of signal_record, and back
# (a SignalInputError names the service's field; the partner must see its own).
SERVICE_FIELD_TO_API = {
    "signal_type": "signaalsoort",
    "bsn": "bsn",
    "postcode": "postcode",
    "house_number": "huisnummer",
    "observed_on": "datum_gezien",
    "reference": "kenmerk",
    "note": "toelichting",
}

DATE_HINT = "Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2025-03-14."


OPTIONAL_TEXT_FIELDS = ("bsn", "postcode", "huisnummer", "toelichting")


def messages(*, invalid: str, max_length: str, required: str = "") -> dict:
    """Plain-Dutch messages for one field, whatever language the request asks for."""
    result = {"invalid": invalid, "max_length": max_length}
    if required:
        result.update(required=required, blank=required, null=required)
    return result


@extend_schema_serializer(
    component_name="Signaalmelding",
    description="Een nieuw signaal. Geef `bsn`, of `postcode` met `huisnummer`, of allebei.",
)
class SignalCreateSerializer(serializers.Serializer):
    """A new signal. Either `bsn`, or `postcode` with `huisnummer`, or both."""

    default_error_messages = {
        "invalid": "Stuur één JSON-object met de velden van het signaal, zoals in de documentatie.",
    }
    unknown_field_message = (
        "Dit veld kent de API niet. Stuur alleen de velden uit de documentatie: we willen niet "
        "meer gegevens ontvangen dan nodig."
    )

    signaalsoort = serializers.CharField(
        max_length=80,
        help_text="Code van de soort signaal uit de catalogus van de gemeente, bijvoorbeeld "
        "`huurachterstand`.",
        error_messages=messages(
            required="Geef de soort signaal (signaalsoort), bijvoorbeeld huurachterstand.",
            invalid="De soort signaal is een code in tekst, bijvoorbeeld huurachterstand.",
            max_length="Deze soort signaal bestaat niet (de code is te lang).",
        ),
    )
    bsn = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=11,
        help_text="Burgerservicenummer van de persoon, negen cijfers. Laat weg als het signaal "
        "over een adres gaat.",
        error_messages=messages(
            invalid='Schrijf het BSN als tekst van negen cijfers, bijvoorbeeld "123456782".',
            max_length="Dit BSN klopt niet: een BSN heeft negen cijfers.",
        ),
    )
    postcode = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=7,
        help_text="Postcode van het adres, bijvoorbeeld `3701AB` of `3701 AB`. Altijd samen met "
        "`huisnummer`.",
        error_messages=messages(
            invalid='Schrijf de postcode als tekst, bijvoorbeeld "3701 AB".',
            max_length="Deze postcode klopt niet. Gebruik vier cijfers en twee letters, zoals 3701 AB.",
        ),
    )
    huisnummer = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=16,
        help_text="Huisnummer met eventuele toevoeging, bijvoorbeeld `12` of `12A`.",
        error_messages=messages(
            invalid='Schrijf het huisnummer als tekst, bijvoorbeeld "12A".',
            max_length="Dit huisnummer is te lang (hoogstens 16 tekens).",
        ),
    )
    datum_gezien = serializers.DateField(
        input_formats=["iso-8601"],
        help_text="Datum waarop u het zag, jjjj-mm-dd. Niet in de toekomst.",
        error_messages={
            "required": f"Geef de datum waarop u dit zag (datum_gezien). {DATE_HINT}",
            "null": f"Geef de datum waarop u dit zag (datum_gezien). {DATE_HINT}",
            "invalid": f"Dit is geen geldige datum. {DATE_HINT}",
            "datetime": f"Geef alleen een datum, zonder tijd. {DATE_HINT}",
        },
    )
    kenmerk = serializers.CharField(
        max_length=64,
        help_text="Uw eigen kenmerk van dit signaal, uniek binnen uw organisatie. Stuurt u "
        "hetzelfde signaal met hetzelfde kenmerk nog eens, dan krijgt u het eerste terug.",
        error_messages=messages(
            required="Geef uw eigen kenmerk van dit signaal.",
            invalid="Schrijf het kenmerk als tekst.",
            max_length="Het kenmerk is te lang (hoogstens 64 tekens).",
        ),
    )
    # The field keeps its published name: partners' systems send it (docs/api.md) and the
    # file import uses the same column name. Only the words around it are plain ("uitleg").
    toelichting = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=500,
        help_text="Korte uitleg, hoogstens 500 tekens. Schrijf er geen gezondheidsgegevens in.",
        error_messages=messages(
            invalid="Schrijf de uitleg (toelichting) als tekst.",
            max_length="De uitleg (toelichting) is te lang (hoogstens 500 tekens).",
        ),
    )

    def to_internal_value(self, data):
        errors = {}
        if isinstance(data, Mapping):
            errors = {
                str(name): [self.unknown_field_message] for name in data if name not in self.fields
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, Mapping):
                raise
            raise serializers.ValidationError({**exc.detail, **errors}) from None
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def validate(self, attrs):
        for name in OPTIONAL_TEXT_FIELDS:  # absent, null and "" all mean: not given
            attrs[name] = attrs.get(name) or ""
        postcode, number = attrs["postcode"], attrs["huisnummer"]
        if postcode and not number:
            raise serializers.ValidationError(
                {"huisnummer": "Geef bij de postcode ook het huisnummer."}
            )
        if number and not postcode:
            raise serializers.ValidationError(
                {"postcode": "Geef bij het huisnummer ook de postcode."}
            )
        return attrs


# Named "SignaalStatus" in the schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
SIGNAL_STATUS_CHOICES = ["ontvangen", "opgepakt", "ingetrokken"]


class SignalStatusField(serializers.ChoiceField):
    """The three states a partner may know, in Dutch."""

    TO_API = {
        Signal.Status.RECEIVED: "ontvangen",
        Signal.Status.PICKED_UP: "opgepakt",
        Signal.Status.WITHDRAWN: "ingetrokken",
    }

    def __init__(self, **kwargs):
        super().__init__(choices=SIGNAL_STATUS_CHOICES, **kwargs)

    def to_representation(self, value):
        return self.TO_API[value]


@extend_schema_serializer(
    component_name="Signaal",
    description="Een signaal zoals de melder het terugziet: wat u stuurde en de status.",
)
class SignalSerializer(serializers.Serializer):
    """A signal as its reporter may see it back."""

    id = serializers.IntegerField(
        read_only=True, help_text="Nummer van het signaal bij de gemeente."
    )
    kenmerk = serializers.CharField(source="reference", read_only=True, help_text="Uw kenmerk.")
    signaalsoort = serializers.CharField(
        source="signal_type.code", read_only=True, help_text="Code van de soort signaal."
    )
    datum_gezien = serializers.DateField(
        source="observed_on", read_only=True, help_text="Datum waarop u het zag."
    )
    ontvangen_op = serializers.DateField(
        source="received_on", read_only=True, help_text="Datum waarop de gemeente het ontving."
    )
    status = SignalStatusField(
        read_only=True,
        help_text="`ontvangen`: de gemeente heeft het signaal; `opgepakt`: iemand van de "
        "gemeente is ermee aan de slag, of het hoort bij een open casus; `ingetrokken`: u trok "
        "het signaal in.",
    )


@extend_schema_serializer(
    component_name="Probleem", description="Probleembeschrijving volgens RFC 9457."
)
class ProblemSerializer(serializers.Serializer):
    """Problem details (RFC 9457); for the schema only."""

    type = serializers.CharField(help_text="URI die dit soort probleem uitlegt.")
    title = serializers.CharField(help_text="Korte titel van het soort probleem.")
    status = serializers.IntegerField(help_text="De HTTP-statuscode.")
    detail = serializers.CharField(help_text="Wat er mis is en wat u kunt doen, in gewone taal.")
    instance = serializers.CharField(help_text="Het adres van het verzoek.")


@extend_schema_serializer(component_name="OngeldigVeld", description="Een veld dat niet klopt.")
class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Naam van het veld.")
    reason = serializers.CharField(help_text="Wat er niet klopt aan dit veld.")


@extend_schema_serializer(
    component_name="ValidatieProbleem",
    description="Probleembeschrijving volgens RFC 9457, met de velden die niet kloppen.",
)
class ValidationProblemSerializer(ProblemSerializer):
    """Problem details with the fields that are wrong; for the schema only."""

    def get_fields(self):
        fields = super().get_fields()
        fields["invalid-params"] = InvalidParamSerializer(many=True, required=False)
        return fields
