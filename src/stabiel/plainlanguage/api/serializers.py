from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..checker.documents import MAX_CHARS, MAX_FILE_BYTES


# The letter as JSON (its text) or as a file (multipart/form-data), as on the page. No
# docstrings here: drf-spectacular would show them, in English, in the Dutch OpenAPI.
class LetterCheckInputSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"De tekst van de brief, platte tekst, hooguit {MAX_CHARS} tekens.",
        error_messages={
            "required": "Stuur de tekst van de brief mee in het veld text; het is verplicht.",
            "invalid": "Stuur de tekst van de brief als tekst (een string).",
            "null": "Stuur de tekst van de brief mee in het veld text; het is verplicht.",
        },
    )


@extend_schema_field(OpenApiTypes.BINARY)
class LetterFileField(serializers.FileField):
    """A file in a multipart request (a FileField is a URI in the schema otherwise)."""


class LetterCheckUploadSerializer(serializers.Serializer):
    document = LetterFileField(
        # An empty file gets the checker's own message ("geen tekst"), like a pasted text.
        allow_empty_file=True,
        help_text=(
            f"Een .docx- of .txt-bestand met de brief, tot {MAX_FILE_BYTES // (1024 * 1024)} MB."
        ),
        error_messages={
            "required": "Stuur het bestand met de brief mee in het veld document; het is "
            "verplicht.",
            "invalid": "Stuur in het veld document een bestand, als multipart/form-data.",
            "no_name": "Het bestand heeft geen naam. Geef het een naam die eindigt op .docx "
            "of .txt.",
            "max_length": "De naam van het bestand is te lang.",
        },
    )


class LetterFiguresSerializer(serializers.Serializer):
    words = serializers.IntegerField(help_text="Aantal woorden.")
    sentences = serializers.IntegerField(help_text="Aantal zinnen met woorden.")
    average_sentence_length = serializers.FloatField(help_text="Gemiddeld aantal woorden per zin.")
    longest_sentence = serializers.IntegerField(help_text="Woorden in de langste zin.")
    long_sentences = serializers.IntegerField(help_text="Zinnen met meer dan 20 woorden.")
    long_word_share = serializers.FloatField(help_text="Deel lange woorden (0-1).")
    rare_word_share = serializers.FloatField(help_text="Deel woorden die weinig voorkomen (0-1).")
    passive_sentences = serializers.IntegerField(help_text="Zinnen in de lijdende vorm.")
    jargon = serializers.IntegerField(help_text="Ambtelijke woorden uit de lijst.")
    flesch_douma = serializers.FloatField(
        help_text="Leesbaarheid Flesch-Douma (hoger is makkelijker)."
    )
    word_frequency = serializers.FloatField(
        help_text="Gemiddelde woordfrequentie (Zipf, wordfreq) van woorden van vier letters of meer."
    )


class LetterMarkSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Begin (tekenpositie, vanaf 0).")
    end = serializers.IntegerField(help_text="Einde (tekenpositie, niet meegeteld).")
    kind = serializers.ChoiceField(
        choices=[
            "lange-zin",
            "lijdende-vorm",
            "juridisch-vooraan",
            "ambtelijk",
            "moeilijk-woord",
            "lang-woord",
        ]
    )
    text = serializers.CharField(help_text="De gemarkeerde tekst.")
    explanation = serializers.CharField(help_text="Uitleg in gewone woorden.")


class LetterAdviceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["kern-vooraan", "wie-bellen"])
    explanation = serializers.CharField()


class LetterCheckResultSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=["B1", "niet B1"])
    figures = LetterFiguresSerializer()
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="Waarom de brief (nog) niet B1 is."
    )
    marks = LetterMarkSerializer(many=True)
    advice = LetterAdviceSerializer(many=True)


class LetterProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
