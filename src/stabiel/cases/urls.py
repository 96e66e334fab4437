from django.urls import path

from . import referral_views, views

app_name = "cases"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="case-list"),
    path("nieuw/", views.CaseOpenView.as_view(), name="case-open"),
    path("instellingen/", views.CaseSettingsView.as_view(), name="settings"),
    path("werkverdeling/", views.WorkloadView.as_view(), name="workload"),
    path("melding/<int:alert_pk>/triage/", views.TriageView.as_view(), name="triage"),
    path(
        "basisregistratie/<int:pk>/gezien/",
        views.RegisterNoticeSeenView.as_view(),
        name="register-notice-seen",
    ),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("<int:pk>/brede-blik/", views.BroadLookView.as_view(), name="broad-look"),
    path("<int:pk>/plan/", views.PlanView.as_view(), name="plan"),
    path("<int:pk>/plan.pdf", views.PlanPdfView.as_view(), name="plan-pdf"),
    path("<int:pk>/doorverwijzen/", referral_views.ReferralView.as_view(), name="referrals"),
    path(
        "<int:pk>/doorverwijzen/<int:item>/",
        referral_views.ReferralView.as_view(),
        name="referral-status",
    ),
    path(
        "<int:pk>/doelen/<int:item>/aanbod/",
        referral_views.GoalOfferingView.as_view(),
        name="goal-offering",
    ),
    path("<int:pk>/afsluiten/", views.CloseView.as_view(), name="close"),
    path("<int:pk>/<slug:action>/", views.CaseActionView.as_view(), name="case-action"),
    path(
        "<int:pk>/<slug:action>/<int:item>/",
        views.CaseActionView.as_view(),
        name="case-item-action",
    ),
]
