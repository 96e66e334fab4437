from django.urls import path

from . import views

app_name = "residents"
urlpatterns = [
    path("zoeken/", views.HouseholdSearchView.as_view(), name="search"),
    path("huishoudens/<int:pk>/", views.HouseholdDetailView.as_view(), name="household-detail"),
    path(
        "huishoudens/<int:pk>/contact/<int:person_pk>/",
        views.ContactEditView.as_view(),
        name="contact-edit",
    ),
]
