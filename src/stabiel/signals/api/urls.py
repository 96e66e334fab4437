"""/api/: the versioned partner API, its OpenAPI schema and its documentation page.

Paths follow the NLGov REST API Design Rules: the major version in the path, plural nouns,
no trailing slash. Any other address under /api/vN/ answers a 404 problem, not an HTML page.
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView

from . import views
from .exceptions import api_not_found

app_name = "api"
urlpatterns = [
    path("v1/signalen", views.SignalListCreateView.as_view(), name="signal-list"),
    path("v1/signalen/<int:pk>", views.SignalDetailView.as_view(), name="signal-detail"),
    # NLGov API-51: the OpenAPI document in JSON at a fixed place under the versioned root.
    path("v1/openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-json"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.ApiDocsView.as_view(), name="docs"),
    re_path(r"^v\d+(?:/.*)?$", api_not_found),
]
