"""Screens for the functional administrator: users, teams and areas of their municipality."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from . import queries, services
from .forms import AreaForm, TeamForm, UserForm
from .policy import Permission, PermissionRequiredMixin


class AdminScreenMixin(PermissionRequiredMixin):
    permission = Permission.USERS_MANAGE

    @property
    def municipality(self):
        return self.request.user.municipality


class UserListView(AdminScreenMixin, ListView):
    template_name = "accounts/user_list.html"
    context_object_name = "users"

    def get_queryset(self):
        return queries.user_list(municipality=self.municipality)


class TenantFormView(AdminScreenMixin, FormView):
    """Create or edit one row of the administrator's own municipality."""

    template_name = "accounts/form.html"
    success_url_name: str
    get_object = None

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        if request.user.is_authenticated and self.get_object and "pk" in kwargs:
            self.object = self.get_object(municipality=request.user.municipality, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality"] = self.municipality
        kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["heading"] = self.heading()
        context["back_url"] = reverse(self.success_url_name)
        return context

    def form_valid(self, form):
        self.save(form)
        messages.success(self.request, _("Opgeslagen."))
        return redirect(self.success_url_name)


class UserFormView(TenantFormView):
    form_class = UserForm
    success_url_name = "accounts:user-list"
    get_object = staticmethod(queries.user_get)

    def heading(self):
        return _("Gebruiker wijzigen") if self.object else _("Nieuwe gebruiker")

    def save(self, form):
        data = form.cleaned_data
        services.user_save(
            municipality=self.municipality,
            user=self.object,
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            roles=data["roles"],
            teams=data["teams"],
            partner_organisation=data["partner_organisation"],
            is_active=data["is_active"],
            password=data["new_password"] or None,
        )


class UserCreateView(UserFormView):
    pass


class UserUpdateView(UserFormView):
    pass


class TeamListView(AdminScreenMixin, ListView):
    template_name = "accounts/team_list.html"
    context_object_name = "teams"

    def get_queryset(self):
        return queries.team_list(municipality=self.municipality)


class TeamFormView(TenantFormView):
    form_class = TeamForm
    success_url_name = "accounts:team-list"
    get_object = staticmethod(queries.team_get)

    def heading(self):
        return _("Team wijzigen") if self.object else _("Nieuw team")

    def save(self, form):
        services.team_save(
            municipality=self.municipality,
            team=self.object,
            name=form.cleaned_data["name"],
            areas=form.cleaned_data["areas"],
        )


class TeamCreateView(TeamFormView):
    pass


class TeamUpdateView(TeamFormView):
    pass


class AreaListView(AdminScreenMixin, ListView):
    template_name = "accounts/area_list.html"
    context_object_name = "areas"

    def get_queryset(self):
        return queries.area_list(municipality=self.municipality)


class AreaFormView(TenantFormView):
    form_class = AreaForm
    success_url_name = "accounts:area-list"
    get_object = staticmethod(queries.area_get)

    def heading(self):
        return _("Gebied wijzigen") if self.object else _("Nieuw gebied")

    def save(self, form):
        data = form.cleaned_data
        services.area_save(
            municipality=self.municipality,
            area=self.object,
            name=data["name"],
            kind=data["kind"],
            cbs_code=data["cbs_code"],
            parent=data["parent"],
        )


class AreaCreateView(AreaFormView):
    pass


class AreaUpdateView(AreaFormView):
    pass
