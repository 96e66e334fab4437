from django.urls import path

from . import views

app_name = "supporters"
urlpatterns = [
    path("", views.MarkListView.as_view(), name="mark-list"),
    path("nieuw/", views.MarkStartView.as_view(), name="mark-start"),
    path(
        "huishoudens/<int:household_id>/nieuw/",
        views.MarkCreateView.as_view(),
        name="mark-create",
    ),
    path("export.csv", views.MarkExportView.as_view(), name="mark-export"),
    path("<int:pk>/", views.MarkDetailView.as_view(), name="mark-detail"),
    path("<int:pk>/verlengen/", views.MarkExtendView.as_view(), name="mark-extend"),
    path("<int:pk>/postadres/", views.MarkAddressView.as_view(), name="mark-address"),
    path("<int:pk>/beeindigen/", views.MarkEndView.as_view(), name="mark-end"),
]
