from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from stabiel.accounts.policy import Permission, PermissionRequiredMixin

from . import checking, outreach, queries, rendering, services
from .checker import LetterInputError, check
from .checker.documents import MAX_FILE_BYTES
from .forms import JargonPairForm, LetterForm, LetterTemplateForm

TEMPLATE = "plainlanguage/check.html"


# The check writes nothing and keeps nothing, so it is open to any writer, also without an
# account, and needs no CSRF token: a forged post would only check a text for its sender. Being
# exempt also lets the view itself read an oversized post and answer it in plain Dutch.
@method_decorator(csrf_exempt, name="dispatch")
class LetterCheckView(View):
    def get(self, request):
        initial = {"text": checking.sample_letter()} if request.GET.get("voorbeeld") else {}
        return render(request, TEMPLATE, {"form": LetterForm(initial=initial)})

    def post(self, request):
        try:
            form = LetterForm(request.POST, request.FILES)
        except RequestDataTooBig:
            return self._refused(
                _(
                    "Deze tekst is te lang om te toetsen. Plak een brief tot ongeveer veertig bladzijden."
                ),
                status=413,
            )
        if getattr(request, "upload_too_large", False):
            return self._refused(
                _(
                    "Dit bestand is te groot. Kies een bestand tot 2 MB, of plak de tekst van de brief."
                ),
                status=413,
            )
        if not form.is_valid():
            return render(request, TEMPLATE, {"form": form}, status=400)
        upload = form.cleaned_data.get("document")
        try:
            letter, result = checking.letter_check(
                text=form.cleaned_data.get("text"),
                file_name=upload.name if upload else None,
                file_data=upload.read(MAX_FILE_BYTES + 1) if upload else None,
                extra_jargon=queries.extra_jargon_for(request.user),
            )
        except LetterInputError as exc:
            form.add_error("document" if upload else "text", str(exc))
            return render(request, TEMPLATE, {"form": form}, status=400)
        items = rendering.numbered(result.marks)
        context = {
            "form": LetterForm(initial={"text": letter}),
            "result": result,
            "items": items,
            "letter_html": rendering.marked_html(letter, items),
            "counts": _counts(result),
            "limits": _limits(),
        }
        return render(request, TEMPLATE, context)

    def _refused(self, message: str, *, status: int):
        context = {"form": LetterForm(), "refusal": message}
        return render(self.request, TEMPLATE, context, status=status)


def _counts(result) -> list[tuple[str, int]]:
    return [
        (rendering.KIND_LABELS[kind], sum(m.kind == kind for m in result.marks))
        for kind in check.KINDS
    ]


def _limits() -> dict:
    return {
        "average": int(check.MAX_AVERAGE_SENTENCE),
        "long_sentence": check.LONG_SENTENCE_WORDS,
        "flesch": int(check.MIN_FLESCH_DOUMA),
        "long_words": round(check.MAX_LONG_WORD_SHARE * 100),
        "rare_words": round(check.MAX_RARE_WORD_SHARE * 100),
        "passive": round(check.MAX_PASSIVE_SHARE * 100),
        "jargon": check.MAX_JARGON_PER_100,
    }


class JargonListView(PermissionRequiredMixin, FormView):
    """The municipality's own word pairs, with a form to add one."""

    permission = Permission.MUNICIPAL_SETTINGS
    template_name = "plainlanguage/jargon_list.html"
    form_class = JargonPairForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pairs"] = queries.pair_list(municipality=self.request.user.municipality)
        context["national_count"] = len(check.jargon.default_pairs())
        return context

    def form_valid(self, form):
        try:
            pair = services.pair_create(actor=self.request.user, **form.cleaned_data)
        except services.PlainLanguageInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Toegevoegd: %(pair)s.") % {"pair": str(pair)})
        return redirect("plainlanguage:jargon-list")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class JargonEditView(PermissionRequiredMixin, FormView):
    permission = Permission.MUNICIPAL_SETTINGS
    template_name = "plainlanguage/jargon_form.html"
    form_class = JargonPairForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request.user, "municipality", None):
            self.pair = queries.pair_get(municipality=request.user.municipality, pk=kwargs["pk"])
        else:
            self.pair = None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.pair is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.pair is None:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"term": self.pair.term, "plain": self.pair.plain}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "pair": self.pair}

    def form_valid(self, form):
        try:
            services.pair_update(actor=self.request.user, pair=self.pair, **form.cleaned_data)
        except services.PlainLanguageInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Opgeslagen."))
        return redirect("plainlanguage:jargon-list")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class JargonDeleteView(PermissionRequiredMixin, View):
    permission = Permission.MUNICIPAL_SETTINGS
    http_method_names = ["post"]

    def post(self, request, pk):
        pair = queries.pair_get(municipality=request.user.municipality, pk=pk)
        if pair is None:
            raise Http404
        services.pair_delete(actor=request.user, pair=pair)
        messages.success(request, _("Verwijderd: %(pair)s.") % {"pair": str(pair)})
        return redirect("plainlanguage:jargon-list")


