from django.urls import path

from . import cycle_views, edit_views, publish_views, views
from .models import OwnQuestion

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan-list"),
    path("nieuw/", views.PlanCreateView.as_view(), name="plan-create"),
    path("werkbladen/", views.WorksheetListView.as_view(), name="worksheet-list"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("<int:pk>/wijzigen/", views.PlanEditView.as_view(), name="plan-edit"),
    path("<int:pk>/werksessies/nieuw/", views.SessionCreateView.as_view(), name="session-create"),
    path("<int:pk>/vlaggen/nieuw/", views.FlagCreateView.as_view(), name="flag-create"),
    path("<int:pk>/maatregelen/nieuw/", views.MeasureCreateView.as_view(), name="measure-create"),
    path("werksessies/<int:pk>/", views.SessionDetailView.as_view(), name="session-detail"),
    path(
        "werksessies/<int:pk>/samenvoegen/",
        views.SessionMergedView.as_view(),
        name="session-merged",
    ),
    path(
        "deelnemers/<int:pk>/nieuwe-link/",
        views.ParticipantSendView.as_view(),
        name="participant-send",
    ),
    path("antwoorden/<int:pk>/vlag/", views.AnswerToFlagView.as_view(), name="answer-flag"),
    path("vlaggen/<int:pk>/", views.FlagEditView.as_view(), name="flag-edit"),
    path("maatregelen/<int:pk>/", views.MeasureDetailView.as_view(), name="measure-detail"),
    path("maatregelen/<int:pk>/wijzigen/", views.MeasureEditView.as_view(), name="measure-edit"),
    path("<int:pk>/volgend-jaar/", cycle_views.PlanNextYearView.as_view(), name="plan-next-year"),
    path("<int:pk>/vlaggen/", cycle_views.FlagSearchView.as_view(), name="flag-search"),
    path("<int:pk>/voortgang/", cycle_views.PlanProgressView.as_view(), name="plan-progress"),
    path("<int:pk>/publiceren/", publish_views.PlanPublishView.as_view(), name="plan-publish"),
    path("gedeeld/", publish_views.SharedListView.as_view(), name="shared-list"),
    path(
        "gedeeld/maatregelen/<int:pk>/overnemen/",
        publish_views.SharedAdoptView.as_view(),
        name="shared-adopt",
    ),
    path("<int:pk>/geschiedenis/", edit_views.PlanHistoryView.as_view(), name="plan-history"),
    path(
        "werksessies/<int:pk>/wijzigen/",
        edit_views.SessionEditView.as_view(),
        name="session-edit",
    ),
    path(
        "deelnemers/<int:pk>/wijzigen/",
        edit_views.ParticipantEditView.as_view(),
        name="participant-edit",
    ),
    path(
        "antwoorden/<int:pk>/corrigeren/",
        edit_views.AnswerCorrectView.as_view(),
        name="answer-correct",
    ),
    path(
        "eigen-vragen/<int:pk>/corrigeren/",
        edit_views.AnswerCorrectView.as_view(model=OwnQuestion),
        name="own-question-correct",
    ),
    path(
        "voortgang/<int:pk>/wijzigen/", edit_views.ProgressEditView.as_view(), name="progress-edit"
    ),
    path(
        "verwijderen/<str:kind>/<int:pk>/",
        edit_views.PartRemoveView.as_view(),
        name="part-remove",
    ),
    path(
        "terugzetten/<str:kind>/<int:pk>/",
        edit_views.PartRestoreView.as_view(),
        name="part-restore",
    ),
    # Public: the participant's signed link is the only key (no account).
    path("deelnemen/<str:token>/", views.ParticipantAnswerView.as_view(), name="answer"),
]
