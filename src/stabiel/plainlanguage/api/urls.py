from django.urls import path

from .views import LetterCheckApiView

app_name = "plainlanguage-api"
urlpatterns = [
    path("v1/brieftoets", LetterCheckApiView.as_view(), name="letter-check"),
]
