from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("", views.RuleListView.as_view(), name="rule-list"),
    path("register/", views.RuleRegisterView.as_view(), name="register"),
    path("register.json", views.RuleRegisterJsonView.as_view(), name="register-json"),
    path("<int:pk>/", views.RuleDetailView.as_view(), name="rule-detail"),
    path("<int:pk>/nieuwe-versie/", views.RuleVersionCreateView.as_view(), name="version-create"),
    path(
        "<int:pk>/versies/<int:version_pk>/intrekken/",
        views.RuleVersionWithdrawView.as_view(),
        name="version-withdraw",
    ),
]
