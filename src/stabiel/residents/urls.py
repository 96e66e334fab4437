from django.urls import path

from . import feed_views, views

app_name = "residents"
urlpatterns = [
    path("zoeken/", views.HouseholdSearchView.as_view(), name="search"),
    path("huishoudens/<int:pk>/", views.HouseholdDetailView.as_view(), name="household-detail"),
    path(
        "huishoudens/<int:pk>/contact/<int:person_pk>/",
        views.ContactEditView.as_view(),
        name="contact-edit",
    ),
    path("basisregistratie/", feed_views.RegisterFeedListView.as_view(), name="feed-list"),
    path(
        "basisregistratie/<int:pk>/",
        feed_views.RegisterFeedDetailView.as_view(),
        name="feed-detail",
    ),
    path(
        "basisregistratie/<int:pk>/bevestigen/",
        feed_views.RegisterFeedConfirmView.as_view(),
        name="feed-confirm",
    ),
    path(
        "basisregistratie/<int:pk>/niet-verwerken/",
        feed_views.RegisterFeedDiscardView.as_view(),
        name="feed-discard",
    ),
    path(
        "basisregistratie/voorbeeld/<slug:name>/",
        feed_views.RegisterFeedSampleView.as_view(),
        name="feed-sample",
    ),
]
