"""The public rule register (no login) and rule management for the functional administrator."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from stabiel.accounts.models import Municipality, User
from stabiel.accounts.policy import (
    Permission,
    PermissionRequiredMixin,
    signed_in_municipality,
    signed_in_user,
)

from . import queries, register, services, whatif
from .forms import RuleVersionForm, VersionWithdrawForm
from .models import Rule

# The public register ------------------------------------------------------------------------


def _register_municipality(request: HttpRequest) -> Municipality | None:
    """?gemeente=GM0355 chooses; without it a logged-in user sees their own municipality, and a
    database with one municipality shows that one. None: the visitor has to choose."""
    code = request.GET.get("gemeente", "").strip()
    if code:
        return queries.register_municipality_get(cbs_code=code)
    user = request.user
    if isinstance(user, User) and user.is_authenticated and user.municipality_id:
        return user.municipality
    municipalities = list(queries.register_municipality_list()[:2])
    if not municipalities:
        raise Http404  # no municipality, so no register to show
    return municipalities[0] if len(municipalities) == 1 else None


def _register_urls(request: HttpRequest, municipality: Municipality) -> tuple[str, str]:
    query = f"?gemeente={municipality.cbs_code}"
    return (
        request.build_absolute_uri(reverse("rules:register") + query),
        request.build_absolute_uri(reverse("rules:register-json") + query),
    )


class RuleRegisterView(View):
    """Open to everyone: which rules a municipality uses, why, and since when."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        municipality = _register_municipality(request)
        if municipality is None:
            return render(
                request,
                "rules/register_choose.html",
                {"municipalities": queries.register_municipality_list()},
            )
        data = register.register_build(municipality=municipality, today=timezone.localdate())
        _website, json_url = _register_urls(request, municipality)
        return render(request, "rules/register.html", {"register": data, "json_url": json_url})


