from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("toegang/", views.AccessLogView.as_view(), name="access-log"),
    path("toegang/wie-keek/", views.WhoLookedView.as_view(), name="who-looked"),
    path("verwerkingen/", views.ProcessingLogView.as_view(), name="processing-log"),
    path("bewaartermijnen/", views.RetentionListView.as_view(), name="retention-list"),
    path(
        "bewaartermijnen/<str:record_type>/",
        views.RetentionEditView.as_view(),
        name="retention-edit",
    ),
    path("verzoeken/", views.InspectionRequestListView.as_view(), name="request-list"),
    path("verzoeken/nieuw/", views.InspectionRequestCreateView.as_view(), name="request-create"),
    path("verzoeken/<int:pk>/", views.InspectionRequestDetailView.as_view(), name="request-detail"),
    path(
        "verzoeken/<int:pk>/afhandelen/",
        views.InspectionRequestHandleView.as_view(),
        name="request-handle",
    ),
    path("inzage/", views.InspectionSearchView.as_view(), name="inspection"),
    path("inzage/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection-person"),
    path(
        "inzage/<int:pk>/gegevens.pdf",
        views.InspectionPdfView.as_view(),
        name="inspection-pdf",
    ),
    path(
        "inzage/<int:pk>/gegevens.json",
        views.InspectionJsonView.as_view(),
        name="inspection-json",
    ),
    path(
        "inzage/<int:pk>/identiteit/",
        views.IdentityCorrectView.as_view(),
        name="identity-correct",
    ),
    path(
        "inzage/<int:pk>/signalen/<int:signal_id>/",
        views.SignalContestView.as_view(),
        name="signal-contest",
    ),
]
