from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import PasswordChangeForm

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/code/", views.SecondFactorVerifyView.as_view(), name="otp-verify"),
    path("inloggen/code-instellen/", views.SecondFactorSetupView.as_view(), name="otp-setup"),
    path("inloggen/gemeente/", views.SsoStartView.as_view(), name="sso-start"),
    path("inloggen/gemeente/terug/", views.SsoCallbackView.as_view(), name="sso-callback"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            form_class=PasswordChangeForm,
            success_url=reverse_lazy("accounts:password-change-done"),
        ),
        name="password-change",
    ),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password-change-done",
    ),
    path("gebruikers/", views.UserListView.as_view(), name="user-list"),
    path("gebruikers/nieuw/", views.UserCreateView.as_view(), name="user-create"),
    path("gebruikers/<int:pk>/", views.UserUpdateView.as_view(), name="user-update"),
    path(
        "gebruikers/<int:pk>/tweede-stap-terugzetten/",
        views.SecondFactorResetView.as_view(),
        name="user-otp-reset",
    ),
    path("inloggen-via-gemeente/", views.SsoRoleMappingListView.as_view(), name="sso-mapping-list"),
    path(
        "inloggen-via-gemeente/<int:pk>/verwijderen/",
        views.SsoRoleMappingDeleteView.as_view(),
        name="sso-mapping-delete",
    ),
    path("teams/", views.TeamListView.as_view(), name="team-list"),
    path("teams/nieuw/", views.TeamCreateView.as_view(), name="team-create"),
    path("teams/<int:pk>/", views.TeamUpdateView.as_view(), name="team-update"),
    path("gebieden/", views.AreaListView.as_view(), name="area-list"),
    path("gebieden/nieuw/", views.AreaCreateView.as_view(), name="area-create"),
    path("gebieden/<int:pk>/", views.AreaUpdateView.as_view(), name="area-update"),
]