class RuleRegisterJsonView(View):
    """The register in the fields of the Algoritmeregister publication standard 1.0."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            municipality = _register_municipality(request)
        except Http404:
            return JsonResponse({"fout": "Onbekende gemeente."}, status=404)
        if municipality is None:
            return JsonResponse(
                {
                    "fout": "Kies een gemeente, bijvoorbeeld ?gemeente=GM0355.",
                    "gemeenten": [
                        {"cbs_code": m.cbs_code, "name": m.name}
                        for m in queries.register_municipality_list()
                    ],
                },
                status=400,
            )
        website, json_url = _register_urls(request, municipality)
        with translation.override("nl"):  # the standard asks for Dutch ("lang": "nld")
            data = register.register_build(municipality=municipality, today=timezone.localdate())
            body = register.register_json(data, website=website, url=json_url)
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})


# Rule management ----------------------------------------------------------------------------


def _entry(rule: Rule, municipality: Municipality) -> register.RuleEntry:
    return register.rule_entry(
        rule,
        today=timezone.localdate(),
        signal_names=queries.signal_type_names(municipality=municipality),
        publications=queries.publication_map(),
    )


class RuleListView(PermissionRequiredMixin, View):
    permission = Permission.RULES_MANAGE
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        municipality = signed_in_municipality(request)
        publications = queries.publication_map()
        names = queries.signal_type_names(municipality=municipality)
        today = timezone.localdate()
        entries = [
            register.rule_entry(rule, today=today, signal_names=names, publications=publications)
            for rule in queries.rule_list(municipality=municipality)
            if rule.versions.all()
        ]
        return render(request, "rules/rule_list.html", {"entries": entries})


class RuleDetailView(PermissionRequiredMixin, View):
    permission = Permission.RULES_MANAGE
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        municipality = signed_in_municipality(request)
        rule = queries.rule_get(municipality=municipality, pk=pk)
        threshold = settings.SMALL_NUMBER_THRESHOLD
        counts = queries.version_alert_counts(rule=rule)
        entry = _entry(rule, municipality)
        versions = [
            {"version": v, "alerts": whatif.suppress(counts.get(v.pk, 0), threshold=threshold)}
            for v in entry.versions
        ]
        return render(
            request,
            "rules/rule_detail.html",
            {
                "rule": rule,
                "entry": entry,
                "versions": versions,
                "withdrawn": queries.withdrawn_versions(rule=rule),
                "threshold": threshold,
            },
        )


class RuleVersionCreateView(PermissionRequiredMixin, View):
    """A new version of a rule. "Proberen" shows what the settings would have raised over the
    last twelve months and stores nothing; "Opslaan" stores the version."""

    permission = Permission.RULES_MANAGE
    http_method_names = ["get", "post"]
    TRY = "proberen"

    def setup_rule(self, request: HttpRequest, pk: int) -> None:
        self.municipality = signed_in_municipality(request)
        self.rule = queries.rule_get(municipality=self.municipality, pk=pk)
        self.latest = self.rule.versions.all()[0]
        self.entry = _entry(self.rule, self.municipality)
        self.today = timezone.localdate()

    def form(self, data: Any = None, *, trial: bool = False) -> RuleVersionForm:
        return RuleVersionForm(
            data,
            current=self.latest,
            today=self.today,
            signal_type_choices=queries.signal_type_choices(municipality=self.municipality),
            trial=trial,
        )

    def render(
        self, form: RuleVersionForm, *, trial: dict[str, Any] | None = None, status: int = 200
    ) -> HttpResponse:
        return render(
            self.request,
            "rules/version_form.html",
            {
                "rule": self.rule,
                "entry": self.entry,
                "latest": self.latest,
                "form": form,
                "trial": trial,
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.setup_rule(request, pk)
        return self.render(self.form())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.setup_rule(request, pk)
        trial = request.POST.get("stap") == self.TRY
        form = self.form(request.POST, trial=trial)
        if not form.is_valid():
            return self.render(form)
        if trial:
            live = next(
                (v for v in self.rule.versions.all() if v.pk == self.entry.shown.pk), self.latest
            )
            result = queries.rule_whatif(
                municipality=self.municipality,
                kind=form.kind,
                proposed_params=form.cleaned_data["params"],
                current_params=form.kind.clean_params(live.params),
                today=self.today,
                threshold=settings.SMALL_NUMBER_THRESHOLD,
            )
            return self.render(form, trial={"result": result, "live": live})
        try:
            version = services.rule_version_create(
                actor=signed_in_user(request),
                rule=self.rule,
                params=form.cleaned_data["params"],
                action=form.cleaned_data["action"],
                due_working_days=form.cleaned_data["due_working_days"],
                in_force_from=form.cleaned_data["in_force_from"],
                purpose=form.cleaned_data["purpose"],
                legal_basis=form.cleaned_data["legal_basis"],
                change_note=form.cleaned_data["change_note"],
            )
        except services.RuleInputError as exc:
            form.add_error(None, str(exc))
            return self.render(form)
        messages.success(
            request,
            _("Versie %(number)s is opgeslagen. Die geldt vanaf %(date)s.")
            % {"number": version.number, "date": date_format(version.in_force_from, "j F Y")},
        )
        return redirect("rules:rule-detail", pk=self.rule.pk)


class RuleVersionWithdrawView(PermissionRequiredMixin, View):
    """Withdraw a version planned for the future, before it starts (GET asks why, POST does it)."""

    permission = Permission.RULES_MANAGE
    http_method_names = ["get", "post"]

    def render(self, form: VersionWithdrawForm, *, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "rules/version_withdraw.html",
            {"version": self.version, "rule": self.version.rule, "form": form},
            status=status,
        )

    def setup_version(self, request: HttpRequest, pk: int, version_pk: int) -> None:
        self.version = queries.planned_version_get(
            municipality=signed_in_municipality(request), rule_pk=pk, version_pk=version_pk
        )

    def get(self, request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
        self.setup_version(request, pk, version_pk)
        return self.render(VersionWithdrawForm())

    def post(self, request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
        self.setup_version(request, pk, version_pk)
        form = VersionWithdrawForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            services.rule_version_withdraw(
                actor=signed_in_user(request),
                version_id=self.version.pk,
                reason=form.cleaned_data["reason"],
            )
        except services.RuleInputError as exc:
            form.add_error(None, str(exc))
            return self.render(form, status=400)
        messages.success(
            request,
            _("Versie %(number)s is ingetrokken. Die gaat niet in.")
            % {"number": self.version.number},
        )
        return redirect("rules:rule-detail", pk=pk)
