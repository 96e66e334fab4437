"""POST /api/v1/brieftoets: the B1 check for a letter system. Open without a key: it stores
nothing, keeps nothing and returns only what it found in the text it was sent.

The letter comes as JSON (`text`) or as a file (multipart/form-data, `document`: .docx or .txt),
the same two ways as on the page; bad input of either kind is a problem+json in plain Dutch."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import checking
from ..checker import LetterInputError
from ..checker.documents import MAX_FILE_BYTES
from .serializers import (
    LetterCheckInputSerializer,
    LetterCheckResultSerializer,
    LetterCheckUploadSerializer,
    LetterProblemSerializer,
)

PROBLEM = "application/problem+json"


class TooLarge(exceptions.APIException):
    status_code = 413
    default_detail = (
        "De tekst is te groot om te toetsen. Stuur een brief tot 100.000 tekens, of een "
        "bestand tot 2 MB."
    )
    default_code = "te-groot"


class WrongMediaType(exceptions.APIException):
    # The shared 415 message asks for JSON only; this endpoint also takes a file.
    status_code = 415
    default_detail = (
        "Stuur de brief als JSON (Content-Type: application/json, veld text) of als bestand "
        "(multipart/form-data, veld document)."
    )
    default_code = "geen-json-of-bestand"


class LetterCheckApiView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="brieftoets",
        tags=["brieven"],
        summary="Een brief toetsen op taalniveau B1",
        description=(
            "Stuur de tekst van een brief als JSON, of de brief als .docx- of .txt-bestand "
            "(multipart/form-data, veld document); u krijgt het oordeel (B1 of niet B1), de "
            "cijfers, elke markering met begin en einde in de tekst, en advies over de opbouw. De "
            "toets verandert de brief niet en bewaart niets. Dezelfde toets draait als "
            "`manage.py letter_check`."
        ),
        auth=[],
        # NLGov /core/version-header: every answer names the full API version.
        parameters=[
            OpenApiParameter(
                "API-Version",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=True,
                description="Volledige versie van de API die antwoordde, bijvoorbeeld 1.0.0.",
            )
        ],
        request={
            "application/json": LetterCheckInputSerializer,
            "multipart/form-data": LetterCheckUploadSerializer,
        },
        responses={
            200: LetterCheckResultSerializer,
            (400, PROBLEM): OpenApiResponse(
                LetterProblemSerializer,
                description=(
                    "Lege tekst, geen geldige JSON, geen Nederlands, te lang, of een bestand dat "
                    "geen tekst bevat (geen Word-bestand, alleen afbeeldingen, te groot)."
                ),
            ),
            (413, PROBLEM): OpenApiResponse(
                LetterProblemSerializer, description="Het verzoek is te groot."
            ),
        },
        examples=[
            OpenApiExample(
                "Brief",
                value={"text": "Beste meneer Jansen,\n\nIndien u vragen heeft, bel ons."},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        try:
            data = request.data
        except RequestDataTooBig as exc:
            raise TooLarge from exc
        except exceptions.UnsupportedMediaType as exc:
            raise WrongMediaType from exc
        if getattr(request, "upload_too_large", False):
            raise TooLarge
        if request.content_type.startswith("multipart/form-data"):
            upload = LetterCheckUploadSerializer(data=data)
            upload.is_valid(raise_exception=True)
            document = upload.validated_data["document"]
            field = "document"
            letter = {"file_name": document.name, "file_data": document.read(MAX_FILE_BYTES + 1)}
        else:
            serializer = LetterCheckInputSerializer(data=data)
            serializer.is_valid(raise_exception=True)
            field = "text"
            letter = {"text": serializer.validated_data["text"]}
        try:
            _letter, result = checking.letter_check(**letter)
        except LetterInputError as exc:
            raise serializers.ValidationError({field: [str(exc)]}) from exc
        return Response(LetterCheckResultSerializer(result.as_dict()).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = settings.SPECTACULAR_SETTINGS["VERSION"]
        response["Cache-Control"] = "no-store"
        return response
