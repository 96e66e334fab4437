from django.urls import path

from . import views

app_name = "correspondence"
urlpatterns = [
    path(
        "huishoudens/<int:household_id>/",
        views.HouseholdLettersView.as_view(),
        name="household-letters",
    ),
    path(
        "huishoudens/<int:household_id>/eerst-bellen/",
        views.PhoneFirstCreateView.as_view(),
        name="phone-first-create",
    ),
    path(
        "huishoudens/<int:household_id>/gebeld/",
        views.PhoneCallView.as_view(),
        name="phone-call",
    ),
    path(
        "eerst-bellen/<int:pk>/beeindigen/",
        views.PhoneFirstEndView.as_view(),
        name="phone-first-end",
    ),
    path("<int:pk>/", views.LetterDetailView.as_view(), name="letter-detail"),
    path("<int:pk>/verstuurd/", views.LetterSentView.as_view(), name="letter-sent"),
    path("<int:pk>/brief.pdf", views.LetterPdfView.as_view(), name="letter-pdf"),
]
