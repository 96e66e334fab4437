from django.urls import path

from . import views

app_name = "plainlanguage"
urlpatterns = [
    path("", views.LetterCheckView.as_view(), name="check"),
    path("woorden/", views.JargonListView.as_view(), name="jargon-list"),
    path("woorden/<int:pk>/", views.JargonEditView.as_view(), name="jargon-edit"),
    path("woorden/<int:pk>/verwijderen/", views.JargonDeleteView.as_view(), name="jargon-delete"),
]