# Outreach letter templates ---------------------------------------------------------------------


def _check_context(checked) -> dict:
    """The check of a template as the letter check page shows it: verdict, reasons, marks."""
    items = rendering.numbered(checked.result.marks)
    return {
        "checked": checked,
        "check_items": items,
        "check_html": rendering.marked_html(checked.text, items),
    }


class TemplateListView(PermissionRequiredMixin, FormView):
    """The municipality's outreach letter templates, with a form to write a new one."""

    permission = Permission.MUNICIPAL_SETTINGS
    template_name = "plainlanguage/template_list.html"
    form_class = LetterTemplateForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["templates"] = queries.template_list(municipality=self.request.user.municipality)
        context["fields"] = outreach.FIELDS
        return context

    def form_valid(self, form):
        try:
            template = services.template_create(actor=self.request.user, **form.cleaned_data)
        except services.TemplateNotB1Error as exc:
            form.add_error("core_text", str(exc))
            return self.render_to_response(
                self.get_context_data(form=form, **_check_context(exc.check)), status=400
            )
        except services.PlainLanguageInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        if template.is_active:
            messages.success(self.request, _("Het sjabloon is opgeslagen en actief."))
        else:
            messages.success(self.request, _("Het sjabloon is opgeslagen. Het is nog niet actief."))
        return redirect("plainlanguage:template-detail", pk=template.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TemplateMixin(PermissionRequiredMixin):
    permission = Permission.MUNICIPAL_SETTINGS

    def dispatch(self, request, *args, **kwargs):
        self.letter_template = None
        if request.user.is_authenticated and getattr(request.user, "municipality", None):
            self.letter_template = queries.template_get(
                municipality=request.user.municipality, pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def template_or_404(self):
        if self.letter_template is None:
            raise Http404
        return self.letter_template


class TemplateDetailView(TemplateMixin, FormView):
    """One template: the check of its latest text, a form for a new version, and its history."""

    template_name = "plainlanguage/template_detail.html"

    def get_form(self, form_class=None):
        return LetterTemplateForm(with_identity=False, **self.get_form_kwargs())

    def get(self, request, *args, **kwargs):
        self.template_or_404()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.template_or_404()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        latest = queries.template_versions(self.letter_template).first()
        if latest is None:
            return {}
        return {"core_text": latest.core_text, "back_text": latest.back_text}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = self.letter_template
        versions = list(queries.template_versions(template))
        context.update(letter_template=template, versions=versions, fields=outreach.FIELDS)
        if "checked" not in context and versions:
            latest = versions[0]
            context.update(
                _check_context(
                    outreach.check_template(
                        latest.core_text,
                        latest.back_text,
                        extra_jargon=queries.extra_jargon_for(self.request.user),
                    )
                )
            )
            context["checked_version"] = latest
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            version = services.template_version_save(
                actor=self.request.user,
                template=self.letter_template,
                core_text=data["core_text"],
                back_text=data["back_text"],
                note=data["note"],
                activate=data["activate"],
            )
        except services.TemplateNotB1Error as exc:
            form.add_error("core_text", str(exc))
            return self.render_to_response(
                self.get_context_data(form=form, **_check_context(exc.check)), status=400
            )
        except services.PlainLanguageInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        if data["activate"]:
            message = _("Versie %(n)s is opgeslagen en actief.")
        else:
            message = _("Versie %(n)s is opgeslagen.")
        messages.success(self.request, message % {"n": version.number})
        return redirect("plainlanguage:template-detail", pk=self.letter_template.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TemplateActivateView(TemplateMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        template = self.template_or_404()
        try:
            version_id = int(request.POST.get("version", ""))
        except ValueError:
            version_id = 0
        try:
            services.template_activate(actor=request.user, template=template, version_id=version_id)
        except services.PlainLanguageInputError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Het sjabloon is actief."))
        return redirect("plainlanguage:template-detail", pk=template.pk)


class TemplateDeactivateView(TemplateMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        template = self.template_or_404()
        services.template_deactivate(actor=request.user, template=template)
        messages.success(
            request, _("Het sjabloon staat uit. Medewerkers kunnen er geen brief mee maken.")
        )
        return redirect("plainlanguage:template-detail", pk=template.pk)
