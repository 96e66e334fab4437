from django.urls import path

from . import views

app_name = "inventory"
urlpatterns = [
    path("", views.OfferingListView.as_view(), name="offering-list"),
    path("aanbod/<int:pk>/", views.OfferingDetailView.as_view(), name="offering-detail"),
    path(
        "aanbod/<int:offering_pk>/wijzigen/",
        views.OfferingFormView.as_view(),
        name="offering-edit",
    ),
    path("aanbod/<int:pk>/stoppen/", views.OfferingEndView.as_view(), name="offering-end"),
    path("aanbieders/", views.ProviderListView.as_view(), name="provider-list"),
    path("aanbieders/nieuw/", views.ProviderFormView.as_view(), name="provider-create"),
    path("aanbieders/<int:pk>/", views.ProviderDetailView.as_view(), name="provider-detail"),
    path("aanbieders/<int:pk>/wijzigen/", views.ProviderFormView.as_view(), name="provider-edit"),
    path(
        "aanbieders/<int:pk>/aanbod/nieuw/",
        views.OfferingFormView.as_view(),
        name="offering-create",
    ),
    path("instellingen/", views.SettingsView.as_view(), name="settings"),
    path("regio-per-kader/", views.FrameRegionListView.as_view(), name="frame-regions"),
    path(
        "regio-per-kader/<int:pk>/wijzigen/",
        views.FrameRegionEditView.as_view(),
        name="frame-region-edit",
    ),
    path("dekking/", views.CoverageView.as_view(), name="coverage"),
    path("tekorten/", views.GapReportView.as_view(), name="gap-report"),
    path("tekorten/naar-plan/", views.GapToPlanView.as_view(), name="gap-to-plan"),
    path("normen/", views.NormListView.as_view(), name="norm-list"),
    path("uitwisselen/", views.ExchangeView.as_view(), name="exchange"),
    path("uitwisselen/inlezen/", views.ImportCommitView.as_view(), name="import-commit"),
]
