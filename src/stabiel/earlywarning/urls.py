from django.urls import path

from . import views

app_name = "earlywarning"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="report-list"),
    path("meldingen/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path(
        "meldingen/<int:pk>/contactpoging/",
        views.AttemptCreateView.as_view(),
        name="attempt-create",
    ),
    path("meldingen/<int:pk>/eindresultaat/", views.OutcomeSetView.as_view(), name="outcome-set"),
    path("signalen/<int:pk>/huishouden/", views.MatchDecideView.as_view(), name="match-decide"),
    path("bestanden/", views.BatchListView.as_view(), name="batch-list"),
    path("bestanden/nieuw/", views.BatchUploadView.as_view(), name="batch-upload"),
    path("bestanden/<int:pk>/", views.BatchDetailView.as_view(), name="batch-detail"),
    path("voorbeeld/<str:name>", views.SampleFileView.as_view(), name="sample-file"),
    path("terugkoppeling/", views.FeedbackView.as_view(), name="feedback"),
    path("terugkoppeling/mijn/", views.OwnFeedbackView.as_view(), name="own-feedback"),
    path("cijfers/", views.FiguresView.as_view(), name="figures"),
    path("leveringen/", views.DeliveryListView.as_view(), name="delivery-list"),
    path(
        "leveringen/<int:pk>/download/",
        views.DeliveryDownloadView.as_view(),
        name="delivery-download",
    ),
    path("instellingen/", views.SettingsView.as_view(), name="settings"),
]
