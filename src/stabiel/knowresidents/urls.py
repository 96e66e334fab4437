from django.urls import path

from . import views

app_name = "knowresidents"

urlpatterns = [
    path("", views.PictureView.as_view(), name="picture"),
    path("cijfers/", views.FigureLoadView.as_view(), name="load"),
    path("cijfers/voorbeeld.csv", views.SampleCsvView.as_view(), name="sample-csv"),
    path("cijfers/<int:pk>/verwijderen/", views.FigureLoadRemoveView.as_view(), name="load-remove"),
    path("gevallen/nieuw/", views.HardCaseCreateView.as_view(), name="hardcase-create"),
    path("bevindingen/nieuw/", views.ObservationCreateView.as_view(), name="observation-create"),
    path(
        "<slug:model>/<int:pk>/verwijderen/", views.RecordDeleteView.as_view(), name="record-delete"
    ),
    path("werkblad.pdf", views.WorksheetPdfView.as_view(), name="worksheet-pdf"),
]
