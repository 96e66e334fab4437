"""Partner API views: thin — parse with a serializer, call one service or selector, answer.

Also the documentation page at /api/docs/: rendered on the server from the OpenAPI schema, so it
needs no script from a CDN (our CSP allows only 'self', and production may be offline).
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.views import View
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from stabiel.core.parsers import JSONParser
from stabiel.signals.models import Channel, PartnerApiClient, Signal
from stabiel.signals.services import ReferenceConflictError, SignalInputError, signal_record

from .authentication import IsPartnerApiClient, PartnerTokenAuthentication
from .exceptions import (
    PROBLEM_CONTENT_TYPE,
    PROBLEM_KINDS,
    InputProblem,
    ReferenceConflict,
    ResourceNotFound,
)
from .serializers import (
    SERVICE_FIELD_TO_API,
    ProblemSerializer,
    SignalCreateSerializer,
    SignalSerializer,
    ValidationProblemSerializer,
)

SIGNAL_NOT_FOUND = "Er is geen signaal met dit nummer van uw organisatie."


def api_version() -> str:
    return settings.SPECTACULAR_SETTINGS["VERSION"]


# Selector (belongs in signals/queries.py beside own_signals, which takes a user) ------------


def signal_list_for_api_client(*, client: PartnerApiClient):
    """The signals a partner system may read back: those of its own organisation, in the
    municipality it reports to. Nothing about household or person is loaded."""
    return (
        Signal.objects.filter(municipality_id=client.municipality_id, partner_id=client.partner_id)
        .select_related("signal_type")
        .only(
            "id",
            "reference",
            "observed_on",
            "received_on",
            "status",
            "signal_type__id",
            "signal_type__code",
        )
        .order_by("-received_on", "-id")  # as queries.own_signals for the web form
    )


# Schema pieces -----------------------------------------------------------------------------

API_VERSION_HEADER = OpenApiParameter(
    "API-Version",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description="Volledige versie van de API die antwoordde, bijvoorbeeld 1.0.0.",
)
LOCATION_HEADER = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    response=[201],
    description="Adres waar u de status van het nieuwe signaal leest.",
)


def problem(serializer, description: str):
    return OpenApiResponse(serializer, description=description)


PROBLEM_401 = problem(ProblemSerializer, "Geen, een onbekende of een ingetrokken sleutel.")
PROBLEM_404 = problem(ProblemSerializer, SIGNAL_NOT_FOUND)
PROBLEM_400 = problem(
    ValidationProblemSerializer,
    "De gegevens kloppen niet, of de inhoud is geen geldige JSON. `invalid-params` noemt "
    "per veld wat er mis is. Er is niets opgeslagen.",
)


def problems(**by_status) -> dict:
    return {(int(code.lstrip("_")), PROBLEM_CONTENT_TYPE): r for code, r in by_status.items()}


# Here, not in authentication.py: that module is loaded by DRF's settings, and importing
# drf_spectacular there would import rest_framework.views while it is still loading.
class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = PartnerTokenAuthentication
    name = "partnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "De sleutel die de gemeente aan uw koppeling gaf, met het woord Token ervoor: "
                "`Authorization: Token <sleutel>`. Zonder geldige sleutel antwoordt de API "
                "401 met een probleembeschrijving (application/problem+json)."
            ),
        }


# Views -------------------------------------------------------------------------------------


class SignalPagination(PageNumberPagination):
    page_size = 50
    page_query_param = "pagina"
    page_size_query_param = "paginaGrootte"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:  # DRF's message is English
            raise ResourceNotFound("Deze pagina bestaat niet.") from None

    def get_paginated_response(self, data):
        return Response(
            {
                "aantal": self.page.paginator.count,
                "volgende": self.get_next_link(),
                "vorige": self.get_previous_link(),
                "resultaten": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["aantal", "resultaten"],
            "properties": {
                "aantal": {"type": "integer", "description": "Aantal signalen in totaal."},
                "volgende": {"type": "string", "format": "uri", "nullable": True},
                "vorige": {"type": "string", "format": "uri", "nullable": True},
                "resultaten": schema,
            },
        }


class PartnerApiView(GenericAPIView):
    """Common ground: token of a partner system, JSON only, the API-Version header."""

    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [IsPartnerApiClient]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]

    @property
    def client(self) -> PartnerApiClient:
        return self.request.auth

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = api_version()
        # Status answers change and concern one partner: no shared cache may keep them.
        patch_cache_control(response, no_store=True, private=True)
        return response


class SignalListCreateView(PartnerApiView):
    serializer_class = SignalSerializer
    pagination_class = SignalPagination

    def get_queryset(self):
        signals = signal_list_for_api_client(client=self.client)
        reference = self.request.query_params.get("kenmerk")
        if reference is not None:
            signals = signals.filter(reference=reference.strip())
        return signals

    @extend_schema(
        operation_id="signalen_zoeken",
        summary="Uw signalen zoeken",
        description="De signalen van uw organisatie, nieuwste eerst. Met `kenmerk` vindt u het "
        "signaal met uw eigen kenmerk.",
        tags=["signalen"],
        parameters=[
            OpenApiParameter(
                "kenmerk",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description="Alleen het signaal met dit kenmerk (uw eigen kenmerk).",
            ),
            # Named here because spectacular misses the paginator when problem responses are
            # keyed by (status, media type).
            OpenApiParameter(
                "pagina",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                description="Welke pagina; de eerste is 1.",
            ),
            OpenApiParameter(
                "paginaGrootte",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                description=f"Signalen per pagina: standaard {SignalPagination.page_size}, "
                f"hoogstens {SignalPagination.max_page_size}.",
            ),
            API_VERSION_HEADER,
        ],
        responses={
            200: OpenApiResponse(
                SignalSerializer(many=True), description="Uw signalen, per pagina."
            ),
            **problems(
                _401=PROBLEM_401, _404=problem(ProblemSerializer, "Deze pagina bestaat niet.")
            ),
        },
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(SignalSerializer(page, many=True).data)

    @extend_schema(
        operation_id="signaal_melden",
        summary="Een signaal melden",
        description=(
            "Meld een signaal over een persoon (`bsn`) of een adres (`postcode` en "
            "`huisnummer`). Het antwoord vertelt alleen wat u stuurde en de status; nooit iets "
            "over het huishouden of de persoon.\n\n"
            "Kent de gemeente de persoon of het adres (nog) niet, bijvoorbeeld iemand die net "
            "verhuisd is, dan wordt het signaal toch bewaard en gekoppeld zodra dat kan. U krijgt "
            "precies hetzelfde antwoord als voor een bekende bewoner.\n\n"
            "Veilig om te herhalen: stuurt u hetzelfde signaal met hetzelfde `kenmerk` nog eens "
            "(bijvoorbeeld na een time-out), dan krijgt u 200 met het eerste signaal terug en "
            "wordt er niets dubbel opgeslagen. Hetzelfde `kenmerk` met een andere inhoud geeft 409."
        ),
        tags=["signalen"],
        request=SignalCreateSerializer,
        parameters=[API_VERSION_HEADER, LOCATION_HEADER],
        responses={
            201: OpenApiResponse(SignalSerializer, description="Het signaal is opgeslagen."),
            200: OpenApiResponse(
                SignalSerializer,
                description="Dit signaal had u al gestuurd (zelfde kenmerk, zelfde inhoud): "
                "dit is het eerste. Er is niets dubbel opgeslagen.",
            ),
            **problems(
                _400=PROBLEM_400,
                _401=PROBLEM_401,
                _409=problem(
                    ProblemSerializer,
                    "Dit kenmerk is al gebruikt voor een signaal met een andere inhoud. Er is "
                    "niets opgeslagen.",
                ),
                _415=problem(ProblemSerializer, "De inhoud is geen JSON."),
            ),
        },
        examples=[
            OpenApiExample(
                "Signaal over een persoon",
                request_only=True,
                value={
                    "signaalsoort": "zorgpremieachterstand",
                    "bsn": "123456782",
                    "datum_gezien": "2025-03-14",
                    "kenmerk": "ZV-2025-000123",
                    "toelichting": "Drie maanden premie niet betaald.",
                },
            ),
            OpenApiExample(
                "Signaal over een adres",
                request_only=True,
                value={
                    "signaalsoort": "huurachterstand",
                    "postcode": "3701 AB",
                    "huisnummer": "12A",
                    "datum_gezien": "2025-03-14",
                    "kenmerk": "WC-88412",
                },
            ),
        ],
    )
    def post(self, request):
        incoming = SignalCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            receipt = signal_record(
                municipality=self.client.municipality,
                partner=self.client.partner,
                channel=Channel.API,
                signal_type_code=data["signaalsoort"],
                observed_on=data["datum_gezien"],
                reference=data["kenmerk"],
                bsn=data["bsn"],
                postcode=data["postcode"],
                house_number=data["huisnummer"],
                note=data["toelichting"],
            )
        except SignalInputError as exc:
            raise problem_for_input_error(exc) from None
        body = SignalSerializer(receipt.signal).data
        url = reverse("api:signal-detail", kwargs={"pk": receipt.signal.pk})
        if receipt.created:
            return Response(
                body,
                status=status.HTTP_201_CREATED,
                headers={"Location": request.build_absolute_uri(url)},
            )
        return Response(body, status=status.HTTP_200_OK, headers={"Content-Location": url})


def problem_for_input_error(exc: SignalInputError):
    """A refusal of signal_record as a problem: reuse of a kenmerk is 409, the rest 400."""
    if isinstance(exc, ReferenceConflictError):
        return ReferenceConflict(str(exc))
    name = SERVICE_FIELD_TO_API.get(exc.field or "")
    params = [{"name": name, "reason": str(exc)}] if name else []
    return InputProblem(str(exc), invalid_params=params)


class SignalDetailView(PartnerApiView):
    serializer_class = SignalSerializer

    @extend_schema(
        operation_id="signaal_lezen",
        summary="De status van een signaal lezen",
        description="Alleen signalen van uw eigen organisatie. Een nummer dat niet bestaat en "
        "een signaal van een ander krijgen hetzelfde antwoord: 404.",
        tags=["signalen"],
        parameters=[
            OpenApiParameter(
                "id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="Nummer van het signaal: `id` uit het antwoord op uw melding.",
            ),
            API_VERSION_HEADER,
        ],
        responses={
            200: OpenApiResponse(SignalSerializer, description="Het signaal en zijn status."),
            **problems(_401=PROBLEM_401, _404=PROBLEM_404),
        },
    )
    def get(self, request, pk: int):
        signal = signal_list_for_api_client(client=self.client).filter(pk=pk).first()
        if signal is None:
            raise ResourceNotFound(SIGNAL_NOT_FOUND)
        return Response(SignalSerializer(signal).data)


# Documentation page --------------------------------------------------------------------------

DOCS_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ info.title }}{% endblock %}
{% block content %}
<h1 class="utrecht-heading-1">{{ info.title }}</h1>
<p class="utrecht-paragraph">Versie {{ info.version }}. {{ info.description }}</p>
<p class="utrecht-paragraph">De beschrijving volgens OpenAPI 3:
  <a class="utrecht-link" href="{{ schema_url }}">YAML</a> of
  <a class="utrecht-link" href="{{ schema_json_url }}">JSON</a>.</p>

<h2 class="utrecht-heading-2" id="sleutel">Inloggen met een sleutel</h2>
{% for description in security %}<p class="utrecht-paragraph">{{ description }}</p>{% endfor %}

<h2 class="utrecht-heading-2" id="adressen">Adressen</h2>
<table class="utrecht-table">
  <caption class="utrecht-table__caption">Alle adressen van de API</caption>
  <thead class="utrecht-table__header"><tr class="utrecht-table__row">
    <th class="utrecht-table__header-cell" scope="col">Methode en adres</th>
    <th class="utrecht-table__header-cell" scope="col">Wat het doet</th>
  </tr></thead>
  <tbody class="utrecht-table__body">
  {% for op in operations %}<tr class="utrecht-table__row">
    <td class="utrecht-table__cell"><a class="utrecht-link" href="#{{ op.anchor }}"><code class="utrecht-code">{{ op.method }} {{ op.path }}</code></a></td>
    <td class="utrecht-table__cell">{{ op.summary }}</td>
  </tr>{% endfor %}
  </tbody>
</table>

{% for op in operations %}
<h2 class="utrecht-heading-2" id="{{ op.anchor }}">{{ op.summary }}</h2>
<p class="utrecht-paragraph"><code class="utrecht-code">{{ op.method }} {{ op.path }}</code></p>
{% for paragraph in op.description %}<p class="utrecht-paragraph">{{ paragraph }}</p>{% endfor %}
{% if op.parameters %}
<table class="utrecht-table">
  <caption class="utrecht-table__caption">Parameters van {{ op.method }} {{ op.path }}</caption>
  <thead class="utrecht-table__header"><tr class="utrecht-table__row">
    <th class="utrecht-table__header-cell" scope="col">Naam</th>
    <th class="utrecht-table__header-cell" scope="col">Waar</th>
    <th class="utrecht-table__header-cell" scope="col">Verplicht</th>
    <th class="utrecht-table__header-cell" scope="col">Uitleg</th>
  </tr></thead>
  <tbody class="utrecht-table__body">
  {% for p in op.parameters %}<tr class="utrecht-table__row">
    <td class="utrecht-table__cell"><code class="utrecht-code">{{ p.name }}</code></td>
    <td class="utrecht-table__cell">{{ p.where }}</td>
    <td class="utrecht-table__cell">{{ p.required|yesno:"ja,nee" }}</td>
    <td class="utrecht-table__cell">{{ p.description }}</td>
  </tr>{% endfor %}
  </tbody>
</table>
{% endif %}
{% if op.body %}
<table class="utrecht-table">
  <caption class="utrecht-table__caption">Velden die u stuurt bij {{ op.method }} {{ op.path }} (JSON)</caption>
  <thead class="utrecht-table__header"><tr class="utrecht-table__row">
    <th class="utrecht-table__header-cell" scope="col">Veld</th>
    <th class="utrecht-table__header-cell" scope="col">Soort</th>
    <th class="utrecht-table__header-cell" scope="col">Verplicht</th>
    <th class="utrecht-table__header-cell" scope="col">Uitleg</th>
  </tr></thead>
  <tbody class="utrecht-table__body">
  {% for f in op.body %}<tr class="utrecht-table__row">
    <td class="utrecht-table__cell"><code class="utrecht-code">{{ f.name }}</code></td>
    <td class="utrecht-table__cell">{{ f.kind }}</td>
    <td class="utrecht-table__cell">{{ f.required|yesno:"ja,nee" }}</td>
    <td class="utrecht-table__cell">{{ f.description }}</td>
  </tr>{% endfor %}
  </tbody>
</table>
{% endif %}
<table class="utrecht-table">
  <caption class="utrecht-table__caption">Antwoorden op {{ op.method }} {{ op.path }}</caption>
  <thead class="utrecht-table__header"><tr class="utrecht-table__row">
    <th class="utrecht-table__header-cell" scope="col">Status</th>
    <th class="utrecht-table__header-cell" scope="col">Inhoud</th>
    <th class="utrecht-table__header-cell" scope="col">Betekenis</th>
  </tr></thead>
  <tbody class="utrecht-table__body">
  {% for r in op.responses %}<tr class="utrecht-table__row">
    <td class="utrecht-table__cell">{{ r.status }}</td>
    <td class="utrecht-table__cell">{% for f in r.fields %}<code class="utrecht-code">{{ f }}</code>{% if not forloop.last %}, {% endif %}{% endfor %}{% if r.content_type %} ({{ r.content_type }}){% endif %}</td>
    <td class="utrecht-table__cell">{{ r.description }}</td>
  </tr>{% endfor %}
  </tbody>
</table>
{% endfor %}

<h2 class="utrecht-heading-2" id="problemen">Foutmeldingen</h2>
<p class="utrecht-paragraph">Elke fout komt als <code class="utrecht-code">application/problem+json</code> (RFC 9457) met
  <code class="utrecht-code">type</code>, <code class="utrecht-code">title</code>, <code class="utrecht-code">status</code>,
  <code class="utrecht-code">detail</code> en <code class="utrecht-code">instance</code>; bij foute velden ook
  <code class="utrecht-code">invalid-params</code>, een lijst met per veld <code class="utrecht-code">name</code> en
  <code class="utrecht-code">reason</code>. Het <code class="utrecht-code">type</code> wijst naar de uitleg hieronder.</p>
<dl class="utrecht-data-list">
{% for kind in problem_kinds %}
  <div class="utrecht-data-list__item" id="probleem-{{ kind.slug }}">
    <dt class="utrecht-data-list__item-key">{{ kind.status }} — {{ kind.title }}</dt>
    <dd class="utrecht-data-list__item-value">{{ kind.detail }}</dd>
  </div>
{% endfor %}
</dl>
{% endblock %}
"""

