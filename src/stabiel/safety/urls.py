from django.urls import path

from . import views

app_name = "safety"
urlpatterns = [
    path("casus/<int:pk>/", views.SafetyCaseView.as_view(), name="case"),
    path(
        "casus/<int:pk>/voortgang/<int:item>/",
        views.ProgressPrintView.as_view(),
        name="progress-print",
    ),
    path("casus/<int:pk>/<slug:action>/", views.SafetyActionView.as_view(), name="case-action"),
    path(
        "casus/<int:pk>/<slug:action>/<int:item>/",
        views.SafetyActionView.as_view(),
        name="case-item-action",
    ),
    path("escalatieladder/", views.LadderView.as_view(), name="ladder"),
    path("casusreview/", views.ReviewListView.as_view(), name="reviews"),
    path("casusreview/<int:pk>/", views.ReviewView.as_view(), name="review"),
    path("consulten/", views.ConsultInboxView.as_view(), name="consults"),
    path("vrij-budget/", views.FreeBudgetView.as_view(), name="free-budget"),
]
