from django.urls import path

from . import alert_views

app_name = "alerts"
urlpatterns = [
    path("", alert_views.AlertListView.as_view(), name="alert-list"),
    path("<int:pk>/", alert_views.AlertDetailView.as_view(), name="alert-detail"),
    path("<int:pk>/<slug:action>/", alert_views.AlertActionView.as_view(), name="alert-action"),
]
