from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("toegang/", views.AccessLogView.as_view(), name="access-log"),
    path("verwerkingen/", views.ProcessingLogView.as_view(), name="processing-log"),
]
