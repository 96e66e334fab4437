from django.urls import path

from . import turning18_views, views

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
    path("18-jaar/", turning18_views.TurningEighteenView.as_view(), name="turning-18"),
    path(
        "18-jaar/<int:pk>/",
        turning18_views.TurningEighteenListView.as_view(),
        name="turning-18-list",
    ),
    path("<int:pk>/", views.LetterDetailView.as_view(), name="letter-detail"),
    path("<int:pk>/verstuurd/", views.LetterSentView.as_view(), name="letter-sent"),
    path("<int:pk>/brief.pdf", views.LetterPdfView.as_view(), name="letter-pdf"),
]
