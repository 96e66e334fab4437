from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.RouteView.as_view(), name="route"),
    path("functies/<slug:code>/", views.FunctionDetailView.as_view(), name="function-detail"),
    path("stappen/<int:number>/", views.StepDetailView.as_view(), name="step-detail"),
    path("stellingen/", views.StatementListView.as_view(), name="statement-list"),
    path("stellingen/<int:pk>/", views.StatementEditView.as_view(), name="statement-edit"),
    path("rondes/", views.RoundListView.as_view(), name="round-list"),
    path("rondes/<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path("rondes/<int:pk>/sluiten/", views.RoundCloseView.as_view(), name="round-close"),
    path("rondes/<int:pk>/uitkomsten/", views.RoundResultsView.as_view(), name="round-results"),
    path(
        "rondes/<int:pk>/uitkomsten.csv",
        views.RoundExportView.as_view(kind="csv"),
        name="round-results-csv",
    ),
    path(
        "rondes/<int:pk>/uitkomsten.pdf",
        views.RoundExportView.as_view(kind="pdf"),
        name="round-results-pdf",
    ),
    path(
        "deelnemers/<int:pk>/nieuwe-link/",
        views.RespondentRenewView.as_view(),
        name="respondent-renew",
    ),
    # Public: the respondent's signed link is the only key (no account).
    path("invullen/<str:token>/", views.RespondentAnswerView.as_view(), name="answer"),
]
