from django.urls import path

from . import views

app_name = "plainlanguage"
urlpatterns = [
    path("", views.LetterCheckView.as_view(), name="check"),
    path("woorden/", views.JargonListView.as_view(), name="jargon-list"),
    path("woorden/<int:pk>/", views.JargonEditView.as_view(), name="jargon-edit"),
    path("woorden/<int:pk>/verwijderen/", views.JargonDeleteView.as_view(), name="jargon-delete"),
    path("sjablonen/", views.TemplateListView.as_view(), name="template-list"),
    path("sjablonen/<int:pk>/", views.TemplateDetailView.as_view(), name="template-detail"),
    path(
        "sjablonen/<int:pk>/actief/", views.TemplateActivateView.as_view(), name="template-activate"
    ),
    path(
        "sjablonen/<int:pk>/uitzetten/",
        views.TemplateDeactivateView.as_view(),
        name="template-deactivate",
    ),
]
