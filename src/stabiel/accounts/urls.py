from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import LoginForm, PasswordChangeForm

app_name = "accounts"
urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
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
    path("teams/", views.TeamListView.as_view(), name="team-list"),
    path("teams/nieuw/", views.TeamCreateView.as_view(), name="team-create"),
    path("teams/<int:pk>/", views.TeamUpdateView.as_view(), name="team-update"),
    path("gebieden/", views.AreaListView.as_view(), name="area-list"),
    path("gebieden/nieuw/", views.AreaCreateView.as_view(), name="area-create"),
    path("gebieden/<int:pk>/", views.AreaUpdateView.as_view(), name="area-update"),
]
