"""Screens for the functional administrator: users, teams and areas of their municipality."""

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import queries, services
from .forms import (
    AreaForm,
    LoginForm,
    SecondFactorCodeForm,
    SsoRoleMappingForm,
    TeamForm,
    UserForm,
)
from .models import SecurityEvent, SsoRoleMapping
from .policy import Permission, PermissionRequiredMixin, needs_second_factor
from .second_factor import key_base32, provisioning_uri, qr_svg
from .sso import SsoRefusedError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.OIDC_ENABLED
        context["second_factor_required"] = settings.TWO_FACTOR_REQUIRED
        return context


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
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object is not None:
            context["second_factor"] = {
                "set_up": services.second_factor_confirmed(user=self.object),
                "reset_url": reverse("accounts:user-otp-reset", kwargs={"pk": self.object.pk}),
                "sso": bool(self.object.sso_subject),
            }
        return context


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


# The second factor (TOTP) after a local password.

SETUP_KEY_SESSION = "stabiel_otp_setup_key"


def safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class SecondFactorMixin(LoginRequiredMixin):
    template_name = "accounts/second_factor.html"
    form_class = SecondFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not needs_second_factor(request.user) or request.user.is_verified():
            return redirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.POST.get("next") or self.request.GET.get("next") or ""
        return context

    def done(self, device):
        otp_login(self.request, device)
        return redirect(safe_next(self.request))


class SecondFactorSetupView(SecondFactorMixin, FormView):
    """A user without a device: scan the QR code (or type the key), confirm with a code."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and services.second_factor_confirmed(user=request.user):
            return redirect(f"{reverse('accounts:otp-verify')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def key(self) -> str:
        key = self.request.session.get(SETUP_KEY_SESSION)
        if not key:
            key = random_hex(20)
            self.request.session[SETUP_KEY_SESSION] = key
        return key

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key = self.key()
        uri = provisioning_uri(
            key_hex=key, account=self.request.user.get_username(), issuer=settings.OTP_TOTP_ISSUER
        )
        context["setup"] = True
        context["qr_svg"] = qr_svg(uri, title=_("QR-code om Stabiel aan uw app toe te voegen"))
        context["key_text"] = key_base32(key)
        return context

    def form_valid(self, form):
        device = services.second_factor_confirm(
            user=self.request.user, key_hex=self.key(), token=form.cleaned_data["code"]
        )
        if device is None:
            form.add_error(
                "code",
                _(
                    "Deze code klopt niet. Kijk of u de code van Stabiel gebruikt en of de tijd "
                    "op uw telefoon goed staat. Probeer het daarna opnieuw."
                ),
            )
            return self.form_invalid(form)
        del self.request.session[SETUP_KEY_SESSION]
        messages.success(self.request, _("De tweede stap is ingesteld."))
        return self.done(device)


class SecondFactorVerifyView(SecondFactorMixin, FormView):
    """A user with a device enters the code the app shows now."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.second_factor_confirmed(
            user=request.user
        ):
            return redirect(f"{reverse('accounts:otp-setup')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=True).first()
        allowed, _detail = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                "code",
                _(
                    "U hebt te vaak een verkeerde code gegeven. Wacht een minuut en probeer het opnieuw."
                ),
            )
            return self.form_invalid(form)
        if not device.verify_token(form.cleaned_data["code"]):
            form.add_error(
                "code",
                _(
                    "Deze code klopt niet. Neem de code die de app nu laat zien en probeer het opnieuw."
                ),
            )
            return self.form_invalid(form)
        return self.done(device)


class SecondFactorResetView(AdminScreenMixin, View):
    """The administrator removes a user's device (lost or new phone); logged."""

    http_method_names = ["post"]

    def post(self, request, pk):
        user = queries.user_get(municipality=self.municipality, pk=pk)
        services.second_factor_reset(actor=request.user, user=user)
        messages.success(
            request,
            _(
                "De tweede stap van %(name)s is teruggezet. Bij de volgende keer inloggen stelt "
                "deze persoon een nieuwe app in."
            )
            % {"name": user.get_username()},
        )
        return redirect("accounts:user-update", pk=user.pk)


# Municipal single sign-on (OpenID Connect).


class SsoEnabledMixin:
    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SsoStartView(SsoEnabledMixin, OIDCAuthenticationRequestView):
    pass


class SsoCallbackView(SsoEnabledMixin, OIDCAuthenticationCallbackView):
    refusal = ""

    def get(self, request):
        try:
            return super().get(request)
        except SsoRefusedError as exc:
            self.refusal = str(exc)
        except SuspiciousOperation:
            # A state that is not ours (an old tab, a forged link) or a token that does not check.
            self.refusal = _(
                "Inloggen via uw gemeente is niet gelukt: het antwoord hoort niet bij deze "
                "inlogpoging. Begin opnieuw met de knop hieronder."
            )
        except (requests.RequestException, jwt.PyJWTError, ValueError, KeyError, TypeError):
            self.refusal = _(
                "De inlogdienst van uw gemeente antwoordt nu niet goed. Probeer het over een "
                "paar minuten opnieuw, of log in met uw wachtwoord als u dat hebt."
            )
        return self.login_failure()

    def login_failure(self):
        messages.error(
            self.request,
            self.refusal or _("Inloggen via uw gemeente is niet gelukt. Probeer het opnieuw."),
        )
        return redirect("accounts:login")


class SsoRoleMappingListView(AdminScreenMixin, FormView):
    """Which group at the municipality's identity provider gives which role in Stabiel."""

    template_name = "accounts/sso_mapping_list.html"
    form_class = SsoRoleMappingForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality"] = self.municipality
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mappings"] = SsoRoleMapping.objects.filter(
            municipality=self.municipality
        ).select_related("team")
        context["sso_enabled"] = settings.OIDC_ENABLED
        context["role_claim"] = settings.OIDC_ROLE_CLAIM
        context["events"] = SecurityEvent.objects.filter(
            municipality=self.municipality
        ).select_related("user", "actor")[:20]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        services.sso_role_mapping_add(
            actor=self.request.user,
            claim_value=data["claim_value"],
            role=data["role"],
            team=data["team"],
        )
        messages.success(self.request, _("Opgeslagen."))
        return redirect("accounts:sso-mapping-list")


class SsoRoleMappingDeleteView(AdminScreenMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        mapping = get_object_or_404(SsoRoleMapping, municipality=self.municipality, pk=pk)
        services.sso_role_mapping_remove(actor=request.user, mapping=mapping)
        messages.success(request, _("Verwijderd."))
        return redirect("accounts:sso-mapping-list")