WHERE = {"query": "in het adres (?…)", "path": "in het pad", "header": "kop"}


@functools.cache
def api_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def with_code(text: str):
    """Markdown's `code` spans as <code>, everything else escaped."""
    pieces = text.split("`")
    return mark_safe(  # noqa: S308 - every piece is escaped by format_html / conditional_escape
        "".join(
            format_html('<code class="utrecht-code">{}</code>', piece)
            if n % 2
            else conditional_escape(piece)
            for n, piece in enumerate(pieces)
        )
    )


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _kind_of(schema: dict, node: dict) -> str:
    node = _resolve(schema, node)
    if "enum" in node:
        return "een van: " + ", ".join(str(v) for v in node["enum"] if v)
    if node.get("format") == "date":
        return "datum (jjjj-mm-dd)"
    kinds = {"string": "tekst", "integer": "geheel getal", "object": "object", "array": "lijst"}
    kind = kinds.get(node.get("type", ""), node.get("type", ""))
    if "maxLength" in node:
        kind += f", hoogstens {node['maxLength']} tekens"
    return kind


def docs_operations(schema: dict) -> list[dict]:
    # Paths in the schema are relative to the server URL (NLGov: the major version lives there);
    # the page shows them whole, as a developer types them.
    servers = schema.get("servers") or [{}]
    base = urlsplit(servers[0].get("url", "")).path.rstrip("/")
    operations = []
    for relative_path, methods in schema["paths"].items():
        path = base + relative_path
        for method, op in methods.items():
            body = []
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                node = _resolve(schema, content["application/json"]["schema"])
                required = set(node.get("required", []))
                body = [
                    {
                        "name": name,
                        "kind": _kind_of(schema, prop),
                        "required": name in required,
                        "description": with_code(
                            prop.get("description") or _resolve(schema, prop).get("description", "")
                        ),
                    }
                    for name, prop in node.get("properties", {}).items()
                ]
            responses = []
            for code, response in op.get("responses", {}).items():
                content_type, fields = "", []
                for content_type, media in response.get("content", {}).items():  # noqa: B007
                    fields = list(_resolve(schema, media.get("schema", {})).get("properties", {}))
                responses.append(
                    {
                        "status": code,
                        "content_type": content_type,
                        "fields": fields,
                        "description": with_code(response.get("description", "")),
                    }
                )
            operations.append(
                {
                    "anchor": op.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": [
                        with_code(p) for p in op.get("description", "").split("\n\n") if p
                    ],
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": WHERE.get(p["in"], p["in"]),
                            "required": p.get("required", False),
                            "description": with_code(p.get("description", "")),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": body,
                    "responses": responses,
                }
            )
    return operations


class ApiDocsView(View):
    """The API's documentation, for the developers of partner systems: public, like the schema."""

    http_method_names = ["get", "head"]

    def get(self, request):
        # The API speaks Dutch whatever language the web application is set to; the page's
        # lang attribute must say so.
        with translation.override("nl"):
            return self.render(request)

    def render(self, request):
        schema = api_schema()
        template = engines["django"].from_string(DOCS_TEMPLATE)
        context = {
            "info": schema["info"],
            "schema_url": reverse("api:schema"),
            "schema_json_url": reverse("api:openapi-json"),
            "security": [
                with_code(scheme.get("description", ""))
                for scheme in schema.get("components", {}).get("securitySchemes", {}).values()
            ],
            "operations": docs_operations(schema),
            "problem_kinds": PROBLEM_KINDS,
        }
        return HttpResponse(template.render(context, request))
