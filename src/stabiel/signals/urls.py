from django.urls import path

from . import views
from .manage_views import (
    ColumnMappingListView,
    ColumnMappingUpdateView,
    DecisionCreateView,
    PartnerKeyCreateView,
    PartnerKeyListView,
    PartnerKeyRevokeView,
    PartnerKeyRotateView,
)
from .unmatched_views import UnmatchedDetailView, UnmatchedListView

app_name = "signals"
urlpatterns = [
    path("melden/", views.SignalReportView.as_view(), name="report"),
    path("ongekoppeld/", UnmatchedListView.as_view(), name="unmatched-list"),
    path("ongekoppeld/<int:pk>/", UnmatchedDetailView.as_view(), name="unmatched-detail"),
    path("mijn-meldingen/", views.OwnSignalListView.as_view(), name="own-list"),
    path(
        "mijn-meldingen/<int:pk>/intrekken/",
        views.SignalWithdrawView.as_view(),
        name="own-withdraw",
    ),
    path("sleutels/", PartnerKeyListView.as_view(), name="key-list"),
    path("sleutels/nieuw/", PartnerKeyCreateView.as_view(), name="key-create"),
    path("sleutels/<int:pk>/vervangen/", PartnerKeyRotateView.as_view(), name="key-rotate"),
    path("sleutels/<int:pk>/intrekken/", PartnerKeyRevokeView.as_view(), name="key-revoke"),
    path("bestanden/", views.BatchListView.as_view(), name="batch-list"),
    path("bestanden/nieuw/", views.BatchUploadView.as_view(), name="batch-upload"),
    path("bestanden/voorbeeld.csv", views.SampleFileView.as_view(), name="sample-file"),
    path("bestanden/<int:pk>/", views.BatchDetailView.as_view(), name="batch-detail"),
    path("bestanden/<int:pk>/status/", views.BatchStatusView.as_view(), name="batch-status"),
    path("bestanden/<int:pk>/opnieuw/", views.BatchRetryView.as_view(), name="batch-retry"),
    path(
        "bestanden/<int:pk>/afgekeurd.csv",
        views.BatchRejectionsCsvView.as_view(),
        name="batch-rejections",
    ),
    path(
        "beschikkingen/nieuw/",
        DecisionCreateView.as_view(),
        name="decision-create",
    ),
    path("koppelingen/", ColumnMappingListView.as_view(), name="mapping-list"),
    path(
        "koppelingen/<int:pk>/<slug:kind>/",
        ColumnMappingUpdateView.as_view(),
        name="mapping-update",
    ),
]
